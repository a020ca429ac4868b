package io.github.liquibasecitus.flyway;

import java.lang.reflect.Proxy;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Boot: with Flyway and this jar on the classpath, the citus_ext library is installed or
 * upgraded before migrations, nothing to configure. Spring Boot's Flyway auto-configuration hands
 * every {@link Callback} bean to Flyway; this one adds the citus_ext callback.
 *
 * <p>The bean is a proxy of the {@code Callback} interface of the Flyway on the classpath, not a
 * {@link CitusExtCallback}: Flyway 11.x made {@code Callback} generic, so a class compiled against
 * a newer Flyway carries methods that name {@code CallbackEvent}, which Spring's introspection
 * cannot load where Spring Boot manages an older Flyway (Boot 3.5 has 11.7). The proxy has the
 * methods of whichever {@code Callback} there is.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
    })
@ConditionalOnClass(name = "org.flywaydb.core.Flyway")
public class CitusFlywayAutoConfiguration {
  /**
   * The bean's name; define a bean of this name to replace the callback, or set {@code
   * citus.flyway.enabled=false} to go without it.
   */
  public static final String BEAN = "citusExtCallback";

  @Bean(name = BEAN)
  @ConditionalOnMissingBean(name = BEAN)
  public Callback citusExtCallback(Environment environment) {
    // Read here, true or false only: a condition would take a mistyped value as false.
    boolean enabled = CitusExtCallback.enabled(environment.getProperty(CitusExtCallback.ENABLED));
    CitusExtCallback callback = new CitusExtCallback();
    return (Callback)
        Proxy.newProxyInstance(
            Callback.class.getClassLoader(),
            new Class<?>[] {Callback.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "supports" -> enabled && callback.supports((Event) args[0], null);
                  case "canHandleInTransaction" -> true;
                  case "handle" -> {
                    callback.handle((Event) args[0], (Context) args[1]);
                    yield null;
                  }
                  case "getCallbackName" -> "citus_ext";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "citus_ext callback";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
