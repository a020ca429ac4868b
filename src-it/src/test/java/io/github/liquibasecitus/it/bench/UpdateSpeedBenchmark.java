package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.it.MavenBuild;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Whole {@code mvn} builds, timed from the outside (Maven start-up included), on generated
 * changelogs:
 *
 * <ul>
 *   <li>200 distributed schemas with a table each: {@code citus:update} with {@code
 *       distributeSchema} against {@code liquibase-maven-plugin} running the same work as raw
 *       {@code sql} changesets (goal: at most 1.0x);
 *   <li>300 tenant tables (30 tenants): {@code createSingleShardTable} against raw {@code
 *       create_distributed_table} calls, both through {@code citus:update} (goal: at most 1.1x).
 * </ul>
 *
 * Each pair runs twice, alternating, into fresh schemas; the table shows every run and the ratio of
 * the medians.
 */
final class UpdateSpeedBenchmark {
  private static final int SCHEMAS = 200;
  private static final int TENANTS = 30;
  private static final int TABLES_PER_TENANT = 10;
  private static final int ROUNDS = 3;
  private static final String VERSION =
      System.getProperty("liquibase-citus.version", "0.1.0-SNAPSHOT");

  private UpdateSpeedBenchmark() {}

  static List<String> run(CitusCluster cluster) throws Exception {
    Path dir = Files.createTempDirectory("citus-update-bench");
    Files.createDirectories(dir.resolve("db"));
    Files.writeString(dir.resolve("pom.xml"), pom());
    Files.writeString(dir.resolve("settings.xml"), settings(cluster));
    List<String> lines = new ArrayList<>();
    lines.add("Update speed: whole mvn builds, Maven start-up included");
    lines.add(String.format("%-52s %s", "run", "seconds per round"));
    String schemaRatio =
        pair(
            cluster,
            dir,
            lines,
            "200 schemas: citus:update distributeSchema",
            run -> schemasWithChangeTypes(run),
            "200 schemas: liquibase:update raw sql",
            run -> schemasAsRawSql(run),
            "liquibase:update");
    String tenantRatio =
        pair(
            cluster,
            dir,
            lines,
            "300 tables: citus:update createSingleShardTable",
            run -> tenantsWithChangeTypes(run),
            "300 tables: citus:update raw create_distributed_table",
            run -> tenantsAsRawSql(run),
            "citus:update");
    lines.add("ratio of medians, schemas: " + schemaRatio + " (goal <= 1.0x)");
    lines.add("ratio of medians, tenant tables: " + tenantRatio + " (goal <= 1.1x)");
    return lines;
  }

  interface Changelog {
    String xml(String run);
  }

  private static String pair(
      CitusCluster cluster,
      Path dir,
      List<String> lines,
      String oursName,
      Changelog ours,
      String baseName,
      Changelog base,
      String baseGoal)
      throws Exception {
    // One untimed run of each: plugins resolved, caches warm.
    mvn(
        cluster,
        dir,
        "citus:update",
        ours.xml("w" + tag()).replaceAll("(?s)<changeSet.*</changeSet>", ""));
    mvn(
        cluster,
        dir,
        baseGoal,
        base.xml("w" + tag()).replaceAll("(?s)<changeSet.*</changeSet>", ""));
    double[] mine = new double[ROUNDS];
    double[] theirs = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      // Alternating who goes first, and each run on a cluster of the same size.
      if (i % 2 == 0) {
        theirs[i] = timed(cluster, dir, baseGoal, base);
        mine[i] = timed(cluster, dir, "citus:update", ours);
      } else {
        mine[i] = timed(cluster, dir, "citus:update", ours);
        theirs[i] = timed(cluster, dir, baseGoal, base);
      }
    }
    lines.add(String.format("%-52s %s", oursName, seconds(mine)));
    lines.add(String.format("%-52s %s", baseName, seconds(theirs)));
    return String.format("%.2fx", median(mine) / median(theirs));
  }

  /** One timed build into fresh schemas, which are dropped afterwards. */
  private static double timed(CitusCluster cluster, Path dir, String goal, Changelog changelog)
      throws Exception {
    String run = tag();
    double seconds = mvn(cluster, dir, goal, changelog.xml(run));
    try (Connection c = cluster.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$ DECLARE r record; BEGIN FOR r IN SELECT nspname FROM pg_namespace WHERE"
              + " nspname LIKE 'bs\\_"
              + run
              + "\\_%' OR nspname = 'bt_"
              + run
              + "' LOOP EXECUTE pg_catalog.format('DROP SCHEMA %I CASCADE', r.nspname); END"
              + " LOOP; END $$");
      if (goal.startsWith("citus")) {
        s.execute("DELETE FROM citus_ext.tenant WHERE tenant_id LIKE 'bt\\_" + run + "-%'");
      }
    }
    return seconds;
  }

  /** The changelog cut to its first two changesets. */
  private static String firstChangeSets(String changelog) {
    int end = 0;
    for (int i = 0; i < 2; i++) {
      end = changelog.indexOf("</changeSet>", end) + "</changeSet>".length();
    }
    return changelog.substring(0, end) + "\n</databaseChangeLog>\n";
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 6);
  }

  /** Runs one build on the changelog; its wall time in seconds. */
  private static double mvn(CitusCluster cluster, Path dir, String goal, String changelog)
      throws Exception {
    String file = "db/bench-" + tag() + ".xml";
    Files.writeString(dir.resolve(file), changelog);
    boolean citus = goal.startsWith("citus");
    String prefix = citus ? "citus" : "liquibase";
    return timedMvn(
        dir,
        goal,
        "-D" + prefix + ".url=" + cluster.jdbcUrl(),
        "-D" + prefix + ".server=citus",
        "-D" + prefix + ".changeLogFile=" + file,
        "-Dliquibase.databaseChangeLogTableName=dbcl_" + tag(),
        "-Dcitus.databaseChangeLogTableName=dbcl_" + tag());
  }

  /**
   * {@code mvn -B -q} in {@code dir} with its settings.xml (the cluster's server {@code citus}),
   * the goal and options; the build's wall time in seconds, Maven start-up included.
   */
  static double timedMvn(Path dir, String goal, String... options) throws Exception {
    List<String> command =
        new ArrayList<>(
            Arrays.asList(
                MavenBuild.mvn(),
                "-B",
                "-q",
                "-ntp",
                "-s",
                dir.resolve("settings.xml").toString(),
                goal));
    command.addAll(Arrays.asList(options));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().remove("MAVEN_OPTS");
    long start = System.nanoTime();
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(goal + " failed:\n" + output);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  static String changelog(String changeSets) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n"
        + "    xmlns:citus=\"https://liquibase-citus.github.io/xml/ns/citus\"\n"
        + "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
        + "    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog"
        + " http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd"
        + " https://liquibase-citus.github.io/xml/ns/citus"
        + " https://liquibase-citus.github.io/xml/ns/citus/liquibase-citus-0.1.xsd\">\n"
        + changeSets
        + "</databaseChangeLog>\n";
  }

  private static String schemasWithChangeTypes(String run) {
    StringBuilder sets = new StringBuilder();
    for (int i = 0; i < SCHEMAS; i++) {
      String schema = "bs_" + run + "_" + i;
      sets.append("<changeSet id=\"")
          .append(i)
          .append("\" author=\"bench\"><citus:distributeSchema schemaName=\"")
          .append(schema)
          .append("\"/><createTable schemaName=\"")
          .append(schema)
          .append("\" tableName=\"t\"><column name=\"id\" type=\"bigint\"><constraints")
          .append(" primaryKey=\"true\"/></column><column name=\"v\" type=\"text\"/>")
          .append("</createTable></changeSet>\n");
    }
    return changelog(sets.toString());
  }

  private static String schemasAsRawSql(String run) {
    StringBuilder sets = new StringBuilder();
    for (int i = 0; i < SCHEMAS; i++) {
      String schema = "bs_" + run + "_" + i;
      sets.append("<changeSet id=\"")
          .append(i)
          .append("\" author=\"bench\"><sql>CREATE SCHEMA ")
          .append(schema)
          .append(";SELECT citus_schema_distribute('")
          .append(schema)
          .append("');CREATE TABLE ")
          .append(schema)
          .append(".t (id bigint PRIMARY KEY, v text)</sql></changeSet>\n");
    }
    return changelog(sets.toString());
  }

  private static String tenantsWithChangeTypes(String run) {
    String schema = "bt_" + run;
    StringBuilder sets = new StringBuilder();
    sets.append("<changeSet id=\"schema\" author=\"bench\"><sql>CREATE SCHEMA ")
        .append(schema)
        .append("</sql></changeSet>\n");
    for (int t = 0; t < TENANTS; t++) {
      for (int i = 0; i < TABLES_PER_TENANT; i++) {
        sets.append("<changeSet id=\"")
            .append(t)
            .append('_')
            .append(i)
            .append("\" author=\"bench\"><createTable schemaName=\"")
            .append(schema)
            .append("\" tableName=\"t")
            .append(t)
            .append('_')
            .append(i)
            .append("\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/>")
            .append("</column></createTable><citus:createSingleShardTable schemaName=\"")
            .append(schema)
            .append("\" tableName=\"t")
            .append(t)
            .append('_')
            .append(i)
            .append("\" tenantId=\"")
            .append(schema)
            .append("-")
            .append(t)
            .append("\"/></changeSet>\n");
      }
    }
    return changelog(sets.toString());
  }

  private static String tenantsAsRawSql(String run) {
    String schema = "bt_" + run;
    StringBuilder sets = new StringBuilder();
    sets.append("<changeSet id=\"schema\" author=\"bench\"><sql>CREATE SCHEMA ")
        .append(schema)
        .append("</sql></changeSet>\n");
    for (int t = 0; t < TENANTS; t++) {
      for (int i = 0; i < TABLES_PER_TENANT; i++) {
        String table = schema + ".t" + t + "_" + i;
        String colocate = i == 0 ? "none" : schema + ".t" + t + "_0";
        sets.append("<changeSet id=\"")
            .append(t)
            .append('_')
            .append(i)
            .append("\" author=\"bench\"><sql>CREATE TABLE ")
            .append(table)
            .append(" (id bigint PRIMARY KEY);SELECT create_distributed_table('")
            .append(table)
            .append("', NULL, colocate_with => '")
            .append(colocate)
            .append("')</sql></changeSet>\n");
      }
    }
    return changelog(sets.toString());
  }

  /** A settings.xml with the cluster's superuser as server {@code citus}. */
  static String settings(CitusCluster cluster) {
    return "<settings><servers><server><id>citus</id><username>"
        + cluster.username()
        + "</username><password>"
        + cluster.password()
        + "</password></server></servers></settings>";
  }

  static String pom() {
    return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version>"
        + "<packaging>pom</packaging><build><plugins>"
        + "<plugin><groupId>io.github.liquibase-citus</groupId><artifactId>citus-maven-plugin</artifactId>"
        + "<version>"
        + VERSION
        + "</version></plugin>"
        + "<plugin><groupId>org.liquibase</groupId><artifactId>liquibase-maven-plugin</artifactId>"
        + "<version>4.33.0</version><dependencies><dependency><groupId>org.postgresql</groupId>"
        + "<artifactId>postgresql</artifactId><version>42.7.8</version></dependency></dependencies>"
        + "</plugin></plugins></build></project>";
  }

  static String seconds(double[] runs) {
    StringBuilder s = new StringBuilder();
    for (double r : runs) {
      s.append(String.format("%8.2f", r));
    }
    return s.toString();
  }

  static double median(double[] runs) {
    double[] sorted = runs.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  /** Seconds a command took; fails with its output when it fails or passes 10 minutes. */
  static double timed(ProcessBuilder builder, String what) throws Exception {
    builder.redirectErrorStream(true);
    long start = System.nanoTime();
    Process p = builder.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(what + " failed:\n" + out);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** A log that keeps nothing, for APIs timed without their lines. */
  static final io.github.liquibasecitus.operations.OperationsLog QUIET =
      new io.github.liquibasecitus.operations.OperationsLog() {
        @Override
        public void info(String line) {}

        @Override
        public void warn(String line) {}
      };

  /** Seconds {@code psql} took to run these statements, one {@code -c} each, on the database. */
  static double psql(CitusCluster db, String... statements) throws Exception {
    String url = db.jdbcUrl().replace("jdbc:postgresql://", "postgresql://" + db.username() + "@");
    List<String> command =
        new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url));
    for (String sql : statements) {
      command.add("-c");
      command.add(sql);
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PGPASSWORD", db.password());
    return timed(builder, "psql");
  }
}
