package io.github.liquibasecitus.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.flyway.CitusExtCallback;
import io.github.liquibasecitus.operations.RebalanceOptions;
import io.github.liquibasecitus.operations.Rebalancing;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.TransferMode;
import io.github.liquibasecitus.sql.Turns;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations and rebalancing take turns, both ways, on the real cluster: a changelog update started
 * during a rebalance waits for it (or refuses at once when told), and finishes; a rebalance started
 * while a migration holds its turn waits for it, or refuses when its time runs out; Flyway's
 * callback does as the update does.
 */
@CitusTest
class TurnsIT {

  @Test
  void anUpdateWaitsForARunningRebalanceAndARebalanceForARunningMigration(
      CitusCluster cluster, @TempDir Path work) throws Exception {
    CitusCluster scratch = cluster.newDatabase(TestNames.unique("turns")).orElse(null);
    assumeTrue(scratch != null, "this cluster cannot create databases on its workers");
    try (scratch;
        Db db = Db.connect(scratch);
        Connection writes = scratch.connect()) {
      RebalanceIT.skewed(scratch, db, 6, 0, 20000);
      // A transaction writing to every schema holds each block_writes move until it ends, so the
      // job is still running whatever the speed of the machine; rolled back once the update waits.
      writes.setAutoCommit(false);
      for (int i = 1; i <= 6; i++) {
        try (var insert = writes.createStatement()) {
          insert.execute("INSERT INTO svc" + i + ".items VALUES (-1, 'held')");
        }
      }
      long job;
      try (Connection c = scratch.connect()) {
        Rebalancing.Outcome started =
            new Rebalancing(c, new RebalanceIT.Lines())
                .rebalance(
                    new Rebalancing.Request(
                        new RebalanceOptions(null, false, TransferMode.BLOCK_WRITES, null, null),
                        false,
                        false,
                        false,
                        Watch.defaults()));
        job = started.job();
      }
      assertTrue(job > 0, "a rebalance job started");

      // Told not to wait: refused at once, nothing ran.
      MavenBuild build = MavenBuild.of(MavenBuild.testProject("plugin-project"), work);
      String schemaName = TestNames.unique("turns");
      String schema = "-Dit.schema=" + schemaName;
      MavenBuild.Result refused =
          build.runOn(scratch, "citus:update", schema, "-Dcitus.waitForRebalance=false");
      assertFalse(refused.succeeded(), refused.output());
      assertTrue(
          refused.output().contains("citus:update: a rebalance is running as job " + job)
              && refused.output().contains("Nothing ran."),
          refused.output());
      assertEquals(Boolean.TRUE, db.one("SELECT to_regnamespace(?) IS NULL", schemaName));

      // By default: it waits for the job, says so, and then runs.
      MavenBuild.Running waiting = build.startOn(scratch, "citus:update", schema);
      await("the update to wait for the rebalance")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  db.rows(
                      "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                          + " AND query LIKE '%pg_advisory_unlock_shared%'"
                          + " AND pid <> pg_backend_pid()"),
              rows -> !rows.isEmpty());
      assertEquals(
          Boolean.TRUE,
          db.one(
              "SELECT state::text IN ('scheduled', 'running') FROM pg_dist_background_job"
                  + " WHERE job_id = ?",
              job));
      writes.rollback();
      MavenBuild.Result waited = waiting.await();
      assertTrue(waited.succeeded(), waited.output());
      assertTrue(
          waited
              .output()
              .contains(
                  "citus:update: a rebalance is running as job "
                      + job
                      + "; waiting for it to end before migrating (at most 30 min"),
          waited.output());
      assertEquals(
          "finished",
          db.one("SELECT state::text FROM pg_dist_background_job WHERE job_id = ?", job));

      // The other way: a migration holds its turn; a rebalance waits for it, or gives up.
      try (Connection migration = scratch.connect();
          Turns turn =
              Turns.migration(migration, Duration.ZERO, "test migration", "-", line -> {});
          Connection c = scratch.connect()) {
        RebalanceIT.Lines lines = new RebalanceIT.Lines();
        Rebalancing rebalancing = new Rebalancing(c, lines);
        SQLException gaveUp =
            assertThrows(
                SQLException.class,
                () ->
                    rebalancing.rebalance(
                        new Rebalancing.Request(
                            new RebalanceOptions(null, true, TransferMode.BLOCK_WRITES, null, null),
                            false,
                            true,
                            false,
                            new Watch(
                                Duration.ofMillis(200),
                                Duration.ZERO,
                                Duration.ofSeconds(2),
                                false))));
        assertTrue(
            gaveUp.getMessage().startsWith("drain: a migration is running on this database")
                && gaveUp.getMessage().contains("Nothing moved."),
            gaveUp.getMessage());
        assertTrue(lines.any("waiting for it to end before moving shards"), lines.toString());
      }
      // Flyway's callback waits for a shard move like the update does; here it gives up.
      try (Connection mover = scratch.connect();
          Turns moving = Turns.move(mover, Duration.ZERO, "test move", line -> {})) {
        FlywayException flyway =
            assertThrows(
                FlywayException.class,
                () ->
                    Flyway.configure()
                        .dataSource(scratch.jdbcUrl(), scratch.username(), scratch.password())
                        .schemas("flyway_turns")
                        .locations("classpath:flyway-plain")
                        .placeholders(Map.of(CitusExtCallback.WAIT_FOR_REBALANCE_TIMEOUT, "PT1S"))
                        .callbacks(new CitusExtCallback())
                        .load()
                        .migrate());
        assertTrue(
            flyway.getMessage().contains("Flyway migrate: shards are being moved")
                && flyway.getMessage().contains("still after 1 s"),
            flyway.getMessage());
      }
      // Once the move ends, Flyway migrates.
      Flyway.configure()
          .dataSource(scratch.jdbcUrl(), scratch.username(), scratch.password())
          .schemas("flyway_turns")
          .locations("classpath:flyway-plain")
          .callbacks(new CitusExtCallback())
          .load()
          .migrate();
      assertEquals(
          Boolean.TRUE, db.one("SELECT to_regclass('flyway_turns.plain_notes') IS NOT NULL"));
    }
  }
}
