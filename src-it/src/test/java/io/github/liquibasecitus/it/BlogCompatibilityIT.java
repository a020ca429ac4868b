package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
