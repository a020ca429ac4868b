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

/** Schema distribution, table kinds and the idempotent table DDL of citus_ext. */
@CitusTest
class SchemaAndTableLibraryIT {

  @BeforeAll
  static void install(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
  }

  @Test
  void distributingASchemaTwiceIsANoOpAndUndistributingToo(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("svc");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      db.exec("CREATE TABLE " + schema + ".before_distribution (id int PRIMARY KEY)");
      assertTrue(db.<Boolean>one("SELECT citus_ext.distribute_schema(?::regnamespace)", schema));
      assertFalse(db.<Boolean>one("SELECT citus_ext.distribute_schema(?::regnamespace)", schema));
      assertTrue(
          db.<Boolean>one("SELECT citus_ext.is_distributed_schema(?::regnamespace)", schema));
      db.exec("CREATE TABLE " + schema + ".after_distribution (id int PRIMARY KEY)");
      assertEquals(
          "schema",
          db.one("SELECT citus_ext.table_kind(?::regclass)", schema + ".before_distribution"));
      assertEquals(
          "schema",
          db.one("SELECT citus_ext.table_kind(?::regclass)", schema + ".after_distribution"));
      List<List<Object>> listed =
          db.rows(
              "SELECT table_count, node_port IS NOT NULL FROM citus_ext.distributed_schemas() WHERE schema_name = ?::regnamespace",
              schema);
      assertEquals(List.of(List.of(2L, true)), listed);

      assertTrue(db.<Boolean>one("SELECT citus_ext.undistribute_schema(?::regnamespace)", schema));
      assertFalse(db.<Boolean>one("SELECT citus_ext.undistribute_schema(?::regnamespace)", schema));
      assertEquals(
          "local",
          db.one("SELECT citus_ext.table_kind(?::regclass)", schema + ".after_distribution"));
    }
  }

  @Test
  void refusalsSayWhatToDo(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("mixed");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      db.exec("CREATE TABLE " + schema + ".countries (code text PRIMARY KEY)");
      db.exec("SELECT citus_ext.create_reference_table(?::regclass)", schema + ".countries");
      String refused = db.error("SELECT citus_ext.distribute_schema(?::regnamespace)", schema);
      assertTrue(
          refused.contains(
              "schema "
                  + schema
                  + " has reference table "
                  + schema
                  + ".countries, which Citus cannot put in a distributed schema"),
          refused);
      assertTrue(
          refused.contains(
              "Move "
                  + schema
                  + ".countries out of the schema (ALTER TABLE ... SET SCHEMA) or undistribute it"),
          refused);
      String publicRefused = db.error("SELECT citus_ext.distribute_schema('public'::regnamespace)");
      assertTrue(
          publicRefused.contains("Citus cannot distribute the public schema"), publicRefused);
      String tooOld = db.error("SELECT citus_ext._require_citus('99.0', 'Time travel')");
      assertTrue(
          tooOld.contains("Time travel needs Citus 99.0 or newer; this database has Citus 1"),
          tooOld);
      String notSingleShard =
          db.error(
              "SELECT citus_ext.colocate_with_tenant(?::regclass, 't')", schema + ".countries");
      assertTrue(
          notSingleShard.contains("is a reference table, not a single-shard table"),
          notSingleShard);
      db.exec("CREATE TABLE " + schema + ".plain (id int)");
      String notDistributed =
          db.error("SELECT citus_ext.move_tenant('nobody', 'x', 1, 'teleport')");
      assertTrue(
          notDistributed.contains(
              "transfer mode 'teleport' is not one of auto, force_logical, block_writes"),
          notDistributed);
      String local = db.error("SELECT citus_ext.place_table(?::regclass)", schema + ".plain");
      assertTrue(local.contains("table " + schema + ".plain is not distributed"), local);
    }
  }

  @Test
  void tableKindsAndIdempotentTableDdl(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("kinds");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      db.exec("CREATE TABLE " + schema + ".h (id int, tenant int, PRIMARY KEY (tenant, id))");
      for (String t : List.of("r", "s", "l", "c")) {
        db.exec("CREATE TABLE " + schema + "." + t + " (id int PRIMARY KEY, tenant int)");
      }
      for (int twice = 0; twice < 2; twice++) {
        db.exec(
            "SELECT citus_ext.create_distributed_table(?::regclass, 'tenant', shard_count => 4)",
            schema + ".h");
        db.exec("SELECT citus_ext.create_reference_table(?::regclass)", schema + ".r");
        db.exec("SELECT citus_ext.create_single_shard_table(?::regclass)", schema + ".s");
      }
      db.exec("SELECT citus_add_local_table_to_metadata(?::regclass)", schema + ".c");
      assertEquals(
          List.of(
              List.of("c", "citus_local"),
              List.of("h", "hash"),
              List.of("l", "local"),
              List.of("r", "reference"),
              List.of("s", "single_shard")),
          db.rows(
              "SELECT c.relname::text, citus_ext.table_kind(c.oid) FROM pg_class c WHERE c.relnamespace = ?::regnamespace AND c.relkind = 'r' ORDER BY 1",
              schema));

      // A Citus local table (as Citus makes one that references a new reference table) becomes
      // a reference table as it is: citus:advise's changelogs rely on it.
      db.exec("SELECT citus_ext.create_reference_table(?::regclass)", schema + ".c");
      assertEquals(
          "reference", db.<String>one("SELECT citus_ext.table_kind(?::regclass)", schema + ".c"));

      String wrongColumn =
          db.error("SELECT citus_ext.create_distributed_table(?::regclass, 'id')", schema + ".h");
      assertTrue(
          wrongColumn.contains("already is a hash table distributed by tenant"), wrongColumn);

      db.exec(
          "SELECT citus_ext.alter_distributed_table(?::regclass, shard_count => 4)", schema + ".h");
      db.exec(
          "SELECT citus_ext.alter_distributed_table(?::regclass, shard_count => 8)", schema + ".h");
      assertEquals(
          8L,
          db.<Long>one(
              "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = ?::regclass",
              schema + ".h"));

      for (int twice = 0; twice < 2; twice++) {
        db.exec("SELECT citus_ext.undistribute_table(?::regclass)", schema + ".h");
        db.exec("SELECT citus_ext.undistribute_table(?::regclass)", schema + ".r");
      }
      assertEquals("local", db.one("SELECT citus_ext.table_kind(?::regclass)", schema + ".h"));
      assertEquals("local", db.one("SELECT citus_ext.table_kind(?::regclass)", schema + ".r"));
    }
  }
}
