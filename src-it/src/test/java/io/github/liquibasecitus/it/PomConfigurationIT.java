package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goals configured as users configure them: the URL and credentials in the POM, at plugin level or
 * in an {@code <execution>}, with {@code ${...}} expressions; run twice on the same cluster, as a
 * redeploy does. No {@code -Dcitus.url} anywhere.
 */
@CitusTest
class PomConfigurationIT {
  private static final Pattern SUMMARY = Pattern.compile("citus:(\\w+): .*\\(([^()]*)\\)\\s*$");

  /** The database part of a JDBC URL: host:port/database. */
  private static String target(CitusCluster cluster) {
    return cluster.jdbcUrl().replaceFirst("^jdbc:postgresql://", "").replaceFirst("\\?.*$", "");
  }

  /**
   * Citus' microservices tutorial as its example project, with the URL (from the environment) and a
   * settings.xml server added to the plugin-level configuration: the platform changelog and the
   * three services (executions inheriting both), twice, then status; and {@code mvn -X}, which
   * prints every parameter and the configuration as Maven resolved it, without the password.
   */
  @Test
  void theTutorialsServicesWithTheUrlInThePomTwice(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    try (CitusCluster db = cluster.newDatabase(TestNames.unique("pom_ms")).orElseThrow()) {
      MavenBuild build =
          MavenBuild.of(LiquibaseRun.REPO.resolve("examples/microservices"), work)
              .pluginConfiguration("<url>${env.IT_DB_URL}</url><server>citus</server>")
              .env("IT_DB_URL", db.jdbcUrl());
      String settings = build.settings(db.username(), db.password()).toString();
      String[] goals = {
        "-s",
        settings,
        "citus:update",
        "citus:update@user-service",
        "citus:update@time-service",
        "citus:update@ping-service",
        "citus:status"
      };
      for (int run = 1; run <= 2; run++) {
        MavenBuild.Result result = build.run(goals);
        assertTrue(result.succeeded(), "run " + run + ":\n" + result.output());
        assertFalse(result.output().contains("throwaway"), result.output());
        assertFalse(result.output().contains(db.password()), "the password is never printed");
        List<String> targets = summaryTargets(result.output());
        assertEquals(5, targets.size(), result.output());
        targets.forEach(t -> assertEquals(target(db), t, result.output()));
        if (run == 2) {
          assertEquals(
              4,
              count(result.output(), "changeset(s) applied"),
              "every update of the redeploy ran: " + result.output());
          assertEquals(
              4, count(result.output(), ": 0 changeset(s) applied"), "and applied nothing");
        }
      }
      try (Db sql = Db.connect(db)) {
        for (String service : List.of("user_service", "time_service", "ping_service")) {
          assertEquals(
              "schema",
              sql.<String>one(
                  "SELECT citus_ext.table_kind(c.oid) FROM pg_class c"
                      + " WHERE c.relnamespace = ?::regnamespace AND c.relname = 'databasechangelog'",
                  service),
              "the service's history lives in its distributed schema");
        }
      }

      // A redeploy after a build of the plugin was killed holding the service's lock: released
      // on its distributed lock table, and the update goes on.
      try (Db sql = Db.connect(db)) {
        sql.exec(
            "UPDATE user_service.databasechangeloglock SET locked = true, lockgranted = now(),"
                + " lockedby = 'gone-host#citus-maven-plugin (10.0.0.9)'");
      }
      MavenBuild.Result released = build.run("-s", settings, "citus:update@user-service");
      assertTrue(released.succeeded(), released.output());
      assertTrue(
          released
              .output()
              .contains(
                  "Released Liquibase's changelog lock left by a build that is gone (gone-host"),
          released.output());

      MavenBuild.Result debug = build.run("-X", "-s", settings, "citus:status");
      assertTrue(debug.succeeded(), debug.output());
      assertFalse(debug.output().contains(db.password()), "mvn -X never prints the password");
      assertTrue(debug.output().contains("(f) url = ***"), debug.output());
    }
  }

  /** Maven 3.8.7, the oldest the plugin declares, where the machine has it. */
  private static final Path MAVEN_3_8 = Path.of("/usr/share/maven/bin/mvn");

  /**
   * The URL and credentials only in one execution: that execution uses them, on the Maven the build
   * runs on and on Maven 3.8.7.
   */
  @Test
  void theUrlOfAnExecution(CitusCluster cluster, @TempDir Path work) throws Exception {
    theUrlOfAnExecution(cluster, work.resolve("current"), null);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isExecutable(MAVEN_3_8), "no Maven 3.8.7 at " + MAVEN_3_8);
    String version =
        new String(
            new ProcessBuilder(MAVEN_3_8.toString(), "-v")
                .redirectErrorStream(true)
                .start()
                .getInputStream()
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        version.contains("Apache Maven 3.8"), "not Maven 3.8: " + version);
    theUrlOfAnExecution(cluster, work.resolve("maven-3.8"), MAVEN_3_8);
  }

  private void theUrlOfAnExecution(CitusCluster cluster, Path work, Path maven) throws Exception {
    String schema = TestNames.unique("pom_exec");
    MavenBuild build =
        MavenBuild.of(MavenBuild.testProject("plugin-project"), work)
            .executionConfiguration(
                "distribute",
                "<url>${it.url}</url><username>"
                    + cluster.username()
                    + "</username><password>"
                    + cluster.password()
                    + "</password>");
    if (maven != null) {
      build.withMaven(maven);
    }
    for (int run = 1; run <= 2; run++) {
      MavenBuild.Result result =
          build.run(
              "citus:update@distribute",
              "citus:status@distribute",
              "-Dit.url=" + cluster.jdbcUrl(),
              "-Dit.schema=" + schema,
              build.historyTable().get(0),
              build.historyTable().get(1));
      assertTrue(result.succeeded(), result.output());
      summaryTargets(result.output()).forEach(t -> assertEquals(target(cluster), t));
      assertEquals(2, summaryTargets(result.output()).size(), result.output());
    }
  }

  /** A connection setting without a URL is a URL that did not reach the goal: refused. */
  @Test
  void aUserWithoutAUrlIsRefused(@TempDir Path work) throws Exception {
    MavenBuild build =
        MavenBuild.of(MavenBuild.testProject("plugin-project"), work)
            .pluginConfiguration("<username>app</username>");
    MavenBuild.Result result = build.run("citus:status");
    assertFalse(result.succeeded(), result.output());
    assertTrue(
        result
            .output()
            .contains("citus:status has citus.username but no URL of the cluster: set <url>"),
        result.output());
    assertFalse(result.output().contains("started a throwaway"), result.output());
  }

  /**
   * Yes-or-no options take true or false; anything else stops the goal before it connects, from the
   * command line or from the POM.
   */
  @Test
  void booleansTakeOnlyTrueOrFalse(CitusCluster cluster, @TempDir Path work) throws Exception {
    try (CitusCluster db = cluster.newDatabase(TestNames.unique("pom_bool")).orElseThrow();
        Db sql = Db.connect(db)) {
      String worker =
          sql.one(
              "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid <> 0"
                  + " ORDER BY nodeid LIMIT 1");
      MavenBuild build =
          MavenBuild.of(MavenBuild.testProject("plugin-project"), work)
              .pluginConfiguration(
                  "<url>"
                      + db.jdbcUrl()
                      + "</url><username>"
                      + db.username()
                      + "</username><password>"
                      + db.password()
                      + "</password>")
              .executionConfiguration("faults", "<removeNode>yes</removeNode>");
      for (String value : List.of("1", "ture", "yes")) {
        MavenBuild.Result r =
            build.run("citus:drain", "-Dcitus.node=" + worker, "-Dcitus.dryRun=" + value);
        assertFalse(r.succeeded(), r.output());
        assertTrue(
            r.output()
                .contains(
                    "citus:drain: <dryRun> (-Dcitus.dryRun) is '"
                        + value
                        + "': use true or false (nothing ran)"),
            r.output());
      }
      MavenBuild.Result pom =
          build.run("citus:drain@faults", "-Dcitus.node=" + worker, "-Dcitus.dryRun=true");
      assertFalse(pom.succeeded(), pom.output());
      assertTrue(
          pom.output().contains("<removeNode> (-Dcitus.removeNode) is 'yes': use true or false"),
          pom.output());
      MavenBuild.Result check = build.run("citus:check", "-Dcitus.check.apply=yes");
      assertFalse(check.succeeded(), check.output());
      assertTrue(check.output().contains("(-Dcitus.check.apply) is 'yes'"), check.output());
      MavenBuild.Result upper =
          build.run("citus:drain", "-Dcitus.node=" + worker, "-Dcitus.dryRun=TRUE");
      assertTrue(upper.succeeded(), upper.output());
      assertTrue(upper.output().contains("dry run"), upper.output());

      assertEquals(
          0L,
          sql.<Long>one(
              "SELECT count(*) FROM pg_dist_node WHERE NOT shouldhaveshards AND groupid <> 0"),
          "no node was marked");
      assertEquals(
          0L, sql.<Long>one("SELECT count(*) FROM pg_dist_background_job"), "no job started");
    }
  }

  /** The target in parentheses at the end of each goal's summary line. */
  private static List<String> summaryTargets(String output) {
    return output
        .lines()
        .map(l -> l.replaceFirst("^\\[INFO\\] ", ""))
        .map(SUMMARY::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(2))
        .toList();
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
