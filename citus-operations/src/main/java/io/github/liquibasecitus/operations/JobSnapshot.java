package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.Turns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A background job and its tasks as the coordinator's catalogs hold them at one moment ({@code
 * pg_dist_background_job}, {@code pg_dist_background_task}): no call to the workers, so it can be
 * read often.
 *
 * @param readAt the coordinator's clock when read
 */
public record JobSnapshot(
    long jobId,
    String state,
    Instant startedAt,
    Instant finishedAt,
    Instant readAt,
    List<Task> tasks) {

  /** Job states after which nothing more happens. */
  public static final List<String> ENDED = List.of("finished", "cancelled", "failed");

  /**
   * A task: a shard group's move, or the copy of reference tables to new nodes.
   *
   * @param retries how many times it failed and was scheduled again
   * @param notBefore when Citus runs it again after a failure; null otherwise
   */
  public record Task(
      long id, String status, int retries, String message, String command, Instant notBefore) {
    private static final Pattern MOVE =
        Pattern.compile("citus_(?:move|copy)_shard_placement\\((\\d+),\\s*(\\d+),\\s*(\\d+)");

    /** The shard, source node id and target node id of a move; empty for other tasks. */
    public Optional<long[]> move() {
      Matcher m = MOVE.matcher(command == null ? "" : command);
      return m.find()
          ? Optional.of(
              new long[] {
                Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))
              })
          : Optional.empty();
    }
  }

  public boolean ended() {
    return ENDED.contains(state);
  }

  /** Tasks with the given status. */
  public long count(String status) {
    return tasks.stream().filter(t -> t.status().equals(status)).count();
  }

  /** The 1-based position of a task, in the order Citus scheduled them. */
  public int position(Task task) {
    return tasks.indexOf(task) + 1;
  }

  /** Reads a job; empty when there is no job with that id. Call with the search path pinned. */
  static Optional<JobSnapshot> read(Connection c, long jobId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT j.state::text, j.started_at, j.finished_at, clock_timestamp(), t.task_id,"
                + " t.status::text, coalesce(t.retry_count, 0), t.message, t.command, t.not_before"
                + " FROM pg_dist_background_job j"
                + " LEFT JOIN pg_dist_background_task t ON t.job_id = j.job_id"
                + " WHERE j.job_id = ? ORDER BY t.task_id")) {
      s.setLong(1, jobId);
      try (ResultSet rs = s.executeQuery()) {
        List<Task> tasks = new ArrayList<>();
        String state = null;
        Instant started = null;
        Instant finished = null;
        Instant now = null;
        while (rs.next()) {
          state = rs.getString(1);
          started = instant(rs, 2);
          finished = instant(rs, 3);
          now = instant(rs, 4);
          long task = rs.getLong(5);
          if (!rs.wasNull()) {
            tasks.add(
                new Task(
                    task,
                    rs.getString(6),
                    rs.getInt(7),
                    rs.getString(8),
                    rs.getString(9),
                    instant(rs, 10)));
          }
        }
        return state == null
            ? Optional.empty()
            : Optional.of(new JobSnapshot(jobId, state, started, finished, now, tasks));
      }
    }
  }

  /** The newest rebalance job that has not ended, if any. Call with the search path pinned. */
  static Optional<Long> running(Connection c) throws SQLException {
    return Turns.runningRebalance(c);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    java.sql.Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
