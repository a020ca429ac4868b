package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every change type forward, back and forward again, from XML and from YAML. */
@CitusTest
class ChangeTypesIT {

  private static List<List<Object>> kinds(Db db, String app) throws Exception {
    return db.rows(
        "SELECT c.relname::text, citus_ext.table_kind(c.oid) FROM pg_class c"
            + " WHERE c.relnamespace = to_regnamespace(?) AND c.relkind = 'r' ORDER BY 1",
        app);
  }

  @ParameterizedTest
  @ValueSource(strings = {"all-changes.xml", "all-changes.yaml", "all-changes.json"})
  void updateRollbackUpdate(String file, CitusCluster cluster) throws Exception {
    String app = TestNames.unique("app");
    String svc = TestNames.unique("svc");
    String tenant = "tenant '" + app + "'";
    LiquibaseRun run =
        LiquibaseRun.of(cluster, "liquibase-citus-ext/src/test/resources/changelogs/" + file)
            .param("app", app)
            .param("svc", svc)
            .param("tenant", tenant);

    run.update();
    List<List<Object>> applied =
        List.of(
            List.of("countries", "reference"),
            List.of("events", "hash"),
            List.of("invoices", "single_shard"),
            List.of("legacy", "single_shard"),
            List.of("notes", "local"),
            List.of("orders", "single_shard"));
    try (Db db = Db.connect(cluster)) {
      assertEquals(applied, kinds(db, app));
      assertTrue(db.<Boolean>one("SELECT citus_ext.is_distributed_schema(?::regnamespace)", svc));
      assertEquals(
          8L,
          db.<Long>one(
              "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = ?::regclass",
              app + ".events"));
      assertEquals(3L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", tenant));
      assertEquals(
          1L,
          db.<Long>one("SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables(?)", tenant));

      // Running it again applies nothing.
      long ran =
          db.<Long>one(
              "SELECT count(*) FROM " + run.changelogTable() + " WHERE filename LIKE ?",
              "%" + file);
      run.update();
      assertEquals(
          ran,
          db.<Long>one(
              "SELECT count(*) FROM " + run.changelogTable() + " WHERE filename LIKE ?",
              "%" + file));

      // Back to before the distribution: every table regular again, the schema undistributed.
      run.rollbackCount(4);
      assertEquals(
          List.of(
              List.of("countries", "local"),
              List.of("events", "local"),
              List.of("invoices", "local"),
              List.of("legacy", "local"),
              List.of("notes", "local"),
              List.of("orders", "local")),
          kinds(db, app));
      assertTrue(!db.<Boolean>one("SELECT citus_ext.is_distributed_schema(?::regnamespace)", svc));

      run.update();
      assertEquals(applied, kinds(db, app));
      assertEquals(
          1L,
          db.<Long>one("SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables(?)", tenant));
    }
  }
}
