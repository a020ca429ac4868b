package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A schema's non-superuser owner uses the library on its own tables, and not on another's. */
@CitusTest
class LibraryPermissionsIT {

  @BeforeAll
  static void install(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
  }

  @Test
  void ownersUseTheLibraryOnTheirOwnTablesOnly(CitusCluster cluster) throws Exception {
    String alice = TestNames.unique("alice");
    String bob = TestNames.unique("bob");
    String password = "pw-" + TestNames.unique("x");
    try (Db admin = Db.connect(cluster)) {
      for (String role : new String[] {alice, bob}) {
        admin.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        admin.exec("CREATE SCHEMA " + role + " AUTHORIZATION " + role);
      }
    }
    String aliceTenant = alice + " tenant";
    try (Db a = Db.as(cluster, alice, password)) {
      a.exec("CREATE TABLE " + alice + ".orders (id bigint PRIMARY KEY)");
      a.exec("CREATE TABLE " + alice + ".items (id bigint PRIMARY KEY)");
      a.exec(
          "SELECT citus_ext.create_single_shard_table(?::regclass, ?)",
          alice + ".orders",
          aliceTenant);
      a.exec("SELECT citus_ext.create_single_shard_table(?::regclass)", alice + ".items");
      // The owner may move its own tables (a shard move) and re-colocate them.
      a.exec(
          "SELECT citus_ext.colocate_with_tenant(?::regclass, ?, 'block_writes')",
          alice + ".items",
          aliceTenant);
      assertEquals(2L, a.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", aliceTenant));
      Integer node = a.one("SELECT node_port FROM citus_ext.tenant_node(?)", aliceTenant);
      Integer other =
          a.one(
              "SELECT node_port FROM citus_ext._shard_nodes() WHERE node_port <> ? LIMIT 1", node);
      a.exec("SELECT citus_ext.move_tenant(?, '127.0.0.1', ?, 'block_writes')", aliceTenant, other);
      assertEquals(other, a.one("SELECT node_port FROM citus_ext.tenant_node(?)", aliceTenant));
    }
    try (Db b = Db.as(cluster, bob, password)) {
      b.exec("CREATE TABLE " + bob + ".notes (id bigint PRIMARY KEY)");
      String joinOthersTenant =
          b.error(
              "SELECT citus_ext.create_single_shard_table(?::regclass, ?)",
              bob + ".notes",
              aliceTenant);
      assertTrue(
          joinOthersTenant.contains(
              "tenant '" + aliceTenant + "' belongs to role " + alice + ", not to " + bob),
          joinOthersTenant);
      String moveOthersTenant =
          b.error("SELECT citus_ext.move_tenant(?, '127.0.0.1', 1)", aliceTenant);
      assertTrue(moveOthersTenant.contains("belongs to role " + alice), moveOthersTenant);
      String touchOthersTable =
          b.error(
              "SELECT citus_ext.colocate_with_tenant(?::regclass, ?, 'block_writes')",
              alice + ".orders",
              bob + " t");
      assertTrue(
          touchOthersTable.contains("permission denied")
              || touchOthersTable.contains("must be owner"),
          touchOthersTable);
      // Row-level security: another role's tenant rows are invisible to UPDATE and DELETE.
      b.exec("UPDATE citus_ext.tenant SET colocation_id = 0 WHERE tenant_id = ?", aliceTenant);
      b.exec("DELETE FROM citus_ext.tenant WHERE tenant_id = ?", aliceTenant);
    }
    try (Db admin = Db.connect(cluster)) {
      assertEquals(
          2L, admin.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", aliceTenant));
      assertEquals(
          alice,
          admin.one("SELECT owner::text FROM citus_ext.tenant WHERE tenant_id = ?", aliceTenant));
    }
  }
}
