package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.it.MavenBuild;
import io.github.liquibasecitus.operations.TenantMove;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.TransferMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One distributed schema moved between the two workers three ways, alternating, in a database of
 * its own: {@code psql} running {@code citus_schema_move} (the baseline); the API that
 * citus:moveTenant runs (preflight, the move on a session of its own, progress every second); and
 * the whole {@code mvn citus:moveTenant} build (Maven start-up included). Every run moves the same
 * bytes, to whichever worker the schema is not on, after the last move's leftovers are dropped and
 * PostgreSQL's logical replication launcher may start a worker again (see {@link #settled}).
 */
final class TenantMoveBenchmark {
  private static final int ROWS = 400_000;
  private static final int ROUNDS = 3;

  private TenantMoveBenchmark() {}

  static List<String> run(CitusCluster cluster) throws Exception {
    try (CitusCluster db = cluster.newDatabase("bench_move").orElseThrow();
        Connection c = db.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("SET citus.enable_schema_based_sharding = on");
        s.execute("CREATE SCHEMA big");
        s.execute("CREATE TABLE big.items (id bigint PRIMARY KEY, v text)");
        s.execute(
            "INSERT INTO big.items SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, "
                + ROWS
                + ") g");
      }
      Path project = Files.createTempDirectory("citus-move-bench");
      Files.writeString(project.resolve("pom.xml"), UpdateSpeedBenchmark.pom());
      Files.writeString(project.resolve("settings.xml"), UpdateSpeedBenchmark.settings(db));
      double[] psql = new double[ROUNDS];
      double[] api = new double[ROUNDS];
      double[] goal = new double[ROUNDS];
      String size = "";
      for (int round = 0; round < ROUNDS; round++) {
        size = size(c);
        psql[round] = psql(db, settled(c));
        api[round] = api(db, c, settled(c));
        goal[round] = mvn(db, project, settled(c));
      }
      List<String> lines = new ArrayList<>();
      lines.add(
          "Tenant move: one distributed schema (" + size + ") moved between the workers, auto");
      lines.add(String.format("%-58s %s", "run", "seconds per move"));
      lines.add(
          String.format(
              "%-58s %s", "psql: citus_schema_move()", UpdateSpeedBenchmark.seconds(psql)));
      lines.add(
          String.format(
              "%-58s %s",
              "TenantMove API (citus:moveTenant's work), progress 1 s",
              UpdateSpeedBenchmark.seconds(api)));
      lines.add(
          String.format(
              "%-58s %s",
              "mvn citus:moveTenant (whole build, Maven start-up)",
              UpdateSpeedBenchmark.seconds(goal)));
      double base = UpdateSpeedBenchmark.median(psql);
      lines.add(
          String.format(
              "ratio of medians to psql: API %.2fx (goal <= 1.05x), whole build %.2fx",
              UpdateSpeedBenchmark.median(api) / base, UpdateSpeedBenchmark.median(goal) / base));
      return lines;
    }
  }

  /**
   * The worker the schema is not on, once the copy that the last move left there is dropped (Citus
   * drops it in the background; a move onto it first waits for that).
   */
  private static String settled(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("CALL citus_cleanup_orphaned_resources()");
    }
    // PostgreSQL 15's logical replication launcher starts at most one apply worker per
    // wal_retrieve_retry_interval (5 s): a move started sooner after the last one waits that out
    // in its catching-up phase (measured: 7 s instead of 2 s), whoever runs it.
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT setting::int FROM pg_settings WHERE name = 'wal_retrieve_retry_interval'")) {
      rs.next();
      Thread.sleep(rs.getInt(1));
    }
    return other(c);
  }

  /** The worker the schema is not on, {@code host:port}. */
  private static String other(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT n.nodename || ':' || n.nodeport FROM pg_dist_node n WHERE n.groupid > 0"
                    + " AND n.nodename || ':' || n.nodeport NOT IN (SELECT nodename || ':' ||"
                    + " nodeport FROM citus_shards WHERE table_name = 'big.items'::regclass)"
                    + " ORDER BY n.groupid LIMIT 1")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String size(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_size_pretty(shard_size) FROM citus_shards"
                    + " WHERE table_name = 'big.items'::regclass")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static double psql(CitusCluster db, String node) throws Exception {
    String host = node.substring(0, node.lastIndexOf(':'));
    String port = node.substring(node.lastIndexOf(':') + 1);
    return UpdateSpeedBenchmark.psql(
        db, "SELECT citus_schema_move('big', '" + host + "', " + port + ")");
  }

  private static double api(CitusCluster db, Connection c, String node) throws Exception {
    long start = System.nanoTime();
    TenantMove.Outcome outcome =
        new TenantMove(c, db::connect, UpdateSpeedBenchmark.QUIET)
            .move(
                new TenantMove.Request(
                    TenantMove.Kind.SCHEMA,
                    "big",
                    node,
                    TransferMode.AUTO,
                    false,
                    new Watch(Watch.DEFAULT_POLL, Duration.ofSeconds(1), null, false)));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!"moved".equals(outcome.state())) {
      throw new IllegalStateException("the move ended " + outcome.state());
    }
    return seconds;
  }

  private static double mvn(CitusCluster db, Path project, String node) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                MavenBuild.mvn(),
                "-B",
                "-q",
                "-ntp",
                "-s",
                project.resolve("settings.xml").toString(),
                "citus:moveTenant",
                "-Dcitus.url=" + db.jdbcUrl(),
                "-Dcitus.server=citus",
                "-Dcitus.schema=big",
                "-Dcitus.node=" + node,
                "-Dcitus.rebalanceProgress=PT1S")
            .directory(project.toFile());
    builder.environment().remove("MAVEN_OPTS");
    return UpdateSpeedBenchmark.timed(builder, "citus:moveTenant");
  }
}
