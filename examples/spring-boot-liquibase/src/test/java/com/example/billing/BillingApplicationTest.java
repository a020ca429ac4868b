package com.example.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The service started against a real Citus cluster: a coordinator and two workers. */
@CitusTest
class BillingApplicationTest {

  @Test
  void startupRunsTheChangelogOnCitusAndATenantsRowsAreWrittenAndRead(CitusCluster cluster) {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(BillingApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                Map.of(
                    "spring.datasource.url", cluster.jdbcUrl(),
                    "spring.datasource.username", cluster.username(),
                    "spring.datasource.password", cluster.password()))
            .run()) {
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      // Placement, from the catalogs.
      assertEquals(
          1,
          jdbc.queryForObject(
              "SELECT count(*) FROM pg_dist_schema WHERE schemaid = 'billing'::regnamespace",
              Integer.class),
          "billing is a distributed schema");
      for (String tenant : List.of("acme", "globex")) {
        assertEquals(
            1,
            jdbc.queryForObject(
                "SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables(?)",
                Integer.class,
                tenant),
            tenant + "'s tables on one node");
      }

      Invoices invoices = app.getBean(Invoices.class);
      invoices.issue("acme", 1, new BigDecimal("99.00"));
      assertEquals(List.of(new BigDecimal("99.00")), invoices.amounts("acme"));
      assertEquals(List.of(), invoices.amounts("globex"));
    }
  }
}
