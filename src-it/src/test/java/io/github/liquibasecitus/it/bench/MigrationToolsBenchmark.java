package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.flyway.CitusExtCallback;
import io.github.liquibasecitus.it.LiquibaseRun;
import io.github.liquibasecitus.sql.CitusExtInstaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * The multi-tenant workflow three ways, each into a fresh database of its own, alternating, three
 * rounds: {@value #TENANTS} tenants of {@value #TABLES} tables, one unit of work per tenant (a
 * transaction of raw SQL over JDBC; a Flyway migration; a Liquibase changeset of {@code
 * createTable} and {@code createSingleShardTable}). Every table is created straight into its
 * tenant's group with {@code citus_ext.create_single_shard_table}; the rows compare what the tools
 * add to the same Citus work.
 */
final class MigrationToolsBenchmark {
  private static final int TENANTS = 30;
  private static final int TABLES = 10;
  private static final int ROUNDS = 3;

  private MigrationToolsBenchmark() {}

  static List<String> run(CitusCluster cluster) throws Exception {
    Path dir = Files.createTempDirectory("citus-tools-bench");
    Path flyway = Files.createDirectories(dir.resolve("flyway"));
    for (int t = 1; t <= TENANTS; t++) {
      Files.writeString(
          flyway.resolve("V" + t + "__tenant_" + t + ".sql"),
          String.join(";\n", tenantSql(t)) + ";\n");
    }
    Path changelog = dir.resolve("tenants.xml");
    Files.writeString(changelog, changelog());
    double[] raw = new double[ROUNDS];
    double[] fly = new double[ROUNDS];
    double[] lb = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      raw[round] = timed(cluster, "raw" + round, db -> raw(db));
      fly[round] =
          timed(
              cluster,
              "fly" + round,
              db ->
                  Flyway.configure()
                      .dataSource(db.jdbcUrl(), db.username(), db.password())
                      .locations("filesystem:" + flyway)
                      .callbacks(new CitusExtCallback())
                      .load()
                      .migrate());
      lb[round] = timed(cluster, "lb" + round, db -> LiquibaseRun.at(db, changelog).update());
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "Multi-tenant workflow by tool: "
            + TENANTS
            + " tenants x "
            + TABLES
            + " tables, one unit of work per tenant, a fresh database each run");
    lines.add(String.format("%-52s %s", "run", "seconds per round"));
    lines.add(
        String.format(
            "%-52s %s",
            "raw SQL over JDBC (one transaction per tenant)", UpdateSpeedBenchmark.seconds(raw)));
    lines.add(
        String.format(
            "%-52s %s",
            "Flyway API + flyway-citus (one migration per tenant)",
            UpdateSpeedBenchmark.seconds(fly)));
    lines.add(
        String.format(
            "%-52s %s",
            "Liquibase API + change types (one changeset each)", UpdateSpeedBenchmark.seconds(lb)));
    double base = UpdateSpeedBenchmark.median(raw);
    lines.add(
        String.format(
            "ratio of medians to raw SQL: Flyway %.2fx, Liquibase %.2fx",
            UpdateSpeedBenchmark.median(fly) / base, UpdateSpeedBenchmark.median(lb) / base));
    return lines;
  }

  private interface Work {
    void run(CitusCluster db) throws Exception;
  }

  private static double timed(CitusCluster cluster, String name, Work work) throws Exception {
    try (CitusCluster db = cluster.newDatabase("bench_tools_" + name).orElseThrow()) {
      long start = System.nanoTime();
      work.run(db);
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private static List<String> tenantSql(int tenant) {
    List<String> sql = new ArrayList<>();
    if (tenant == 1) {
      sql.add("CREATE SCHEMA app");
    }
    for (int j = 1; j <= TABLES; j++) {
      String table = "app.t" + tenant + "_" + j;
      sql.add("CREATE TABLE " + table + " (id bigint PRIMARY KEY, v text)");
      sql.add(
          "SELECT citus_ext.create_single_shard_table('"
              + table
              + "', tenant_id => 'tenant-"
              + tenant
              + "')");
    }
    return sql;
  }

  private static void raw(CitusCluster db) throws Exception {
    try (Connection c = db.connect()) {
      CitusExtInstaller.ensureCurrent(c);
      c.setAutoCommit(false);
      for (int t = 1; t <= TENANTS; t++) {
        try (Statement s = c.createStatement()) {
          for (String sql : tenantSql(t)) {
            s.execute(sql);
          }
        }
        c.commit();
      }
    }
  }

  private static String changelog() {
    StringBuilder x =
        new StringBuilder(
            "<changeSet id=\"schema\" author=\"bench\"><sql>CREATE SCHEMA app</sql></changeSet>\n");
    for (int t = 1; t <= TENANTS; t++) {
      x.append("<changeSet id=\"tenant-").append(t).append("\" author=\"bench\">\n");
      for (int j = 1; j <= TABLES; j++) {
        String table = "t" + t + "_" + j;
        x.append("<createTable schemaName=\"app\" tableName=\"")
            .append(table)
            .append(
                "\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/></column>")
            .append("<column name=\"v\" type=\"text\"/></createTable>\n")
            .append("<citus:createSingleShardTable schemaName=\"app\" tableName=\"")
            .append(table)
            .append("\" tenantId=\"tenant-")
            .append(t)
            .append("\"/>\n");
      }
      x.append("</changeSet>\n");
    }
    return UpdateSpeedBenchmark.changelog(x.toString());
  }
}
