package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.sql.SqlText;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tenant functions of citus_ext on a real cluster. */
@CitusTest
class TenantLibraryIT {
  private static final String[] SHAPES = {
    "(id bigint PRIMARY KEY, payload jsonb)",
    "(k text PRIMARY KEY, n integer, at timestamptz DEFAULT now())",
    "(a integer, b integer, note text, PRIMARY KEY (a, b))",
  };

  @BeforeAll
  static void install(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
  }

  static void createTable(Db db, String schema, String table, String columns) throws Exception {
    db.exec(
        "CREATE TABLE "
            + SqlText.quoteIdentifier(schema)
            + "."
            + SqlText.quoteIdentifier(table)
            + " "
            + columns);
  }

  /**
   * Per tenant (from the table name prefix): distinct colocation groups, distinct nodes, tables.
   */
  static List<List<Object>> placementByTenant(Db db, String schema) throws Exception {
    return db.rows(
        """
        SELECT split_part(c.relname, '_', 1) AS tenant, count(DISTINCT p.colocationid),
               count(DISTINCT pl.groupid), count(*), min(pl.groupid)
          FROM pg_class c
          JOIN pg_dist_partition p ON p.logicalrelid = c.oid
          JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid
          JOIN pg_dist_placement pl ON pl.shardid = sh.shardid
         WHERE c.relnamespace = ?::regnamespace
         GROUP BY 1 ORDER BY 1
        """,
        schema);
  }

  @Test
  void sixTenantsOfTenTablesEachLiveTogetherSpreadOverWorkersAndStayWholeAfterScaleOut(
      CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("tenants");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      for (int tenant = 1; tenant <= 6; tenant++) {
        for (int j = 1; j <= 10; j++) {
          String table = "t" + tenant + "_" + j;
          createTable(db, schema, table, SHAPES[j % SHAPES.length]);
          db.exec(
              "SELECT citus_ext.create_single_shard_table(format('%I.%I', ?, ?)::regclass, ?)",
              schema, table, schema + " tenant " + tenant);
        }
      }
      List<List<Object>> before = placementByTenant(db, schema);
      assertEquals(6, before.size());
      Set<Object> nodes = new HashSet<>();
      for (List<Object> row : before) {
        assertEquals(1L, row.get(1), "one colocation group for " + row.get(0));
        assertEquals(1L, row.get(2), "one node for " + row.get(0));
        assertEquals(10L, row.get(3));
        nodes.add(row.get(4));
      }
      assertTrue(nodes.size() >= 2, "tenants should be spread over both workers, were on " + nodes);
      assertEquals(
          6L,
          db.<Long>one(
              "SELECT count(DISTINCT colocation_id) FROM citus_ext.tenants() WHERE tenant_id LIKE ? || ' tenant %'",
              schema));
      // The registry agrees with the catalogs.
      assertEquals(
          10L,
          db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", schema + " tenant 3"));

      assumeTrue(cluster.addWorker(), "this cluster cannot add a worker");
      long job =
          db.<Long>one(
              "SELECT citus_rebalance_start(rebalance_strategy => 'by_shard_count', shard_transfer_mode => 'block_writes')");
      waitForJob(db, job);
      List<List<Object>> after = placementByTenant(db, schema);
      Set<Object> nodesAfter = new HashSet<>();
      for (List<Object> row : after) {
        assertEquals(1L, row.get(1), "still one colocation group for " + row.get(0));
        assertEquals(1L, row.get(2), "still one node for " + row.get(0));
        nodesAfter.add(row.get(4));
      }
      assertTrue(
          db.<Long>one("SELECT count(*) FROM pg_dist_background_task WHERE job_id = ?", job) > 0,
          "the rebalancer should have moved shard groups onto the new worker");
      assertTrue(nodesAfter.size() >= 2);
    }
  }

  /**
   * 8 tenants of 4 tables each, created through the library's call, through the blog post's
   * create-then-colocate in one transaction per table, and in two: whichever call makes a tenant,
   * new tenants go to the node with the fewest tenants, so the workers hold 4 and 4. (Citus alone
   * places a new group by its colocation id; the blog's flow uses up an even number of ids per
   * tenant and put all 32 tables on one worker.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"library", "blog, one transaction", "blog, two transactions"})
  void newTenantsSpreadEvenlyWhicheverCallCreatesThem(String flow, CitusCluster cluster)
      throws Exception {
    try (CitusCluster scratch = cluster.newDatabase(TestNames.unique("spread")).orElse(null);
        Db db = scratch == null ? null : Db.connect(scratch)) {
      assumeTrue(scratch != null, "this cluster cannot create databases on its workers");
      Db.installLibrary(scratch);
      db.exec("CREATE SCHEMA app");
      for (int tenant = 1; tenant <= 8; tenant++) {
        for (int j = 1; j <= 4; j++) {
          String table = "app.t" + tenant + "_" + j;
          String id = "tenant " + tenant;
          switch (flow) {
            case "library" -> {
              db.exec("CREATE TABLE " + table + " (id bigint PRIMARY KEY, v text)");
              db.exec("SELECT citus_ext.create_single_shard_table(?::regclass, ?)", table, id);
            }
            case "blog, one transaction" -> {
              db.connection().setAutoCommit(false);
              db.exec("CREATE TABLE " + table + " (id bigint PRIMARY KEY, v text)");
              db.exec("SELECT citus_ext.create_single_shard_distributed_table(?)", table);
              db.exec("SELECT citus_ext.colocate_single_shard_table(?, ?)", table, id);
              db.connection().commit();
              db.connection().setAutoCommit(true);
            }
            default -> {
              db.exec("CREATE TABLE " + table + " (id bigint PRIMARY KEY, v text)");
              db.exec("SELECT citus_ext.create_single_shard_distributed_table(?)", table);
              db.exec("SELECT citus_ext.colocate_single_shard_table(?, ?)", table, id);
            }
          }
        }
      }
      List<List<Object>> tenants = placementByTenant(db, "app");
      assertEquals(8, tenants.size(), tenants.toString());
      java.util.Map<Object, Integer> perNode = new java.util.HashMap<>();
      for (List<Object> row : tenants) {
        assertEquals(1L, row.get(1), "one colocation group for " + row);
        assertEquals(1L, row.get(2), "one node for " + row);
        assertEquals(4L, row.get(3), "four tables for " + row);
        perNode.merge(row.get(4), 1, Integer::sum);
      }
      assertEquals(2, perNode.size(), "both workers hold tenants: " + perNode);
      int most = perNode.values().stream().max(Integer::compare).orElseThrow();
      int fewest = perNode.values().stream().min(Integer::compare).orElseThrow();
      assertTrue(most - fewest <= 1, flow + ": tenants per node " + perNode);
    }
  }

  /** Waits for the job to end; citus_job_wait returns on failure too, so read the state. */
  static void waitForJob(Db db, long job) throws Exception {
    db.exec("SET statement_timeout = '2min'");
    db.exec("SELECT citus_job_wait(?)", job);
    db.exec("RESET statement_timeout");
    assertEquals(
        "finished",
        db.one("SELECT state::text FROM pg_dist_background_job WHERE job_id = ?", job),
        "rebalance job " + job);
  }

  @Test
  void tenantGroupSurvivesDroppingItsFirstTable(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("survive");
    String tenant = schema + "-acme";
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      for (String t : List.of("first", "second", "third")) {
        createTable(db, schema, t, SHAPES[0]);
        db.exec(
            "SELECT citus_ext.create_single_shard_table(format('%I.%I', ?, ?)::regclass, ?)",
            schema, t, tenant);
      }
      Integer group =
          db.one("SELECT colocation_id FROM citus_ext.tenant WHERE tenant_id = ?", tenant);
      db.exec("DROP TABLE " + schema + ".first");
      createTable(db, schema, "fourth", SHAPES[1]);
      db.exec(
          "SELECT citus_ext.create_single_shard_table(format('%I.%I', ?, ?)::regclass, ?)",
          schema, "fourth", tenant);
      assertEquals(
          group,
          db.one(
              "SELECT colocation_id FROM citus_ext.shard_placement(?::regclass)",
              schema + ".fourth"));
      assertEquals(3L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", tenant));
    }
  }

  @Test
  void hostileTenantIdsAndTableNamesWorkAndInjectNothing(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("hostile");
    List<String> tenants =
        List.of(
            "O'Brien",
            "a;b'); DROP TABLE sentinel; --",
            "$$ dollar $$",
            "ünïcødé ✓ 租户",
            "\"quoted\" \\backslash",
            "x".repeat(250));
    String longName = "n".repeat(63);
    List<String> tables =
        List.of(
            "'); DROP TABLE sentinel; --",
            "$$",
            "Ünï \"qu\"ote",
            longName,
            "semi;colon",
            "back\\slash");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      createTable(db, schema, "sentinel", "(id int)");
      for (int i = 0; i < tenants.size(); i++) {
        createTable(db, schema, tables.get(i), SHAPES[i % SHAPES.length]);
        db.exec(
            "SELECT citus_ext.create_single_shard_table(format('%I.%I', ?, ?)::regclass, ?)",
            schema, tables.get(i), tenants.get(i));
        assertTrue(
            db.<Boolean>one(
                "SELECT citus_ext.is_colocated_with_tenant(format('%I.%I', ?, ?)::regclass, ?)",
                schema, tables.get(i), tenants.get(i)));
        assertEquals(
            tenants.get(i),
            db.one("SELECT tenant_id FROM citus_ext.tenant WHERE tenant_id = ?", tenants.get(i)));
      }
      assertEquals(
          longName, db.one("SELECT relname::text FROM pg_class WHERE relname = ?", longName));
      assertEquals(
          "local",
          db.one("SELECT citus_ext.table_kind(format('%I.%I', ?, 'sentinel')::regclass)", schema),
          "the sentinel table must still exist, untouched");
    }
  }

  @Test
  void existingTablesJoinTheirTenantWithDataKept(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("colo");
    String tenant = schema + "-t";
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      createTable(db, schema, "anchor", SHAPES[0]);
      db.exec(
          "SELECT citus_ext.create_single_shard_table(format('%I.%I', ?, 'anchor')::regclass, ?)",
          schema, tenant);
      Integer tenantPort = db.one("SELECT node_port FROM citus_ext.tenant_node(?)", tenant);
      Integer otherPort =
          db.one(
              "SELECT node_port FROM citus_ext._shard_nodes() WHERE node_port <> ? LIMIT 1",
              tenantPort);
      // Tables placed on their own, then all on the other worker, so joining the tenant needs
      // moves.
      for (String t : List.of("loose0", "loose1", "loose2", "loose3")) {
        createTable(db, schema, t, SHAPES[0]);
        db.exec(
            "INSERT INTO " + schema + "." + t + " SELECT g, '{}' FROM generate_series(1, 100) g");
      }
      createTable(db, schema, "nopk", "(id int, v text)");
      db.exec("INSERT INTO " + schema + ".nopk VALUES (1, 'x')");
      for (String t : List.of("loose0", "loose1", "loose2", "loose3", "nopk")) {
        db.exec(
            "SELECT citus_ext.create_single_shard_table(format('%I.%I', ?, ?)::regclass)",
            schema, t);
        db.exec(
            "SELECT citus_ext._move_group(format('%I.%I', ?, ?)::regclass, '127.0.0.1', ?, 'block_writes')",
            schema, t, otherPort);
      }
      String looseArray =
          "ARRAY(SELECT format('%I.%I', ?::text, 'loose' || g)::regclass FROM generate_series(1, 3) g)";

      // Online moves: Citus allows one per transaction, so several at once are refused up front.
      String several =
          db.error(
              "SELECT * FROM citus_ext.colocate_tables_with_tenant(" + looseArray + ", ?)",
              schema,
              tenant);
      assertTrue(several.contains("3 tables of tenant"), several);
      assertTrue(
          several.contains("Use transfer mode block_writes, or colocate one table per transaction"),
          several);
      // One online move in a transaction of its own works.
      assertEquals(
          tenantPort,
          db.one(
              "SELECT node_port FROM citus_ext.colocate_with_tenant(format('%I.loose0', ?)::regclass, ?)",
              schema, tenant));
      // In one transaction after other work, an online move is refused instead of hanging.
      db.connection().setAutoCommit(false);
      db.exec("CREATE TABLE " + schema + ".scratch (id int)");
      String afterWrites =
          db.error(
              "SELECT citus_ext.colocate_with_tenant(format('%I.loose1', ?)::regclass, ?)",
              schema, tenant);
      db.connection().setAutoCommit(true);
      assertTrue(
          afterWrites.contains("must run in a transaction of its own, before any other change"),
          afterWrites);

      List<List<Object>> joined =
          db.rows(
              "SELECT table_name::text, node_port FROM citus_ext.colocate_tables_with_tenant("
                  + looseArray
                  + ", ?, 'block_writes')",
              schema,
              tenant);
      assertEquals(3, joined.size());
      for (List<Object> row : joined) {
        assertEquals(tenantPort, row.get(1));
      }

      String refusal =
          db.error(
              "SELECT citus_ext.colocate_with_tenant(format('%I.nopk', ?)::regclass, ?)",
              schema, tenant);
      assertTrue(
          refusal.contains(
              "has no primary key or replica identity, so its shard cannot be moved online"),
          refusal);
      assertTrue(refusal.contains("use transfer mode block_writes"), refusal);
      db.exec(
          "SELECT citus_ext.colocate_with_tenant(format('%I.nopk', ?)::regclass, ?, 'block_writes')",
          schema, tenant);
      // Again: already there, a no-op.
      db.exec(
          "SELECT citus_ext.colocate_with_tenant(format('%I.nopk', ?)::regclass, ?, 'block_writes')",
          schema, tenant);

      assertEquals(6L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", tenant));
      assertEquals(
          1L,
          db.<Long>one("SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables(?)", tenant));
      assertEquals(100L, db.<Long>one("SELECT count(*) FROM " + schema + ".loose2"));
      assertEquals("x", db.one("SELECT v FROM " + schema + ".nopk"));
    }
  }

  @Test
  void moveTenantMovesAllItsTablesAndRefusesUnknownNodes(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("move");
    String tenant = schema + "-m";
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      for (int i = 0; i < 3; i++) {
        createTable(db, schema, "m" + i, SHAPES[i]);
        db.exec(
            "SELECT citus_ext.create_single_shard_table(format('%I.%I', ?, ?)::regclass, ?)",
            schema, "m" + i, tenant);
      }
      Integer from = db.one("SELECT node_port FROM citus_ext.tenant_node(?)", tenant);
      Integer to =
          db.one(
              "SELECT node_port FROM citus_ext._shard_nodes() WHERE node_port <> ? LIMIT 1", from);
      db.exec("SELECT citus_ext.move_tenant(?, '127.0.0.1', ?)", tenant, to);
      assertEquals(
          List.of(List.of(to)),
          db.rows("SELECT DISTINCT node_port FROM citus_ext.tenant_tables(?)", tenant));

      String refusal = db.error("SELECT citus_ext.move_tenant(?, 'nowhere', 1)", tenant);
      assertTrue(
          refusal.contains("node nowhere:1 is not an active node that may hold shards"), refusal);
      assertTrue(refusal.contains("Choose one of: 127.0.0.1:"), refusal);
      String unknown =
          db.error("SELECT citus_ext.move_tenant(?, '127.0.0.1', ?)", schema + "-nobody", to);
      assertTrue(unknown.contains("has no tables"), unknown);
    }
  }

  @Test
  void placeTableChoosesTheLeastLoadedNode(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("place");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE SCHEMA " + schema);
      createTable(db, schema, "p", SHAPES[0]);
      db.exec("SELECT citus_ext.create_single_shard_table(format('%I.p', ?)::regclass)", schema);
      Integer colocation =
          db.one(
              "SELECT colocation_id FROM citus_ext.shard_placement(format('%I.p', ?)::regclass)",
              schema);
      Integer leastLoaded =
          db.one("SELECT node_port FROM citus_ext.node_load(?) LIMIT 1", colocation);
      assertEquals(
          leastLoaded,
          db.one(
              "SELECT node_port FROM citus_ext.place_table(format('%I.p', ?)::regclass)", schema));
      assertTrue(
          db.<Boolean>one("SELECT citus_ext.is_single_shard(format('%I.p', ?)::regclass)", schema));
      db.exec("SELECT citus_ext.place_table(format('%I.p', ?)::regclass, 'random')", schema);
      String refusal =
          db.error("SELECT citus_ext.place_table(format('%I.p', ?)::regclass, 'best')", schema);
      assertTrue(
          refusal.contains("placement strategy 'best' is not one of least_loaded, random"),
          refusal);
      assertFalse(
          db.<Boolean>one(
              "SELECT citus_ext.is_colocated_with_tenant(format('%I.p', ?)::regclass, 'nobody')",
              schema));
    }
  }
}
