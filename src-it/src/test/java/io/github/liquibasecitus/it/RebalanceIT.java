package io.github.liquibasecitus.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.operations.OperationsLog;
import io.github.liquibasecitus.operations.RebalanceException;
import io.github.liquibasecitus.operations.RebalanceOptions;
import io.github.liquibasecitus.operations.RebalancePlan;
import io.github.liquibasecitus.operations.Rebalancing;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.TransferMode;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rebalancing API (what citus:rebalance and citus:drain run) on real Citus. Each test works in
 * a database of its own on the cluster's nodes: Citus keeps nodes, placements and jobs per
 * database, so moving, draining and removing nodes there leaves the other tests' data alone.
 */
@CitusTest
class RebalanceIT {
  private static final RebalanceOptions BY_COUNT_BLOCKING =
      new RebalanceOptions("by_shard_count", false, TransferMode.BLOCK_WRITES, null, null);
  private static final Watch QUICK =
      new Watch(Duration.ofMillis(200), Duration.ofSeconds(2), null, false);

  /** The lines a rebalance logs, for assertions. */
  static final class Lines implements OperationsLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void info(String line) {
      lines.add("INFO " + line);
    }

    @Override
    public synchronized void warn(String line) {
      lines.add("WARN " + line);
    }

    synchronized boolean any(String part) {
      return lines.stream().anyMatch(l -> l.contains(part));
    }

    @Override
    public synchronized String toString() {
      return String.join("\n", lines);
    }
  }

  private static CitusCluster database(CitusCluster cluster, String prefix) {
    return cluster
        .newDatabase(TestNames.unique(prefix))
        .orElseGet(
            () -> {
              assumeTrue(
                  false,
                  "this cluster cannot create databases on its workers: " + cluster.description());
              return null;
            });
  }

  /** host:port of the workers, in group order. */
  static List<String> workers(Db db) throws Exception {
    return db
        .rows(
            "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid > 0 ORDER BY groupid")
        .stream()
        .map(r -> (String) r.get(0))
        .toList();
  }

  private static void holdShards(Db db, String worker, boolean hold) throws Exception {
    String[] hp = worker.split(":");
    db.exec(
        "SELECT citus_set_node_property(?, ?, 'shouldhaveshards', ?)",
        hp[0],
        Integer.parseInt(hp[1]),
        hold);
  }

  /**
   * {@code schemas} distributed schemas and {@code tenants} citus_ext tenants of two tables, each
   * with rows, all on the first worker (the others may hold none while they are created).
   */
  static void skewed(CitusCluster cluster, Db db, int schemas, int tenants, int rows)
      throws Exception {
    List<String> workers = workers(db);
    for (String w : workers.subList(1, workers.size())) {
      holdShards(db, w, false);
    }
    db.exec("SET citus.enable_schema_based_sharding = on");
    for (int i = 1; i <= schemas; i++) {
      db.exec("CREATE SCHEMA svc" + i);
      db.exec("CREATE TABLE svc" + i + ".items (id bigint PRIMARY KEY, v text)");
      db.exec("CREATE TABLE svc" + i + ".notes (id bigint PRIMARY KEY, item bigint)");
      db.exec(
          "INSERT INTO svc" + i + ".items SELECT g, md5(g::text) FROM generate_series(1, ?) g",
          rows);
    }
    db.exec("RESET citus.enable_schema_based_sharding");
    if (tenants > 0) {
      try (Connection c = cluster.connect()) {
        CitusExtInstaller.ensureCurrent(c);
      }
      db.exec("CREATE SCHEMA app");
      for (int i = 1; i <= tenants; i++) {
        for (String shape : List.of("orders", "invoices")) {
          String table = "t" + i + "_" + shape;
          db.exec("CREATE TABLE app." + table + " (id bigint PRIMARY KEY, amount numeric)");
          db.exec(
              "SELECT citus_ext.create_single_shard_table(format('app.%I', ?)::regclass, ?)",
              table, "tenant-" + i);
          db.exec("INSERT INTO app." + table + " SELECT g, g FROM generate_series(1, ?) g", rows);
        }
      }
    }
    for (String w : workers.subList(1, workers.size())) {
      holdShards(db, w, true);
    }
  }

  /** Rows per table of the schemas and tenants made by {@link #skewed}. */
  private static Map<String, Long> rowCounts(Db db) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    for (List<Object> t :
        db.rows(
            "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                + " AND (n.nspname LIKE 'svc%' OR n.nspname = 'app')")) {
      counts.put((String) t.get(0), db.one("SELECT count(*) FROM " + t.get(0)));
    }
    return counts;
  }

  /** Node of each distributed schema and tenant, from the catalogs; each must be on one. */
  private static Map<String, String> placement(Db db) throws Exception {
    Map<String, String> nodes = new TreeMap<>();
    groupNodes(
        db,
        nodes,
        "'schema ' || s.schemaid::regnamespace::text",
        "s.colocationid",
        "pg_dist_schema s");
    if (db.<Boolean>one("SELECT to_regclass('citus_ext.tenant') IS NOT NULL")) {
      groupNodes(db, nodes, "'tenant ' || t.tenant_id", "t.colocation_id", "citus_ext.tenant t");
    }
    return nodes;
  }

  /** For each row of {@code from}: its name, and the node of its colocation group. */
  private static void groupNodes(
      Db db, Map<String, String> nodes, String name, String colocation, String from)
      throws Exception {
    String placements =
        " FROM pg_dist_partition p JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid"
            + " JOIN pg_dist_placement pl ON pl.shardid = sh.shardid";
    for (List<Object> r :
        db.rows(
            "SELECT "
                + name
                + ", (SELECT min(n.nodename || ':' || n.nodeport)"
                + placements
                + " JOIN pg_dist_node n ON n.groupid = pl.groupid WHERE p.colocationid = "
                + colocation
                + "), (SELECT count(DISTINCT pl.groupid)"
                + placements
                + " WHERE p.colocationid = "
                + colocation
                + ") FROM "
                + from)) {
      assertEquals(1L, r.get(2), r.get(0) + " must stay on one node");
      nodes.put((String) r.get(0), (String) r.get(1));
    }
  }

  private static Rebalancing.Request run(RebalanceOptions options, Watch watch) {
    return new Rebalancing.Request(options, false, true, false, watch);
  }

  @Test
  void skewedSchemasAndTenantsSpreadOutAndTheDryRunListedWhatMoved(CitusCluster cluster)
      throws Exception {
    try (CitusCluster scratch = database(cluster, "spread");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 4, 4, 200);
      Map<String, Long> rows = rowCounts(db);
      Map<String, String> before = placement(db);
      assertEquals(8, before.size());
      assertEquals(1, new HashSet<>(before.values()).size(), "all on one worker: " + before);

      Lines dry = new Lines();
      Rebalancing.Outcome plan =
          new Rebalancing(db.connection(), dry)
              .rebalance(new Rebalancing.Request(BY_COUNT_BLOCKING, true, true, false, QUICK));
      assertEquals("dry run", plan.state());
      assertTrue(dry.any("shard group(s) would move"), dry.toString());
      assertEquals(before, placement(db), "a dry run moves nothing");
      RebalancePlan planned = new Rebalancing(db.connection(), dry).plan(BY_COUNT_BLOCKING);
      Set<String> plannedGroups =
          planned.moves().stream()
              .map(m -> m.what().replaceAll(" \\(.*", ""))
              .collect(Collectors.toSet());

      Lines log = new Lines();
      Rebalancing.Outcome outcome =
          new Rebalancing(db.connection(), log).rebalance(run(BY_COUNT_BLOCKING, QUICK));
      assertEquals("finished", outcome.state(), log.toString());
      Map<String, String> after = placement(db);
      assertEquals(rows, rowCounts(db), "no row lost or added");
      assertTrue(new HashSet<>(after.values()).size() >= 2, "spread over the workers: " + after);
      Set<String> moved = new HashSet<>();
      for (String group : after.keySet()) {
        if (!after.get(group).equals(before.get(group))) {
          moved.add(group);
        }
      }
      assertEquals(plannedGroups, moved, "what the dry run listed is what moved\n" + log);
      for (String group : moved) {
        assertTrue(log.any(": " + group + " ("), "a line per move naming " + group + "\n" + log);
      }
      assertTrue(log.any("layout per node (before -> after)"), log.toString());
      assertTrue(log.any("8 -> "), "shard groups per node before and after\n" + log);
    }
  }

  @Test
  void theTutorialsThreeServicesAreRebalancedByDiskSize(CitusCluster cluster) throws Exception {
    try (CitusCluster scratch = database(cluster, "tutorial");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 3, 0, 20_000);
      Map<String, Long> rows = rowCounts(db);
      Lines log = new Lines();
      Rebalancing.Outcome outcome =
          new Rebalancing(db.connection(), log)
              .rebalance(
                  run(
                      new RebalanceOptions("by_disk_size", false, TransferMode.AUTO, null, null),
                      QUICK));
      assertEquals("finished", outcome.state(), log.toString());
      assertTrue(outcome.moves() >= 1, log.toString());
      assertTrue(new HashSet<>(placement(db).values()).size() >= 2, log.toString());
      assertEquals(rows, rowCounts(db));
    }
  }

  @Test
  void anEmptyPlanSaysWhyAndWhichStrategyWouldMove(CitusCluster cluster) throws Exception {
    try (CitusCluster scratch = database(cluster, "empty");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 3, 0, 1);
      // A strategy of the cluster's own that tolerates a node twice the average.
      db.exec(
          "SELECT citus_add_rebalance_strategy('lenient', 'citus_shard_cost_1',"
              + " 'citus_node_capacity_1', 'citus_shard_allowed_on_node_true', 2, 0)");
      Lines log = new Lines();
      Rebalancing.Outcome outcome =
          new Rebalancing(db.connection(), log)
              .rebalance(
                  run(
                      new RebalanceOptions("lenient", false, TransferMode.BLOCK_WRITES, null, null),
                      QUICK));
      assertEquals("nothing to move", outcome.state());
      assertTrue(log.any("Strategy lenient counts shard groups"), log.toString());
      assertTrue(log.any("more than 200% above the average"), log.toString());
      assertTrue(log.any("Shard groups per node: "), log.toString());
      assertEquals("by_shard_count", outcome.emptyPlan().strategyThatMoves(), log.toString());
      assertTrue(log.any("Strategy by_shard_count would move 1 shard group(s)"), log.toString());
    }
  }

  @Test
  void attachesToAJobStartedInSqlInsteadOfFailing(CitusCluster cluster) throws Exception {
    try (CitusCluster scratch = database(cluster, "attach");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 4, 0, 10);
      long job =
          db.one(
              "SELECT citus_rebalance_start(rebalance_strategy => 'by_shard_count',"
                  + " shard_transfer_mode => 'block_writes')");
      Lines log = new Lines();
      Rebalancing.Outcome outcome =
          new Rebalancing(db.connection(), log).rebalance(run(BY_COUNT_BLOCKING, QUICK));
      assertTrue(log.any("a rebalance is already running as job " + job), log.toString());
      assertEquals(job, outcome.job());
      assertEquals("finished", outcome.state(), log.toString());
    }
  }

  @Test
  void stopCancelsTheRunningJobAndSaysWhatMovedAndWhatDidNot(CitusCluster cluster)
      throws Exception {
    String name;
    try (CitusCluster scratch = database(cluster, "stop");
        Db db = Db.connect(scratch)) {
      name = db.one("SELECT current_database()");
      skewed(scratch, db, 6, 0, 10);
      Map<String, Long> rows = rowCounts(db);
      // Online moves take seconds each (replication catch-up): time enough to stop.
      long job =
          db.one(
              "SELECT citus_rebalance_start(rebalance_strategy => 'by_shard_count', shard_transfer_mode => 'force_logical')");
      Lines log = new Lines();
      Rebalancing.Outcome outcome =
          new Rebalancing(db.connection(), log)
              .rebalance(new Rebalancing.Request(BY_COUNT_BLOCKING, false, true, true, QUICK));
      assertEquals(job, outcome.job());
      assertEquals("cancelled", outcome.state(), log.toString());
      assertTrue(log.any("stopping job " + job), log.toString());
      assertTrue(log.any("not moved: "), log.toString());
      assertEquals(rows, rowCounts(db));
      Lines none = new Lines();
      new Rebalancing(db.connection(), none)
          .rebalance(new Rebalancing.Request(BY_COUNT_BLOCKING, false, true, true, QUICK));
      assertTrue(none.any("no rebalance is running; nothing to stop"), none.toString());
    }
    noReplicationLeftOf(cluster, name);
  }

  @Test
  void aTimeoutLeavesTheJobRunningOrStopsIt(CitusCluster cluster) throws Exception {
    try (CitusCluster scratch = database(cluster, "timeout");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 6, 0, 10);
      RebalanceOptions online =
          new RebalanceOptions("by_shard_count", false, TransferMode.FORCE_LOGICAL, null, null);
      Watch oneSecond =
          new Watch(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(1), false);
      RebalanceException still =
          assertThrows(
              RebalanceException.class,
              () ->
                  new Rebalancing(db.connection(), new Lines()).rebalance(run(online, oneSecond)));
      assertEquals(RebalanceException.Kind.STILL_RUNNING, still.kind());
      assertTrue(still.getMessage().contains(" in the background ("), still.getMessage());
      assertTrue(
          List.of("scheduled", "running")
              .contains(
                  db.one(
                      "SELECT state::text FROM pg_dist_background_job WHERE job_id = ?",
                      still.jobId())));

      Watch stopping =
          new Watch(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(1), true);
      Lines log = new Lines();
      RebalanceException stopped =
          assertThrows(
              RebalanceException.class,
              () -> new Rebalancing(db.connection(), log).rebalance(run(online, stopping)));
      assertEquals(RebalanceException.Kind.STOPPED_ON_TIMEOUT, stopped.kind());
      assertTrue(log.any("a rebalance is already running as job " + still.jobId()), log.toString());
      assertEquals(
          "cancelled",
          db.one("SELECT state::text FROM pg_dist_background_job WHERE job_id = ?", still.jobId()));
    }
  }

  @Test
  void aWorkerDownMidRebalanceShowsCitusRetriesThenTheRerunAttachesAndFinishes(CitusCluster cluster)
      throws Exception {
    String name;
    try (CitusCluster scratch = database(cluster, "outage");
        Db db = Db.connect(scratch)) {
      name = db.one("SELECT current_database()");
      skewed(scratch, db, 3, 0, 100);
      Map<String, Long> rows = rowCounts(db);
      long job =
          db.one(
              "SELECT citus_rebalance_start(rebalance_strategy => 'by_shard_count',"
                  + " shard_transfer_mode => 'force_logical')");
      await("a move of job " + job + " running")
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  db.<Long>one(
                      "SELECT count(*) FROM pg_dist_background_task"
                          + " WHERE job_id = ? AND status = 'running'",
                      job),
              running -> running > 0);
      // The target of the moves goes down while one is copying.
      Lines log = new Lines();
      Watch briefly =
          new Watch(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(12), false);
      assumeTrue(scratch.stopWorker(2), "this cluster cannot stop a worker");
      RebalanceException still;
      try {
        still =
            assertThrows(
                RebalanceException.class,
                () ->
                    new Rebalancing(db.connection(), log)
                        .rebalance(run(BY_COUNT_BLOCKING, briefly)));
      } finally {
        scratch.startWorker(2);
      }
      assertEquals(RebalanceException.Kind.STILL_RUNNING, still.kind(), log.toString());
      assertTrue(log.any("WARN move 1 of "), log.toString());
      assertTrue(log.any("failed (attempt 1); Citus retries it, again in "), log.toString());
      assertEquals(job, still.jobId());

      Lines rerun = new Lines();
      Rebalancing.Outcome outcome =
          new Rebalancing(db.connection(), rerun)
              .rebalance(
                  run(
                      BY_COUNT_BLOCKING,
                      new Watch(
                          Duration.ofMillis(200),
                          Duration.ofSeconds(10),
                          Duration.ofMinutes(3),
                          false)));
      assertTrue(
          rerun.any("a rebalance is already running as job " + still.jobId()), rerun.toString());
      assertEquals("finished", outcome.state(), rerun.toString());
      assertEquals(rows, rowCounts(db), "no row lost");
    }
    noReplicationLeftOf(cluster, name);
  }

  /**
   * An interrupted move's slot and subscription went with its database: none is left on a node to
   * keep WAL, or to take the name of a later database's first move ("replication slot ... already
   * exists").
   */
  private static void noReplicationLeftOf(CitusCluster cluster, String database) throws Exception {
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          List.of(),
          db.rows(
              "SELECT nodename, nodeport, result FROM run_command_on_all_nodes("
                  + "format('SELECT count(*) FROM pg_replication_slots WHERE database = %L', ?::text))"
                  + " JOIN pg_dist_node USING (nodeid) WHERE result <> '0'",
              database));
    }
  }

  @Test
  void aJobCitusMarksFailedFailsWithTheTasksMessageAndCommand(CitusCluster cluster)
      throws Exception {
    try (CitusCluster scratch = database(cluster, "failed");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 1, 0, 1);
      // A real move onto a worker that is down, scheduled as a rebalance task that has used up
      // Citus' retries (32), so Citus' own executor runs it once more and marks it failed.
      List<List<Object>> shard =
          db.rows(
              "SELECT sh.shardid, (SELECT nodeid FROM pg_dist_node WHERE groupid = pl.groupid),"
                  + " (SELECT nodeid FROM pg_dist_node WHERE groupid > 0 AND groupid <> pl.groupid"
                  + " ORDER BY groupid LIMIT 1)"
                  + " FROM pg_dist_shard sh JOIN pg_dist_placement pl ON pl.shardid = sh.shardid"
                  + " WHERE sh.logicalrelid = 'svc1.items'::regclass");
      assumeTrue(scratch.stopWorker(2), "this cluster cannot stop a worker");
      try {
        long job =
            db.one(
                "INSERT INTO pg_dist_background_job (job_type, description)"
                    + " VALUES ('rebalance', 'one move, out of retries') RETURNING job_id");
        db.exec(
            "INSERT INTO pg_dist_background_task (job_id, command, retry_count) VALUES (?,"
                + " format('SELECT pg_catalog.citus_move_shard_placement(%s,%s,%s,%L)', ?::bigint, ?::int, ?::int, 'block_writes'), 32)",
            job, shard.get(0).get(0), shard.get(0).get(1), shard.get(0).get(2));
        Lines log = new Lines();
        RebalanceException failed =
            assertThrows(
                RebalanceException.class,
                () ->
                    new Rebalancing(db.connection(), log).rebalance(run(BY_COUNT_BLOCKING, QUICK)));
        assertEquals(RebalanceException.Kind.FAILED, failed.kind(), log.toString());
        assertEquals(job, failed.jobId());
        assertTrue(
            failed
                .getMessage()
                .contains("job " + job + " failed: move 1 of 1 failed after 33 attempt(s): "),
            failed.getMessage());
        assertTrue(
            failed.getMessage().contains("(command: SELECT pg_catalog.citus_move_shard_placement("),
            failed.getMessage());
        assertTrue(log.any("failed for good"), log.toString());
      } finally {
        scratch.startWorker(2);
      }
    }
  }

  @Test
  void drainEmptiesAWorkerThenRemovesIt(CitusCluster cluster) throws Exception {
    try (CitusCluster scratch = database(cluster, "drain");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 2, 2, 50);
      new Rebalancing(db.connection(), new Lines()).rebalance(run(BY_COUNT_BLOCKING, QUICK));
      String last = workers(db).get(workers(db).size() - 1);
      assertTrue(placement(db).containsValue(last), "the worker holds something before the drain");
      Map<String, Long> rows = rowCounts(db);

      Lines dry = new Lines();
      new Rebalancing(db.connection(), dry)
          .drain(new Rebalancing.Request(BY_COUNT_BLOCKING, true, true, false, QUICK), last, true);
      assertTrue(dry.any("dry run: draining " + last + " would move "), dry.toString());
      assertTrue(placement(db).containsValue(last), "a dry run moves nothing");
      assertEquals(
          true,
          db.one(
              "SELECT shouldhaveshards FROM pg_dist_node WHERE nodename || ':' || nodeport = ?",
              last));

      Lines log = new Lines();
      Rebalancing.Outcome outcome =
          new Rebalancing(db.connection(), log).drain(run(BY_COUNT_BLOCKING, QUICK), last, true);
      assertEquals("finished", outcome.state(), log.toString());
      assertTrue(log.any(last + " holds no shards"), log.toString());
      assertTrue(log.any("removed " + last + " from the cluster"), log.toString());
      assertTrue(!placement(db).containsValue(last), placement(db).toString());
      assertEquals(
          0L,
          db.<Long>one(
              "SELECT count(*) FROM pg_dist_node WHERE nodename || ':' || nodeport = ?", last));
      assertEquals(rows, rowCounts(db));
    }
  }

  @Test
  void tablesThatCannotMoveOnlineAreListedBeforeAnythingStartsAndParallelMovesRunOn132(
      CitusCluster cluster) throws Exception {
    try (CitusCluster scratch = database(cluster, "preflight");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 2, 0, 10);
      db.exec("CREATE TABLE svc1.log (msg text)");
      db.exec("CREATE TABLE svc2.log (msg text)");
      RebalanceException refused =
          assertThrows(
              RebalanceException.class,
              () ->
                  new Rebalancing(db.connection(), new Lines())
                      .rebalance(
                          run(
                              new RebalanceOptions(
                                  "by_shard_count", false, TransferMode.AUTO, null, null),
                              QUICK)));
      assertEquals(RebalanceException.Kind.REFUSED, refused.kind());
      assertTrue(
          refused
              .getMessage()
              .matches("(?s)These tables would move, .*: svc[12]\\.log\\. .*block_writes.*"),
          refused.getMessage());
      assertEquals(
          0L, db.<Long>one("SELECT count(*) FROM pg_dist_background_job"), "nothing started");

      // A drain refused by the same preflight leaves the node as it was: it still takes shards.
      String node =
          db.one(
              "SELECT nodename || ':' || nodeport FROM pg_dist_shard_placement p"
                  + " JOIN pg_dist_shard s USING (shardid) WHERE s.logicalrelid = 'svc1.log'::regclass");
      Lines drainLog = new Lines();
      RebalanceException drainRefused =
          assertThrows(
              RebalanceException.class,
              () ->
                  new Rebalancing(db.connection(), drainLog)
                      .drain(
                          run(
                              new RebalanceOptions(
                                  "by_shard_count", false, TransferMode.AUTO, null, null),
                              QUICK),
                          node,
                          false));
      assertEquals(RebalanceException.Kind.REFUSED, drainRefused.kind());
      assertTrue(
          drainLog
              .toString()
              .contains("the drain did not finish: " + node + " may hold shards again, as before"),
          drainLog.toString());
      assertEquals(
          Boolean.TRUE,
          db.one(
              "SELECT shouldhaveshards FROM pg_dist_node WHERE nodename || ':' || nodeport = '"
                  + node
                  + "'"));

      String version = db.one("SELECT extversion FROM pg_extension WHERE extname = 'citus'");
      RebalanceOptions parallel =
          new RebalanceOptions("by_shard_count", false, TransferMode.BLOCK_WRITES, true, true);
      if (citusAtLeast132(version)) {
        Lines log = new Lines();
        Rebalancing.Outcome outcome =
            new Rebalancing(db.connection(), log).rebalance(run(parallel, QUICK));
        assertEquals("finished", outcome.state(), log.toString());
      } else {
        RebalanceException old =
            assertThrows(
                RebalanceException.class,
                () ->
                    new Rebalancing(db.connection(), new Lines()).rebalance(run(parallel, QUICK)));
        assertTrue(
            old.getMessage()
                .contains("need Citus 13.2 or later; this cluster runs Citus " + version),
            old.getMessage());
      }
    }
  }

  private static boolean citusAtLeast132(String version) {
    String[] v = version.split("[.-]");
    int major = Integer.parseInt(v[0]);
    return major > 13 || (major == 13 && Integer.parseInt(v[1]) >= 2);
  }

  /**
   * The coordinator cannot leave, and the last node that may hold shards cannot be drained (its
   * shards would have nowhere to go, and new distributed schemas nowhere to be placed): both
   * refused before anything changes, every node's flag as it was.
   */
  @Test
  void drainRefusesTheCoordinatorAndTheLastNodeThatMayHoldShards(CitusCluster cluster)
      throws Exception {
    try (CitusCluster scratch = database(cluster, "lastnode");
        Db db = Db.connect(scratch)) {
      skewed(scratch, db, 2, 0, 10);
      String coordinator =
          db.one("SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid = 0");
      RebalanceException refused =
          assertThrows(
              RebalanceException.class,
              () ->
                  new Rebalancing(db.connection(), new Lines())
                      .drain(run(BY_COUNT_BLOCKING, QUICK), coordinator, true));
      assertEquals(RebalanceException.Kind.REFUSED, refused.kind());
      assertTrue(
          refused.getMessage().startsWith(coordinator + " is the coordinator"),
          refused.getMessage());
      assertEquals(
          1L, db.<Long>one("SELECT count(*) FROM pg_dist_node WHERE groupid = 0"), "still there");

      List<String> workers = workers(db);
      holdShards(db, workers.get(0), false);
      String flagsBefore = flags(db);
      RebalanceException last =
          assertThrows(
              RebalanceException.class,
              () ->
                  new Rebalancing(db.connection(), new Lines())
                      .drain(run(BY_COUNT_BLOCKING, QUICK), workers.get(1), false));
      assertTrue(
          last.getMessage().startsWith(workers.get(1) + " is the last node that may hold shards"),
          last.getMessage());
      assertEquals(flagsBefore, flags(db), "every node's flag as it was");
      assertEquals(
          0L, db.<Long>one("SELECT count(*) FROM pg_dist_background_job"), "nothing started");
      db.exec("CREATE SCHEMA after_refusal");
      db.exec("SELECT citus_schema_distribute('after_refusal')");
    }
  }

  private static String flags(Db db) throws Exception {
    return db.rows("SELECT nodeport, shouldhaveshards FROM pg_dist_node ORDER BY nodeport")
        .toString();
  }

  @Test
  void drainRefusesANodeTheClusterDoesNotHave(CitusCluster cluster) throws Exception {
    try (CitusCluster scratch = database(cluster, "nonode");
        Db db = Db.connect(scratch)) {
      RebalanceException e =
          assertThrows(
              RebalanceException.class,
              () ->
                  new Rebalancing(db.connection(), new Lines())
                      .drain(run(BY_COUNT_BLOCKING, QUICK), "10.9.9.9:5432", false));
      assertTrue(
          e.getMessage().startsWith("no node 10.9.9.9:5432 in this cluster; its nodes are "),
          e.getMessage());
    }
  }
}
