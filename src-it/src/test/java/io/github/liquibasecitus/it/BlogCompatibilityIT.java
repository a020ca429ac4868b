package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blog post's function names in citus_ext: same calls, correct results. */
@CitusTest
class BlogCompatibilityIT {

  @BeforeAll
  static void install(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
  }

  @Test
  void thePostsFlowWorksAndAnswersCorrectly(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("blog");
    String tid = "f1741e9e-fbbb-41f3-9160-77109a073f75-" + schema;
    try (Db db = Db.connect(cluster)) {
      db.exec("CALL citus_ext.init_tid_mark()");
      db.exec("CREATE SCHEMA " + schema);
      db.exec("CREATE TABLE " + schema + ".test (f1 text, f2 int, f3 int)");
      db.exec("CREATE TABLE " + schema + ".other (f1 text PRIMARY KEY)");
      db.exec("SELECT citus_ext.create_single_shard_distributed_table(?)", schema + ".test");
      db.exec("SELECT citus_ext.create_single_shard_distributed_table(?)", schema + ".other");
      assertTrue(db.<Boolean>one("SELECT citus_ext.is_single_shard_table(?)", schema + ".test"));
      assertFalse(
          db.<Boolean>one(
              "SELECT citus_ext.is_single_shard_table_colocated(?, ?)", schema + ".test", tid));

      // Strategy A: the tenant's first table founds its group; the next one joins it.
      db.exec("SELECT citus_ext.colocate_single_shard_table(?, ?)", schema + ".other", tid);
      db.exec(
          "SELECT citus_ext.colocate_single_shard_table(?, ?) FROM (SELECT 1) x",
          schema + ".test",
          tid);
      assertTrue(
          db.<Boolean>one(
              "SELECT citus_ext.is_single_shard_table_colocated(?, ?)", schema + ".test", tid),
          "true when the table IS with its tenant (the post returned the opposite)");
      // The one-argument form the post documents: reports the placement of a table with its tenant.
      assertEquals(
          db.<Integer>one("SELECT node_port FROM citus_ext.tenant_node(?)", tid),
          db.<Integer>one(
              "SELECT node_port FROM citus_ext.colocate_single_shard_table(?)", schema + ".test"));

      // Strategy B: random placement, for a table of no tenant.
      db.exec("CREATE TABLE " + schema + ".loner (id int PRIMARY KEY)");
      db.exec("SELECT citus_ext.create_single_shard_distributed_table(?)", schema + ".loner");
      db.exec("SELECT citus_ext.randomly_single_shard_table(?)", schema + ".loner");
      String noTenant =
          db.error("SELECT citus_ext.colocate_single_shard_table(?)", schema + ".loner");
      assertTrue(noTenant.contains("belongs to no tenant"), noTenant);
      assertTrue(noTenant.contains("Pass the tenant id"), noTenant);

      // A one-shard hash table counts as single-shard; a reference table does not.
      db.exec("CREATE TABLE " + schema + ".onehash (id int)");
      db.exec("SELECT create_distributed_table(?, 'id', shard_count => 1)", schema + ".onehash");
      assertTrue(db.<Boolean>one("SELECT citus_ext.is_single_shard_table(?)", schema + ".onehash"));
      db.exec("CREATE TABLE " + schema + ".ref (id int PRIMARY KEY)");
      db.exec("SELECT create_reference_table(?)", schema + ".ref");
      assertFalse(db.<Boolean>one("SELECT citus_ext.is_single_shard_table(?)", schema + ".ref"));
    }
  }

  /** Each tenant's tables in one colocation group on one node, the rows kept. */
  private static void assertTenantsWhole(Db db, String schema, List<String> tenants)
      throws Exception {
    for (String tenant : tenants) {
      assertEquals(
          3L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", tenant), tenant);
      assertEquals(
          1L,
          db.<Long>one("SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables(?)", tenant));
      assertEquals(
          1L,
          db.<Long>one(
              "SELECT count(DISTINCT p.colocationid) FROM citus_ext.tenant_tables(?) t"
                  + " JOIN pg_dist_partition p ON p.logicalrelid = t.table_name",
              tenant));
    }
    assertEquals(2L * tenants.size(), db.<Long>one("SELECT count(*) FROM " + schema + ".events"));
  }

  @Test
  void thePostsCallsInOneTransaction(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("blogtx");
    List<String> tenants = List.of(schema + "-a", schema + "-b");
    try (Db db = Db.connect(cluster)) {
      db.connection().setAutoCommit(false);
      db.exec("CREATE SCHEMA " + schema);
      db.exec("CREATE TABLE " + schema + ".events (tenant text, n int)");
      db.exec("SELECT citus_ext.create_single_shard_distributed_table(?)", schema + ".events");
      for (String tenant : tenants) {
        String prefix = schema + "." + tenant.substring(tenant.length() - 1) + "_";
        // The post's sequence: create a table, make it single-shard, colocate it by tenant id.
        for (String shape :
            List.of(
                "t1 (id int PRIMARY KEY DEFAULT 1)", "t2 (k text, v jsonb)", "t3 (a int, b int)")) {
          db.exec("CREATE TABLE " + prefix + shape);
          String table = prefix + shape.substring(0, 2);
          db.exec("INSERT INTO " + table + " DEFAULT VALUES");
          db.exec("SELECT citus_ext.create_single_shard_distributed_table(?)", table);
          db.exec("SELECT citus_ext.colocate_single_shard_table(?, ?)", table, tenant);
        }
        db.exec("INSERT INTO " + schema + ".events VALUES (?, 1), (?, 2)", tenant, tenant);
      }
      db.connection().commit();
      db.connection().setAutoCommit(true);
      assertTenantsWhole(db, schema, tenants);
      for (String tenant : tenants) {
        assertEquals(
            3L,
            db.<Long>one(
                "SELECT sum((xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c"
                    + " FROM %s', t.table_name), false, true, '')))[1]::text::bigint)::bigint"
                    + " FROM citus_ext.tenant_tables(?) t",
                tenant),
            "each table kept its row");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"per-tenant", "per-table"})
  void thePostsCallsThroughLiquibase(String granularity, CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("blogcs");
    List<String> tenants = List.of(schema + "-a", schema + "-b");
    LiquibaseRun.of(
            cluster, "src-it/src/test/resources/changelogs/blog-flow-" + granularity + ".xml")
        .param("schema", schema)
        .param("a", tenants.get(0))
        .param("b", tenants.get(1))
        .update();
    try (Db db = Db.connect(cluster)) {
      assertTenantsWhole(db, schema, tenants);
    }
  }
}
