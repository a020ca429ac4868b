package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark, not a test (run by {@link Benchmarks} in the {@code bench} profile): N single-shard
 * tables for N/10 tenants, three ways on the same cluster in one run, printed as a table with
 * ratios to the raw Citus calls:
 *
 * <ul>
 *   <li>raw: create_distributed_table(t, NULL, colocate_with => 'none' for a tenant's first table,
 *       else its first table), the fastest correct way by hand;
 *   <li>citus_ext: citus_ext.create_single_shard_table(t, tenant_id);
 *   <li>blog: the post's UDFs as published (create_single_shard_distributed_table then
 *       colocate_single_shard_table), read at run time from shared/seeds (never copied into the
 *       project) into a scratch schema; capped where it becomes too slow.
 * </ul>
 */
final class TenantPlacementBenchmark {
  private static final int[] SIZES = {60, 300, 1000};
  private static final int BLOG_CAP = 60;
  private static final Path SEED =
      Path.of(System.getProperty("liquibase-citus.repo", ".."))
          .resolve("../shared/seeds/citus-single-shard-colocation-blog.txt")
          .normalize();

  private static final String[] SHAPES = {
    "(id bigint PRIMARY KEY, payload jsonb)",
    "(k text PRIMARY KEY, n integer, at timestamptz DEFAULT now())",
    "(a integer, b integer, note text, PRIMARY KEY (a, b))",
  };

  interface Placement {
    void place(Statement s, Connection c, String schema, String table, int tenant, int index)
        throws SQLException;
  }

  /** Prints the table; fails when a tenant of raw or citus_ext is not whole on one node. */
  static List<String> run(CitusCluster cluster) throws Exception {
    try (Connection c = cluster.connect();
        Statement s = c.createStatement()) {
      for (String script : io.github.liquibasecitus.sql.CitusExtLibrary.load().scripts()) {
        s.execute(script);
      }
      Optional<String> blogSchema = installBlogUdfs(s);

      Map<String, Placement> ways = new LinkedHashMap<>();
      ways.put(
          "raw create_distributed_table",
          (st, con, schema, table, tenant, i) -> {
            String first = schema + ".t" + tenant + "_0";
            try (PreparedStatement p =
                con.prepareStatement(
                    "SELECT create_distributed_table(?::regclass, NULL, colocate_with => ?)")) {
              p.setString(1, schema + "." + table);
              p.setString(2, i == 0 ? "none" : first);
              p.execute();
            }
          });
      ways.put(
          "citus_ext.create_single_shard_table",
          (st, con, schema, table, tenant, i) -> {
            try (PreparedStatement p =
                con.prepareStatement(
                    "SELECT citus_ext.create_single_shard_table(?::regclass, ?)")) {
              p.setString(1, schema + "." + table);
              p.setString(2, schema + " tenant " + tenant);
              p.execute();
            }
          });
      blogSchema.ifPresent(
          udfs ->
              ways.put(
                  "blog UDFs (as published)",
                  (st, con, schema, table, tenant, i) -> {
                    try (PreparedStatement p =
                        con.prepareStatement(
                            "SELECT " + udfs + ".create_single_shard_distributed_table(?)")) {
                      p.setString(1, schema + "." + table);
                      p.execute();
                    }
                    try (PreparedStatement p =
                        con.prepareStatement(
                            "SELECT " + udfs + ".colocate_single_shard_table(?, ?)")) {
                      p.setString(1, schema + "." + table);
                      p.setString(2, schema + " tenant " + tenant);
                      p.execute();
                    }
                  }));

      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              "%-6s %-38s %10s %10s %8s %10s",
              "N", "way", "seconds", "ms/table", "vs raw", "nodes"));
      for (int n : SIZES) {
        double raw = 0;
        for (Map.Entry<String, Placement> way : ways.entrySet()) {
          boolean blog = way.getKey().startsWith("blog");
          if (blog && n > BLOG_CAP) {
            lines.add(
                String.format(
                    "%-6d %-38s %10s",
                    n,
                    way.getKey(),
                    "skipped: the post's flow moves one ever-growing group; capped at N="
                        + BLOG_CAP));
            continue;
          }
          String schema = TestNames.unique("bench");
          s.execute("CREATE SCHEMA " + schema);
          long start = System.nanoTime();
          for (int i = 0; i < n; i++) {
            int tenant = i / 10;
            int index = i % 10;
            String table = "t" + tenant + "_" + index;
            s.execute("CREATE TABLE " + schema + "." + table + " " + SHAPES[i % SHAPES.length]);
            way.getValue().place(s, c, schema, table, tenant, index);
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          if (way.getKey().startsWith("raw")) {
            raw = seconds;
          }
          String nodes = nodesUsed(c, schema);
          if (!blog) {
            checkPlacement(c, schema, way.getKey(), n);
          }
          lines.add(
              String.format(
                  "%-6d %-38s %10.2f %10.1f %8.2f %10s",
                  n, way.getKey(), seconds, seconds * 1000 / n, seconds / raw, nodes));
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
      List<String> table = new ArrayList<>();
      table.add("Tenant placement: N single-shard tables for N/10 tenants");
      table.addAll(lines);
      table.add(
          "nodes: distinct workers used / colocation groups. Goal: citus_ext within 1.3x of raw.");
      return table;
    }
  }

  /** Each tenant's tables in one colocation group, on one node; the tenants over every worker. */
  private static void checkPlacement(Connection c, String schema, String way, int n)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT count(*) FILTER (WHERE groups <> 1 OR nodes <> 1), count(*),"
                + " (SELECT count(DISTINCT pl.groupid) FROM pg_dist_partition p"
                + " JOIN pg_class cl ON cl.oid = p.logicalrelid"
                + " JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid"
                + " JOIN pg_dist_placement pl ON pl.shardid = sh.shardid"
                + " WHERE cl.relnamespace = ?::regnamespace)"
                + " FROM (SELECT split_part(cl.relname, '_', 1) AS tenant,"
                + " count(DISTINCT p.colocationid) AS groups, count(DISTINCT pl.groupid) AS nodes"
                + " FROM pg_dist_partition p JOIN pg_class cl ON cl.oid = p.logicalrelid"
                + " JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid"
                + " JOIN pg_dist_placement pl ON pl.shardid = sh.shardid"
                + " WHERE cl.relnamespace = ?::regnamespace GROUP BY 1) t")) {
      p.setString(1, schema);
      p.setString(2, schema);
      try (var rs = p.executeQuery()) {
        rs.next();
        if (rs.getLong(1) != 0 || rs.getLong(2) != n / 10 || rs.getLong(3) < 2) {
          throw new IllegalStateException(
              way
                  + " placed N="
                  + n
                  + " wrongly: "
                  + rs.getLong(1)
                  + " of "
                  + rs.getLong(2)
                  + " tenants split, on "
                  + rs.getLong(3)
                  + " node(s)");
        }
      }
    }
  }

  private static String nodesUsed(Connection c, String schema) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT count(DISTINCT pl.groupid) || ' / ' || count(DISTINCT p.colocationid) FROM pg_dist_partition p"
                + " JOIN pg_class cl ON cl.oid = p.logicalrelid JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid"
                + " JOIN pg_dist_placement pl ON pl.shardid = sh.shardid WHERE cl.relnamespace = ?::regnamespace")) {
      p.setString(1, schema);
      var rs = p.executeQuery();
      rs.next();
      return rs.getString(1);
    }
  }

  /** The post's UDFs, from the seed text beside the repository, into a scratch schema. */
  private static Optional<String> installBlogUdfs(Statement s) throws Exception {
    if (!Files.isRegularFile(SEED)) {
      System.out.println("blog UDFs: " + SEED + " not found; that column is left out");
      return Optional.empty();
    }
    String text = Files.readString(SEED);
    int from = text.indexOf("-- init global tid_mark table");
    int to = text.indexOf("Usage #");
    String sql = text.substring(from, to).replace("citus.", "blog_udfs.");
    s.execute("DROP SCHEMA IF EXISTS blog_udfs CASCADE");
    s.execute("CREATE SCHEMA blog_udfs");
    s.execute(sql);
    s.execute("CALL blog_udfs.init_tid_mark()");
    return Optional.of("blog_udfs");
  }
}
