package io.github.liquibasecitus.flyway;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot: with Flyway and this jar on the classpath, the citus_ext library is installed or
 * upgraded before migrations, nothing to configure. Spring Boot's Flyway auto-configuration hands
 * every {@code Callback} bean to Flyway; this one adds {@link CitusExtCallback}.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
    })
@ConditionalOnClass(name = "org.flywaydb.core.Flyway")
public class CitusFlywayAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public CitusExtCallback citusExtCallback() {
    return new CitusExtCallback();
  }
}
