package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Maven builds of small projects running the plugin's goals against the cluster. */
@CitusTest
class MavenPluginIT {
  private static final Pattern STACK_TRACE =
      Pattern.compile("^\\s+at [a-z]+\\.", Pattern.MULTILINE);

  /** What java.util.logging prints of a Liquibase line when it escapes Maven's log. */
  private static final Pattern JUL_LINE =
      Pattern.compile("^(\\w{3} \\d{1,2}, \\d{4} .* liquibase\\.|INFO: )", Pattern.MULTILINE);

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static MavenBuild project(Path work) throws Exception {
    return MavenBuild.of(MavenBuild.testProject("plugin-project"), work);
  }

  @Test
  void everyGoalAgainstTheCluster(CitusCluster cluster, @TempDir Path work) throws Exception {
    String schema = TestNames.unique("plugin");
    MavenBuild build = project(work);
    String s = "-Dit.schema=" + schema;

    MavenBuild.Result update = build.runOn(cluster, "citus:update", s);
    assertTrue(update.succeeded(), update.output());
    assertTrue(
        update.output().contains("EXECUTED db/changelog.xml::orders::it ("), update.output());
    assertTrue(
        update.output().contains("citus:update: 4 changeset(s) applied in"), update.output());
    assertFalse(update.output().contains(cluster.password()), "the password must never be printed");

    MavenBuild.Result again = build.runOn(cluster, "citus:update", s);
    assertTrue(again.output().contains("citus:update: 0 changeset(s) applied"), again.output());

    MavenBuild.Result status = build.runOn(cluster, "citus:status", s);
    assertTrue(status.succeeded(), status.output());
    assertTrue(status.output().contains("Nodes: "), status.output());
    assertTrue(
        Pattern.compile(Pattern.quote(schema + "-acme") + "\\s+127\\.0\\.0\\.1:\\d+\\s+2")
            .matcher(status.output())
            .find(),
        status.output());

    MavenBuild.Result validate = build.runOn(cluster, "citus:validate", s);
    assertTrue(validate.succeeded(), validate.output());

    Path sqlFile = work.resolve("target/rollback.sql");
    MavenBuild.Result rollbackSql =
        build.runOn(
            cluster,
            "citus:rollbackSQL",
            s,
            "-Dcitus.rollbackCount=1",
            "-Dcitus.outputFile=" + sqlFile);
    assertTrue(rollbackSql.succeeded(), rollbackSql.output());
    assertTrue(
        Files.readString(sqlFile).contains("citus_ext.undistribute_table"),
        Files.readString(sqlFile));

    MavenBuild.Result rollback =
        build.runOn(cluster, "citus:rollback", s, "-Dcitus.rollbackCount=2");
    assertTrue(rollback.succeeded(), rollback.output());
    assertTrue(
        rollback.output().contains("citus:rollback: 2 changeset(s) rolled back"),
        rollback.output());
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          0L,
          db.<Long>one(
              "SELECT count(*) FROM pg_class WHERE relname = 'invoices' AND relnamespace = ?::regnamespace",
              schema));
    }
    // Update, roll back and update again in one build: Liquibase's in-JVM "up to date" cache
    // must not make the second update skip.
    MavenBuild.Result roundTrip =
        build.runOn(
            cluster,
            "citus:update",
            "citus:rollback",
            "citus:update",
            s,
            "-Dcitus.rollbackCount=1");
    assertTrue(roundTrip.succeeded(), roundTrip.output());
    assertTrue(
        roundTrip.output().contains("citus:rollback: 1 changeset(s) rolled back"),
        roundTrip.output());
    assertTrue(
        roundTrip.output().contains("citus:update: 1 changeset(s) applied"), roundTrip.output());

    MavenBuild.Result tag = build.runOn(cluster, "citus:tag", "-Dcitus.tag=" + schema);
    assertTrue(tag.succeeded(), tag.output());
    MavenBuild.Result toTag =
        build.runOn(cluster, "citus:rollback", s, "-Dcitus.rollbackTag=" + schema);
    assertTrue(toTag.succeeded(), toTag.output());
    assertTrue(
        toTag.output().contains("citus:rollback: 0 changeset(s) rolled back"), toTag.output());

    Path updateSql = work.resolve("target/update.sql");
    MavenBuild.Result offline = build.run("citus:updateSQL", s, "-Dcitus.outputFile=" + updateSql);
    assertTrue(offline.succeeded(), offline.output());
    assertTrue(Files.readString(updateSql).contains("CREATE SCHEMA IF NOT EXISTS citus_ext"));

    MavenBuild.Result rebalance =
        build.runOn(
            cluster,
            "citus:rebalance",
            "-Dcitus.rebalanceStrategy=by_shard_count",
            "-Dcitus.dryRun");
    assertTrue(rebalance.succeeded(), rebalance.output());
    assertTrue(rebalance.output().contains("citus:rebalance: dry run ("), rebalance.output());
  }

  /** citus:rebalance and citus:drain as a pipeline runs them, on a database of their own. */
  @Test
  void rebalanceAndDrainGoals(CitusCluster cluster, @TempDir Path work) throws Exception {
    MavenBuild build = project(work);
    CitusCluster scratch = cluster.newDatabase(TestNames.unique("goals")).orElse(null);
    assumeTrue(scratch != null, "this cluster cannot create databases on its workers");
    try (scratch;
        Db db = Db.connect(scratch)) {
      RebalanceIT.skewed(scratch, db, 4, 2, 10);

      MavenBuild.Result dry =
          build.runOn(
              scratch,
              "citus:rebalance",
              "-Dcitus.rebalanceStrategy=by_shard_count",
              "-Dcitus.dryRun=true");
      assertTrue(dry.succeeded(), dry.output());
      assertTrue(dry.output().contains("shard group(s) would move"), dry.output());
      assertTrue(dry.output().contains("WHAT "), dry.output());

      MavenBuild.Result bad =
          build.runOn(scratch, "citus:rebalance", "-Dcitus.rebalanceTimeout=soon");
      assertFalse(bad.succeeded());
      assertTrue(
          bad.output()
              .contains("citus.rebalanceTimeout 'soon' is not an ISO-8601 duration such as PT30M"),
          bad.output());

      long job =
          db.one(
              "SELECT citus_rebalance_start(rebalance_strategy => 'by_shard_count',"
                  + " shard_transfer_mode => 'force_logical')");
      MavenBuild.Result timeout =
          build.runOn(scratch, "citus:rebalance", "-Dcitus.rebalanceTimeout=PT1S");
      assertFalse(timeout.succeeded());
      assertTrue(
          timeout.output().contains("a rebalance is already running as job " + job),
          timeout.output());
      assertTrue(
          timeout
              .output()
              .contains(
                  "Run citus:rebalance again to watch it, or with -Dcitus.rebalanceStop=true to stop it"),
          timeout.output());
      assertFalse(STACK_TRACE.matcher(timeout.output()).find(), timeout.output());
      MavenBuild.Result stop =
          build.runOn(scratch, "citus:rebalance", "-Dcitus.rebalanceStop=true");
      assertTrue(stop.succeeded(), stop.output());
      assertTrue(
          stop.output().contains("citus:rebalance: job " + job + " cancelled ("), stop.output());

      MavenBuild.Result rebalance =
          build.runOn(
              scratch,
              "citus:rebalance",
              "-Dcitus.rebalanceStrategy=by_shard_count",
              "-Dcitus.transferMode=block_writes",
              "-Dcitus.rebalanceProgress=PT1S");
      assertTrue(rebalance.succeeded(), rebalance.output());
      assertTrue(
          rebalance.output().contains("layout per node (before -> after)"), rebalance.output());
      assertTrue(
          rebalance.output().matches("(?s).*citus:rebalance: job \\d+ finished \\(.*"),
          rebalance.output());

      MavenBuild.Result noNode = build.runOn(scratch, "citus:drain");
      assertFalse(noNode.succeeded());
      assertTrue(
          noNode.output().contains("citus:drain needs the node to drain: -Dcitus.node=host:port"),
          noNode.output());
      String last =
          db.one(
              "SELECT nodename || ':' || nodeport FROM pg_dist_node ORDER BY groupid DESC LIMIT 1");
      MavenBuild.Result drain =
          build.runOn(
              scratch,
              "citus:drain",
              "-Dcitus.node=" + last,
              "-Dcitus.removeNode=true",
              "-Dcitus.transferMode=block_writes");
      assertTrue(drain.succeeded(), drain.output());
      assertTrue(drain.output().contains("removed " + last + " from the cluster"), drain.output());
      assertEquals(
          0L,
          db.<Long>one(
              "SELECT count(*) FROM pg_dist_node WHERE nodename || ':' || nodeport = ?", last));
    }
  }

  @Test
  void wrongPasswordIsAClearUserErrorWithoutStackTrace(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    MavenBuild build = project(work);
    Path settings = build.settings(cluster.username(), "not-the-password");
    MavenBuild.Result result =
        build.run(
            "-s",
            settings.toString(),
            "-Dcitus.url=" + cluster.jdbcUrl(),
            "-Dcitus.server=citus",
            "citus:update",
            "-Dit.schema=x");
    assertFalse(result.succeeded());
    assertTrue(
        result.output().contains("Authentication failed for user " + cluster.username()),
        result.output());
    assertTrue(
        result.output().contains("check citus.username and citus.password, or the <server>"),
        result.output());
    assertFalse(
        STACK_TRACE.matcher(result.output()).find(),
        "no stack trace for a user error:\n" + result.output());
    assertFalse(result.output().contains("not-the-password"));
  }

  @Test
  void helpListsEveryGoalAndDetailsOne(@TempDir Path work) throws Exception {
    MavenBuild build = project(work);
    MavenBuild.Result all = build.run("citus:help");
    assertTrue(all.succeeded(), all.output());
    for (String goal :
        List.of(
            "check",
            "drain",
            "help",
            "isolateTenant",
            "moveTenant",
            "rebalance",
            "releaseLocks",
            "rollback",
            "rollbackSQL",
            "start",
            "status",
            "stop",
            "tenants",
            "tag",
            "update",
            "updateSQL",
            "validate")) {
      assertTrue(all.output().contains("citus:" + goal + "\n"), goal + ": " + all.output());
    }
    MavenBuild.Result one = build.run("citus:help", "-Ddetail", "-Dgoal=drain");
    assertTrue(one.succeeded(), one.output());
    assertTrue(one.output().contains("removeNode"), one.output());
    assertTrue(one.output().contains("User property: citus.removeNode"), one.output());
  }

  @Test
  void unreachableHostIsAClearUserError(@TempDir Path work) throws Exception {
    MavenBuild.Result result =
        project(work)
            .run(
                "-Dcitus.url=jdbc:postgresql://127.0.0.1:1/citus",
                "-Dcitus.username=u",
                "citus:update",
                "-Dit.schema=x");
    assertFalse(result.succeeded());
    assertTrue(
        result.output().contains("Cannot reach the Citus coordinator at 127.0.0.1:1/citus"),
        result.output());
    assertFalse(STACK_TRACE.matcher(result.output()).find(), result.output());
  }

  @Test
  void changeSetCitusRefusesIsNotRecordedAndTheNextRunRetriesIt(
      CitusCluster cluster, @TempDir Path work) throws Exception {
    String schema = TestNames.unique("refused");
    MavenBuild build = project(work);
    try (Db db = Db.connect(cluster)) {
      // A reference table in the schema: Citus cannot distribute it.
      db.exec("CREATE SCHEMA " + schema);
      db.exec("CREATE TABLE " + schema + ".currencies (code text PRIMARY KEY)");
      db.exec("SELECT create_reference_table(?)", schema + ".currencies");
    }
    String[] args = {"citus:update@distribute", "-Dit.schema=" + schema};
    MavenBuild.Result refused = build.runOn(cluster, args);
    assertFalse(refused.succeeded());
    assertTrue(
        refused.output().contains("the changeset was not recorded and runs again next time"),
        refused.output());
    assertTrue(
        refused
            .output()
            .contains(
                "has reference table "
                    + schema
                    + ".currencies, which Citus cannot put in a distributed schema"),
        refused.output());
    assertTrue(
        refused.output().contains("Move " + schema + ".currencies out of the schema"),
        refused.output());
    assertEquals(
        1,
        count(refused.output(), "which Citus cannot put in a distributed schema"),
        "the failure is said once: " + refused.output());
    assertFalse(STACK_TRACE.matcher(refused.output()).find(), refused.output());
    try (Db db = Db.connect(cluster)) {
      db.exec("SELECT undistribute_table(?)", schema + ".currencies");
    }
    MavenBuild.Result retried = build.runOn(cluster, args);
    assertTrue(retried.succeeded(), retried.output());
    assertTrue(retried.output().contains("citus:update: 1 changeset(s) applied"), retried.output());
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          "schema", db.one("SELECT citus_ext.table_kind(?::regclass)", schema + ".currencies"));
    }
  }

  @Test
  void twoUpdatesAtOnceTakeTurnsOnTheChangelogLock(
      CitusCluster cluster, @TempDir Path a, @TempDir Path b) throws Exception {
    String schema = TestNames.unique("race");
    MavenBuild first = project(a);
    MavenBuild second = project(b);
    String[] args = {
      "-s",
      first.settings(cluster.username(), cluster.password()).toString(),
      "-Dcitus.url=" + cluster.jdbcUrl(),
      "-Dcitus.server=citus",
      "citus:update",
      "-Dit.schema=" + schema,
      first.historyTable().get(0),
      first.historyTable().get(1)
    };
    MavenBuild.Running one = first.start(args);
    MavenBuild.Running two = second.start(args);
    MavenBuild.Result r1 = one.await();
    MavenBuild.Result r2 = two.await();
    assertTrue(r1.succeeded(), r1.output());
    assertTrue(r2.succeeded(), r2.output());
    try (Db db = Db.connect(cluster)) {
      String table =
          first.historyTable().get(0).substring("-Dcitus.databaseChangeLogTableName=".length());
      assertEquals(
          4L,
          db.<Long>one("SELECT count(*) FROM " + table + " WHERE filename = 'db/changelog.xml'"),
          "each changeset recorded exactly once");
      assertEquals(
          2L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", schema + "-acme"));
    }
    String both = r1.output() + r2.output();
    assertTrue(both.contains("citus:update: 4 changeset(s) applied"), both);
    assertTrue(both.contains("citus:update: 0 changeset(s) applied"), both);
  }

  @Test
  void mvnDashXPrintsNoPassword(CitusCluster cluster, @TempDir Path work) throws Exception {
    // The password on the command line and in the URL: the worst case for Maven's debug dump.
    MavenBuild.Result result =
        project(work)
            .run(
                "-X",
                "citus:update",
                "citus:status",
                "-Dit.schema=" + TestNames.unique("debug"),
                "-Dcitus.url=" + cluster.jdbcUrl() + "?password=" + cluster.password(),
                "-Dcitus.username=" + cluster.username(),
                "-Dcitus.password=" + cluster.password());
    assertTrue(result.succeeded(), result.output().replace(cluster.password(), "***"));
    assertTrue(result.output().contains("[DEBUG]"), "a debug build");
    assertEquals(0, count(result.output(), cluster.password()), "the password is never printed");
  }

  /**
   * Mistakes that used to read as something else: an absolute changelog path that exists, a
   * rebalance strategy the cluster does not have, a URL without a user.
   */
  @Test
  void messagesNameTheInputAndTheFix(CitusCluster cluster, @TempDir Path work) throws Exception {
    MavenBuild build = project(work);
    String schema = TestNames.unique("absolute");
    MavenBuild.Result absolute =
        build.runOn(
            cluster,
            "citus:update",
            "-Dit.schema=" + schema,
            "-Dcitus.changeLogFile=" + work.resolve("db/changelog.xml").toAbsolutePath());
    assertTrue(absolute.succeeded(), absolute.output());
    assertTrue(
        absolute.output().contains("EXECUTED db/changelog.xml::orders::it ("), absolute.output());

    MavenBuild.Result strategy =
        build.runOn(cluster, "citus:rebalance", "-Dcitus.rebalanceStrategy=nope");
    assertFalse(strategy.succeeded(), strategy.output());
    assertTrue(
        strategy
            .output()
            .contains(
                "rebalance strategy 'nope' is not one of this cluster's: by_disk_size,"
                    + " by_shard_count"),
        strategy.output());

    MavenBuild.Result noUser = build.run("citus:status", "-Dcitus.url=" + cluster.jdbcUrl());
    assertFalse(noUser.succeeded(), noUser.output());
    assertTrue(
        noUser.output().contains("Authentication failed with no username given"), noUser.output());
    assertFalse(noUser.output().contains("user null"), noUser.output());
  }

  /** citus:status as a role that may only read: the history as it is, nothing created. */
  @Test
  void statusAsARoleThatMayOnlyReadWritesNothing(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    String reader = TestNames.unique("reader");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE ROLE " + reader + " LOGIN PASSWORD 'read-only'");
    }
    try {
      MavenBuild build = project(work);
      String history = build.historyTable().get(0).replaceFirst(".*=", "");
      MavenBuild.Result result =
          build.run(
              "citus:status",
              "-Dit.schema=" + TestNames.unique("ro"),
              "-Dcitus.url=" + cluster.jdbcUrl(),
              "-Dcitus.username=" + reader,
              "-Dcitus.password=read-only",
              build.historyTable().get(0),
              build.historyTable().get(1));
      assertTrue(result.succeeded(), result.output());
      assertTrue(
          result.output().contains("4 changeset(s) of db/changelog.xml not applied yet:"),
          result.output());
      try (Db db = Db.connect(cluster)) {
        assertEquals(
            0L,
            db.<Long>one("SELECT count(*) FROM pg_class WHERE relname LIKE ?", history + "%"),
            "no history table created");
      }
    } finally {
      try (Db db = Db.connect(cluster)) {
        db.exec("DROP ROLE IF EXISTS " + reader);
      }
    }
  }

  @Test
  void aMissingChangelogIsNamedInOneLine(@TempDir Path work) throws Exception {
    MavenBuild.Result result = project(work).run("citus:update@missing", "-Dit.schema=x");
    assertFalse(result.succeeded());
    assertTrue(
        result.output().contains("citus:update: the changelog db/missing.xml does not exist in "),
        result.output());
    assertFalse(
        result.output().contains(".m2/repository"), "no classpath dump: " + result.output());
    assertFalse(STACK_TRACE.matcher(result.output()).find(), result.output());
  }

  @Test
  void skipFlags(@TempDir Path work) throws Exception {
    MavenBuild build = project(work);
    MavenBuild.Result all = build.run("citus:update", "-Dcitus.skip=true");
    assertTrue(all.succeeded(), all.output());
    assertTrue(all.output().contains("Skipping citus:update (citus.skip)"), all.output());
    MavenBuild.Result one =
        build.run(
            "citus:update", "citus:status", "-Dcitus.update.skip=true", "-Dcitus.status.skip=true");
    assertTrue(one.succeeded(), one.output());
    assertTrue(one.output().contains("Skipping citus:update (citus.update.skip)"), one.output());
    assertTrue(one.output().contains("Skipping citus:status (citus.status.skip)"), one.output());
  }

  @Test
  void noUrlAndNoWayToStartAClusterNamesTheThreeWays(@TempDir Path work) throws Exception {
    MavenBuild.Result result =
        project(work)
            .env("PG_CONFIG", "/nonexistent/pg_config")
            .run("citus:update", "-Dit.schema=x");
    assertFalse(result.succeeded());
    assertTrue(
        result
            .output()
            .contains(
                "citus:update has no cluster: no citus.url is set, no dev cluster of citus:start"
                    + " runs, and no throwaway cluster can be started."),
        result.output());
    assertTrue(result.output().contains("(1) a running cluster"), result.output());
    assertTrue(result.output().contains("(3) a Docker engine"), result.output());
  }

  @Test
  void theReadmesMainCommandRunsTheTutorialAsThreeServices(@TempDir Path work) throws Exception {
    String readme = Files.readString(LiquibaseRun.REPO.resolve("README.md"));
    java.util.regex.Matcher command =
        Pattern.compile("&& \\./mvnw -B -f examples/microservices/pom.xml ([^\\n]+)")
            .matcher(readme);
    assertTrue(command.find(), "the README's first command runs the microservices example");
    MavenBuild example = MavenBuild.of(LiquibaseRun.REPO.resolve("examples/microservices"), work);
    MavenBuild.Result result = example.run(command.group(1).trim().split("\\s+"));
    String output = result.output();
    assertTrue(result.succeeded(), output);
    assertEquals(4, count(output, " changeset(s) applied in "), output);
    for (String service : new String[] {"user_service", "time_service", "ping_service"}) {
      // The service's table and its own changelog tables, in its schema, owned by its role.
      assertTrue(
          Pattern.compile(service + "\\s+127\\.0\\.0\\.1:\\d+\\s+3\\s+\\d+ kB\\s+" + service)
              .matcher(output)
              .find(),
          output);
    }
    assertFalse(JUL_LINE.matcher(output).find(), output);
  }

  @Test
  void throwawayClusterRunsTheMultiTenantExample(@TempDir Path work) throws Exception {
    MavenBuild example = MavenBuild.of(LiquibaseRun.REPO.resolve("examples/multi-tenant"), work);
    MavenBuild.Result result = example.run("citus:update", "citus:status");
    assertTrue(result.succeeded(), result.output());
    String output = result.output();
    assertEquals(
        1,
        count(output, "No citus.url given: started a throwaway cluster for this build:"),
        "the long description once per build: " + output);
    assertTrue(
        Pattern.compile(
                "citus:update: 6 changeset\\(s\\) applied in \\d+ ms \\(throwaway cluster\\)")
            .matcher(output)
            .find(),
        output);
    assertTrue(
        Pattern.compile("TENANT\\s+NODE\\s+TABLES\\s+SIZE\\s+OWNER").matcher(output).find(),
        output);
    assertTrue(
        Pattern.compile("acme\\s+127\\.0\\.0\\.1:\\d+\\s+3\\s+\\d+ kB\\s+postgres")
            .matcher(output)
            .find(),
        output);
    assertFalse(
        JUL_LINE.matcher(output).find(), "Liquibase's lines go through Maven's log: " + output);
  }

  @Test
  void startKeepsADevClusterBetweenBuildsAndStopKeepsItsData(@TempDir Path temp) throws Exception {
    Path work = MavenBuild.readableByAll(temp, "dev");
    MavenBuild example = MavenBuild.of(LiquibaseRun.REPO.resolve("examples/multi-tenant"), work);
    try {
      MavenBuild.Result start = example.run("citus:start");
      assertTrue(start.succeeded(), start.output());
      MavenBuild.Result update = example.run("citus:update");
      assertTrue(
          update.output().contains("No citus.url given: using the dev cluster of citus:start"),
          update.output());
      assertTrue(update.output().contains("citus:update: 6 changeset(s) applied"), update.output());
      assertTrue(
          example.run("citus:stop").output().contains("citus:stop: stopped the dev cluster"));

      MavenBuild.Result again = example.run("citus:start", "citus:update");
      assertTrue(again.succeeded(), again.output());
      assertTrue(
          again.output().contains("citus:update: 0 changeset(s) applied"),
          "data kept: " + again.output());
    } finally {
      example.run("citus:stop");
    }
    assertTrue(example.run("citus:stop").output().contains("no dev cluster is running"));
  }
}
