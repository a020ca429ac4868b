package com.example.tenants;

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
class TenantsApplicationTest {

  @Test
  void startupMigratesOnCitusAndATenantsRowsAreWrittenAndRead(CitusCluster cluster) {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(TenantsApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                Map.of(
                    "spring.datasource.url", cluster.jdbcUrl(),
                    "spring.datasource.username", cluster.username(),
                    "spring.datasource.password", cluster.password()))
            .run()) {
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      // Placement, from the catalogs: each tenant's tables on one node, in one group.
      for (String tenant : List.of("acme", "globex")) {
        assertEquals(
            1,
            jdbc.queryForObject(
                "SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables(?)",
                Integer.class,
                tenant));
      }
      assertEquals(
          2,
          jdbc.queryForObject(
              "SELECT count(*) FROM citus_ext.tenant_tables('acme')", Integer.class));

      Orders orders = app.getBean(Orders.class);
      orders.place("acme", 1, new BigDecimal("12.50"));
      orders.place("acme", 2, new BigDecimal("7.00"));
      assertEquals(List.of(new BigDecimal("12.50"), new BigDecimal("7.00")), orders.totals("acme"));
      assertEquals(List.of(), orders.totals("globex"));
    }
  }
}
