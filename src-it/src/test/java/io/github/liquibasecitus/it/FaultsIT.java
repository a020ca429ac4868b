package io.github.liquibasecitus.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an unlucky operator meets, through real Maven builds: a lock left by a killed build, a
 * connection killed mid-changeset, a worker down. Each is said plainly, loses nothing, and the next
 * run goes on.
 */
@CitusTest
class FaultsIT {
  private static final Pattern STACK_TRACE =
      Pattern.compile("^\\s+at [a-z]+\\.", Pattern.MULTILINE);

  private static MavenBuild project(Path work) throws Exception {
    return MavenBuild.of(MavenBuild.testProject("plugin-project"), work);
  }

  /** The lock table of the build's own changelog history. */
  private static String lockTable(MavenBuild build) {
    return build
        .historyTable()
        .get(1)
        .substring("-Dcitus.databaseChangeLogLockTableName=".length());
  }

  @Test
  void aLockLeftByAKilledBuildIsReleasedAndOneOfAnotherToolIsNamed(
      CitusCluster cluster, @TempDir Path work) throws Exception {
    String schema = TestNames.unique("stale");
    MavenBuild build = project(work);
    String s = "-Dit.schema=" + schema;
    MavenBuild.Result first = build.runOn(cluster, "citus:update@faults", s);
    assertTrue(first.succeeded(), first.output());
    String lock = lockTable(build);
    try (Db db = Db.connect(cluster)) {
      db.exec(
          "UPDATE "
              + lock
              + " SET locked = true, lockgranted = now(),"
              + " lockedby = 'ci-runner#citus-maven-plugin (10.0.0.9)' WHERE id = 1");
    }
    MavenBuild.Result again = build.runOn(cluster, "citus:update@faults", s);
    assertTrue(again.succeeded(), again.output());
    assertTrue(
        again
            .output()
            .contains(
                "Released Liquibase's changelog lock left by a build that is gone"
                    + " (ci-runner#citus-maven-plugin (10.0.0.9) since "),
        again.output());

    // A lock of another tool is not ours to judge: the build says how to free it.
    try (Db db = Db.connect(cluster)) {
      db.exec(
          "UPDATE "
              + lock
              + " SET locked = true, lockgranted = now(), lockedby = 'laptop (10.0.0.7)'"
              + " WHERE id = 1");
    }
    // Something to run (the runOnChange changeset, changed), so that the update needs the lock.
    MavenBuild.Result held =
        build.runOn(
            cluster,
            "citus:update@faults",
            s,
            "-Dit.sleep=1",
            "-Dliquibase.changelogLockWaitTimeInMinutes=0");
    assertFalse(held.succeeded());
    assertTrue(
        held.output().contains("Currently locked by laptop (10.0.0.7) since"), held.output());
    assertTrue(
        held.output()
            .contains(
                "If no other update runs (a build of another tool was killed), mvn"
                    + " citus:releaseLocks frees it."),
        held.output());
    assertFalse(STACK_TRACE.matcher(held.output()).find(), held.output());
    MavenBuild.Result released = build.runOn(cluster, "citus:releaseLocks@faults", s);
    assertTrue(released.succeeded(), released.output());
    assertTrue(released.output().contains("citus:releaseLocks: released the changelog lock"));
    MavenBuild.Result after = build.runOn(cluster, "citus:update@faults", s, "-Dit.sleep=1");
    assertTrue(after.output().contains("citus:update: 1 changeset(s) applied"), after.output());
  }

  @Test
  void aConnectionKilledMidChangesetIsSaidAndTheRerunContinues(
      CitusCluster cluster, @TempDir Path work) throws Exception {
    String schema = TestNames.unique("killed");
    MavenBuild build = project(work);
    String[] args = {"citus:update@faults", "-Dit.schema=" + schema, "-Dit.sleep=60"};
    MavenBuild.Running running = build.startOn(cluster, args);
    try (Db db = Db.connect(cluster)) {
      List<List<Object>> slow =
          await("the slow changeset to start")
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(50))
              .until(
                  () ->
                      db.rows(
                          "SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'"
                              + " AND pid <> pg_backend_pid()"),
                  rows -> !rows.isEmpty());
      Integer pid = (Integer) slow.get(0).get(0);
      db.exec("SELECT pg_terminate_backend(?)", pid);
    }
    MavenBuild.Result killed = running.await();
    assertFalse(killed.succeeded());
    String output = killed.output();
    assertTrue(
        output.contains(
            "citus:update failed: the connection to the coordinator was lost (FATAL: terminating"
                + " connection due to administrator command)"),
        output);
    assertTrue(output.contains("the changeset was not recorded and runs again next time."), output);
    assertFalse(STACK_TRACE.matcher(output).find(), output);
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          Boolean.FALSE,
          db.one("SELECT locked FROM " + lockTable(build) + " WHERE id = 1"),
          "no lock left behind");
    }
    MavenBuild.Result rerun =
        build.runOn(cluster, "citus:update@faults", "-Dit.schema=" + schema, "-Dit.sleep=0");
    assertTrue(rerun.succeeded(), rerun.output());
    assertTrue(rerun.output().contains("citus:update: 2 changeset(s) applied"), rerun.output());
  }

  @Test
  void aWorkerDownWhenTheGoalStartsIsNamed(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    int port;
    try (Db db = Db.connect(cluster)) {
      port =
          db.<Integer>one(
              "SELECT nodeport FROM pg_dist_node WHERE groupid > 0 ORDER BY nodeid LIMIT 1");
    }
    assumeTrue(cluster.stopWorker(1), "this cluster cannot stop a worker");
    MavenBuild.Result result;
    try {
      result =
          project(work)
              .runOn(cluster, "citus:update@faults", "-Dit.schema=" + TestNames.unique("down"));
    } finally {
      cluster.startWorker(1);
    }
    assertFalse(result.succeeded());
    assertTrue(
        result
            .output()
            .contains("citus:update failed: worker 127.0.0.1:" + port + " does not answer"),
        result.output());
    assertTrue(
        result.output().contains("Start the worker again, or take it out of the cluster"),
        result.output());
    assertFalse(STACK_TRACE.matcher(result.output()).find(), result.output());
  }
}
