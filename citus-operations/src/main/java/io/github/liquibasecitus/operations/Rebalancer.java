package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.TransferMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.OptionalLong;

/** Citus' background rebalancer: start a job, wait for it, read how it ended. */
public final class Rebalancer {
  private final Connection connection;

  /**
   * @param connection a connection that autocommits (a job must be committed to run)
   */
  public Rebalancer(Connection connection) {
    this.connection = connection;
  }

  /** How a job ended: its state, its number of tasks, and the messages of failed tasks. */
  public record JobResult(long jobId, String state, long tasks, String failures) {
    public boolean finished() {
      return "finished".equals(state);
    }
  }

  /**
   * Starts {@code citus_rebalance_start}; empty when the cluster is balanced already.
   *
   * @param strategy a rebalance strategy name; Citus' default when null
   */
  public OptionalLong start(String strategy, TransferMode mode) throws SQLException {
    return PinnedSearchPath.run(
        connection,
        c -> {
          // The mode goes untyped (Types.OTHER), so Citus' signature types it: naming the type
          // would need USAGE on schema citus, which non-superusers lack.
          try (PreparedStatement start =
              c.prepareStatement(
                  "SELECT citus_rebalance_start(rebalance_strategy => ?::name,"
                      + " shard_transfer_mode => ?)")) {
            start.setString(1, strategy);
            start.setObject(2, mode.sqlName(), Types.OTHER);
            try (ResultSet rs = start.executeQuery()) {
              rs.next();
              long job = rs.getLong(1);
              return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(job);
            }
          }
        });
  }

  /** Waits until the job ends, then reads how. */
  public JobResult await(long job) throws SQLException {
    return PinnedSearchPath.run(
        connection,
        c -> {
          try (PreparedStatement wait = c.prepareStatement("SELECT citus_job_wait(?)")) {
            wait.setLong(1, job);
            wait.execute();
          }
          return result(c, job);
        });
  }

  private static JobResult result(Connection c, long job) throws SQLException {
    try (PreparedStatement state =
        c.prepareStatement(
            "SELECT j.state::text,"
                + " (SELECT count(*) FROM pg_dist_background_task t WHERE t.job_id = j.job_id),"
                + " (SELECT string_agg(t.message, '; ') FROM pg_dist_background_task t"
                + " WHERE t.job_id = j.job_id AND t.status IN ('error', 'cancelled'))"
                + " FROM pg_dist_background_job j WHERE j.job_id = ?")) {
      state.setLong(1, job);
      try (ResultSet rs = state.executeQuery()) {
        rs.next();
        return new JobResult(job, rs.getString(1), rs.getLong(2), rs.getString(3));
      }
    }
  }
}
