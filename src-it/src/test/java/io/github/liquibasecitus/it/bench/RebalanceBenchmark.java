package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.it.MavenBuild;
import io.github.liquibasecitus.operations.RebalanceOptions;
import io.github.liquibasecitus.operations.Rebalancing;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.TransferMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The same rebalance three ways, alternating, in a database of its own: {@code psql} running {@code
 * citus_rebalance_start()} then {@code citus_rebalance_wait()} (the baseline); the rebalancing API
 * that citus:rebalance runs (preflight, layout before and after, polling, a progress line every
 * second); and the whole {@code mvn citus:rebalance} build (Maven start-up included). Before each
 * round the second worker is drained in the foreground, so every round moves the same shard groups.
 */
final class RebalanceBenchmark {
  private static final int SCHEMAS = 24;
  private static final int ROWS = 20_000;
  private static final int ROUNDS = 3;

  private RebalanceBenchmark() {}

  static List<String> run(CitusCluster cluster) throws Exception {
    try (CitusCluster db = cluster.newDatabase("bench_rebalance").orElseThrow();
        Connection c = db.connect()) {
      setUp(c);
      Path project = Files.createTempDirectory("citus-rebalance-bench");
      Files.writeString(project.resolve("pom.xml"), UpdateSpeedBenchmark.pom());
      Files.writeString(project.resolve("settings.xml"), UpdateSpeedBenchmark.settings(db));
      double[] psql = new double[ROUNDS];
      double[] api = new double[ROUNDS];
      double[] goal = new double[ROUNDS];
      int moves = 0;
      for (int round = 0; round < ROUNDS; round++) {
        moves = skew(c);
        psql[round] = psql(db);
        skew(c);
        api[round] = api(c);
        skew(c);
        goal[round] = mvn(db, project);
      }
      List<String> lines = new ArrayList<>();
      lines.add(
          "Rebalance: "
              + moves
              + " distributed schemas ("
              + ROWS
              + " rows each) moved to an empty worker, by_shard_count, block_writes");
      lines.add(String.format("%-58s %s", "run", "seconds per round"));
      lines.add(
          String.format(
              "%-58s %s",
              "psql: citus_rebalance_start() + citus_rebalance_wait()",
              UpdateSpeedBenchmark.seconds(psql)));
      lines.add(
          String.format(
              "%-58s %s",
              "rebalancing API (citus:rebalance's work), progress 1 s",
              UpdateSpeedBenchmark.seconds(api)));
      lines.add(
          String.format(
              "%-58s %s",
              "mvn citus:rebalance (whole build, Maven start-up)",
              UpdateSpeedBenchmark.seconds(goal)));
      double base = UpdateSpeedBenchmark.median(psql);
      lines.add(
          String.format(
              "ratio of medians to psql: API %.2fx (goal <= 1.05x), whole build %.2fx",
              UpdateSpeedBenchmark.median(api) / base, UpdateSpeedBenchmark.median(goal) / base));
      return lines;
    }
  }

  private static void setUp(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("SET citus.enable_schema_based_sharding = on");
      for (int i = 1; i <= SCHEMAS; i++) {
        s.execute("CREATE SCHEMA svc" + i);
        s.execute("CREATE TABLE svc" + i + ".items (id bigint PRIMARY KEY, v text)");
        s.execute(
            "INSERT INTO svc"
                + i
                + ".items SELECT g, md5(g::text) FROM generate_series(1, "
                + ROWS
                + ") g");
      }
    }
  }

  /** Drains every worker but the first in the foreground, then lets them hold shards again. */
  private static int skew(Connection c) throws Exception {
    List<String[]> others = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT nodename, nodeport FROM pg_dist_node WHERE groupid > 0 ORDER BY groupid OFFSET 1")) {
      while (rs.next()) {
        others.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    for (String[] node : others) {
      try (PreparedStatement drain =
          c.prepareStatement("SELECT citus_drain_node(?, ?, 'block_writes')")) {
        drain.setString(1, node[0]);
        drain.setInt(2, Integer.parseInt(node[1]));
        drain.execute();
      }
      try (PreparedStatement hold =
          c.prepareStatement("SELECT citus_set_node_property(?, ?, 'shouldhaveshards', true)")) {
        hold.setString(1, node[0]);
        hold.setInt(2, Integer.parseInt(node[1]));
        hold.execute();
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM get_rebalance_table_shards_plan(rebalance_strategy => 'by_shard_count')")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static double psql(CitusCluster db) throws Exception {
    return UpdateSpeedBenchmark.psql(
        db,
        "SELECT citus_rebalance_start(rebalance_strategy => 'by_shard_count',"
            + " shard_transfer_mode => 'block_writes')",
        "SELECT citus_rebalance_wait()");
  }

  private static double api(Connection c) throws Exception {
    long start = System.nanoTime();
    Rebalancing.Outcome outcome =
        new Rebalancing(c, UpdateSpeedBenchmark.QUIET)
            .rebalance(
                new Rebalancing.Request(
                    new RebalanceOptions(
                        "by_shard_count", false, TransferMode.BLOCK_WRITES, null, null),
                    false,
                    true,
                    false,
                    new Watch(Watch.DEFAULT_POLL, Duration.ofSeconds(1), null, false)));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!"finished".equals(outcome.state())) {
      throw new IllegalStateException("the rebalance ended " + outcome.state());
    }
    return seconds;
  }

  private static double mvn(CitusCluster db, Path project) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                MavenBuild.mvn(),
                "-B",
                "-q",
                "-ntp",
                "-s",
                project.resolve("settings.xml").toString(),
                "citus:rebalance",
                "-Dcitus.url=" + db.jdbcUrl(),
                "-Dcitus.server=citus",
                "-Dcitus.rebalanceStrategy=by_shard_count",
                "-Dcitus.transferMode=block_writes",
                "-Dcitus.rebalanceProgress=PT1S")
            .directory(project.toFile());
    builder.environment().remove("MAVEN_OPTS");
    return UpdateSpeedBenchmark.timed(builder, "citus:rebalance");
  }
}
