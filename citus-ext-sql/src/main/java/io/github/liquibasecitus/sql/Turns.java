package io.github.liquibasecitus.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Migrations and shard moves take turns on one database. A DDL statement on a table whose shard is
 * moving waits for the move (measured on Citus 13: an ALTER TABLE waited out a 258 MB move), so a
 * migration started during a rebalance stalls behind moves it cannot see, and a rebalance started
 * during a migration stalls the migration.
 *
 * <p>A migration (a Liquibase update or rollback of this product, a Flyway migrate with its
 * callback) holds the <em>shared</em> turn while it runs, once no rebalance job is running; a shard
 * move (citus:rebalance and citus:drain while they start their job, citus:moveTenant for its whole
 * move) holds the <em>exclusive</em> turn. Each side waits for the other at most as long as it is
 * told, saying so in a line, then refuses with what to do. The turns are session advisory locks
 * with two keys, which cannot collide with single-key advisory locks, and end with the session.
 */
public final class Turns implements AutoCloseable {
  /** A turn not had in time: nothing ran; the message says why and what to do. */
  public static final class Refused extends SQLException {
    Refused(String message) {
      super(message, SqlStates.OBJECT_NOT_IN_STATE);
    }
  }

  /** How long either side waits for the other unless told otherwise. */
  public static final Duration DEFAULT_WAIT = Duration.ofMinutes(30);

  private static final String KEYS =
      "pg_catalog.hashtext('liquibase-citus'), pg_catalog.hashtext('migrations')";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration REMIND = Duration.ofSeconds(30);

  private final Connection connection;
  private final boolean shared;

  private Turns(Connection connection, boolean shared) {
    this.connection = connection;
    this.shared = shared;
  }

  /**
   * The turn of a migration: waits up to {@code wait} for a running rebalance job to end and for a
   * move holding the exclusive turn; refuses at once when {@code wait} is zero.
   *
   * @param what the migration in the user's words, e.g. {@code citus:update}
   * @param option how the user changes the wait, named in messages
   */
  public static Turns migration(
      Connection connection, Duration wait, String what, String option, Consumer<String> log)
      throws SQLException {
    long deadline = System.nanoTime() + wait.toNanos();
    long lastLine = 0;
    while (true) {
      String busy;
      if (call(connection, "pg_try_advisory_lock_shared")) {
        Optional<Long> job = runningRebalance(connection);
        if (job.isEmpty()) {
          return new Turns(connection, true);
        }
        call(connection, "pg_advisory_unlock_shared");
        busy = "a rebalance is running as job " + job.get();
      } else {
        busy = "shards are being moved (citus:moveTenant, or a rebalance starting)";
      }
      long now = System.nanoTime();
      if (now >= deadline) {
        throw new Refused(
            what
                + ": "
                + busy
                + (wait.isZero() ? "" : ", still after " + words(wait))
                + "; DDL on tables whose shards move waits for each move. Run it when the moves"
                + " end (SELECT * FROM citus_rebalance_status() shows a rebalance;"
                + " citus:rebalance -Dcitus.rebalanceStop=true stops it), or wait longer: "
                + option
                + ". Nothing ran.");
      }
      if (lastLine == 0 || now - lastLine >= REMIND.toNanos()) {
        log.accept(
            what
                + ": "
                + busy
                + "; waiting for it to end before migrating (at most "
                + words(wait)
                + ", "
                + option
                + ")");
        lastLine = now;
      }
      sleep();
    }
  }

  /**
   * The turn of a shard move: waits up to {@code wait} for running migrations to end.
   *
   * @param what the move in the user's words, e.g. {@code citus:rebalance}
   */
  public static Turns move(Connection connection, Duration wait, String what, Consumer<String> log)
      throws SQLException {
    long deadline = System.nanoTime() + wait.toNanos();
    long lastLine = 0;
    while (!call(connection, "pg_try_advisory_lock")) {
      long now = System.nanoTime();
      if (now >= deadline) {
        throw new Refused(
            what
                + ": a migration is running on this database (a changelog update or rollback, or a"
                + " Flyway migrate), still after "
                + words(wait)
                + "; moving shards now would stall its DDL. Move when it ends. Nothing moved.");
      }
      if (lastLine == 0 || now - lastLine >= REMIND.toNanos()) {
        log.accept(
            what
                + ": a migration is running on this database; waiting for it to end before moving"
                + " shards (at most "
                + words(wait)
                + ")");
        lastLine = now;
      }
      sleep();
    }
    return new Turns(connection, false);
  }

  /** The newest rebalance job (rebalance or drain) that has not ended. */
  public static Optional<Long> runningRebalance(Connection connection) throws SQLException {
    try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT job_id FROM pg_catalog.pg_dist_background_job"
                    + " WHERE job_type OPERATOR(pg_catalog.=) 'rebalance'"
                    + " AND state::pg_catalog.text <> ALL ('{finished,cancelled,failed}')"
                    + " ORDER BY job_id DESC LIMIT 1");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
    }
  }

  @Override
  public void close() throws SQLException {
    if (!connection.isClosed()) {
      call(connection, shared ? "pg_advisory_unlock_shared" : "pg_advisory_unlock");
    }
  }

  private static boolean call(Connection connection, String function) throws SQLException {
    try (PreparedStatement s =
            connection.prepareStatement("SELECT pg_catalog." + function + "(" + KEYS + ")");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** PT30M as 30 min, PT45S as 45 s. */
  static String words(Duration d) {
    long s = d.toSeconds();
    if (s % 60 == 0 && s > 0) {
      return s / 60 + " min";
    }
    return s + " s";
  }

  private static void sleep() throws SQLException {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a turn", e);
    }
  }
}
