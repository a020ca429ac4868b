package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multi-tenant example: each tenant's tables of different shapes on one node, one group. */
@CitusTest
class MultiTenantExampleIT {

  @Test
  void eachTenantsTablesLiveTogether(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("tenant_data");
    LiquibaseRun run =
        LiquibaseRun.of(cluster, "examples/multi-tenant/db/tenants.xml")
            .param("schema", schema)
            .param("acme", schema + " acme")
            .param("globex", schema + " globex")
            .param("initech", schema + " initech");
    run.update();
    run.update();
    try (Db db = Db.connect(cluster)) {
      List<List<Object>> tenants =
          db.rows(
              "SELECT tenant_id, table_count, (SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables(t.tenant_id))"
                  + " FROM citus_ext.tenants() t WHERE tenant_id LIKE ? ORDER BY 1",
              schema + " %");
      assertEquals(
          List.of(
              List.of(schema + " acme", 3L, 1L),
              List.of(schema + " globex", 2L, 1L),
              List.of(schema + " initech", 1L, 1L)),
          tenants);

      run.rollbackCount(100);
      assertEquals(0L, db.<Long>one("SELECT count(*) FROM pg_namespace WHERE nspname = ?", schema));
      run.update();
      assertEquals(
          6L,
          db.<Long>one(
              "SELECT count(*) FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid WHERE c.relnamespace = ?::regnamespace",
              schema));
    }
  }
}
