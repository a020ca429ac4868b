package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches a background rebalance job until it ends: polls the catalogs (never blocks in {@code
 * citus_job_wait}, whose statement timeouts can leave replication slots behind), logs each change
 * of state as it happens and a progress line per interval.
 */
final class JobWatcher {
  private final Connection connection;
  private final OperationsLog log;
  private final ShardGroups groups;
  private final Map<Long, String> names = new HashMap<>();

  JobWatcher(Connection connection, OperationsLog log, ShardGroups groups) {
    this.connection = connection;
    this.log = log;
    this.groups = groups;
  }

  /**
   * Watches until the job ends or the time runs out.
   *
   * @return the job as it ended
   * @throws RebalanceException when the time ran out (the job stopped or left running, as asked)
   */
  JobSnapshot watch(long jobId, Watch watch) throws SQLException, RebalanceException {
    long started = System.nanoTime();
    long lastProgress = started;
    JobSnapshot before = null;
    long doneAtStart = -1;
    while (true) {
      JobSnapshot now = read(jobId);
      if (doneAtStart < 0) {
        doneAtStart = now.count("done");
      }
      for (JobEvents.Line line : JobEvents.between(before, now, this::name)) {
        if (line.warning()) {
          log.warn(line.text());
        } else {
          log.info(line.text());
        }
      }
      if (now.ended()) {
        return now;
      }
      long t = System.nanoTime();
      Duration elapsed = Duration.ofNanos(t - started);
      if (!watch.progressEvery().isZero()
          && Duration.ofNanos(t - lastProgress).compareTo(watch.progressEvery()) >= 0) {
        log.info(JobEvents.progress(now, running(jobId), elapsed, doneAtStart, this::name));
        lastProgress = t;
      }
      if (watch.timeout() != null && elapsed.compareTo(watch.timeout()) >= 0) {
        throw timedOut(now, watch);
      }
      before = now;
      sleep(watch.poll());
    }
  }

  /** Asks Citus to cancel the job, then watches until it has. */
  JobSnapshot cancel(long jobId, Watch watch) throws SQLException, RebalanceException {
    PinnedSearchPath.run(
        connection,
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT citus_job_cancel(?)")) {
            s.setLong(1, jobId);
            s.execute();
          }
          return null;
        });
    return watch(jobId, new Watch(watch.poll(), watch.progressEvery(), null, false));
  }

  private RebalanceException timedOut(JobSnapshot now, Watch watch)
      throws SQLException, RebalanceException {
    String done = now.count("done") + " of " + now.tasks().size() + " done";
    if (watch.stopOnTimeout()) {
      log.warn(
          "job "
              + now.jobId()
              + ": no end after "
              + JobEvents.format(watch.timeout())
              + "; stopping it");
      JobSnapshot stopped = cancel(now.jobId(), watch);
      return new RebalanceException(
          RebalanceException.Kind.STOPPED_ON_TIMEOUT,
          now.jobId(),
          "job "
              + now.jobId()
              + " did not end within "
              + JobEvents.format(watch.timeout())
              + " and was stopped ("
              + stopped.state()
              + "): "
              + moved(stopped));
    }
    return new RebalanceException(
        RebalanceException.Kind.STILL_RUNNING,
        now.jobId(),
        "job "
            + now.jobId()
            + " did not end within "
            + JobEvents.format(watch.timeout())
            + "; it is still "
            + now.state()
            + " in the background ("
            + done
            + "). Watching it again attaches to it; SELECT * FROM citus_job_status("
            + now.jobId()
            + ") shows it; citus_job_cancel("
            + now.jobId()
            + ") stops it.");
  }

  /** What moved and what did not, for a job that ended without finishing. */
  String moved(JobSnapshot job) {
    List<String> done = new ArrayList<>();
    List<String> notDone = new ArrayList<>();
    for (JobSnapshot.Task task : job.tasks()) {
      ("done".equals(task.status()) ? done : notDone).add(name(task));
    }
    return done.size()
        + " of "
        + job.tasks().size()
        + " moved"
        + (done.isEmpty() ? "" : " (" + String.join("; ", done) + ")")
        + (notDone.isEmpty() ? "" : ", not moved: " + String.join("; ", notDone));
  }

  private JobSnapshot read(long jobId) throws SQLException {
    return PinnedSearchPath.run(
        connection,
        c -> {
          JobSnapshot job =
              JobSnapshot.read(c, jobId)
                  .orElseThrow(() -> new SQLException("There is no background job " + jobId));
          nameNewTasks(c, job);
          return job;
        });
  }

  /** Names tasks not seen before: one catalog read for all of them. */
  private void nameNewTasks(Connection c, JobSnapshot job) throws SQLException {
    List<JobSnapshot.Task> unnamed =
        job.tasks().stream().filter(t -> !names.containsKey(t.id())).toList();
    if (unnamed.isEmpty()) {
      return;
    }
    List<Long> shards = new ArrayList<>();
    for (JobSnapshot.Task t : unnamed) {
      t.move().ifPresent(m -> shards.add(m[0]));
    }
    Map<Long, ShardGroups.Shard> described = groups.describe(c, shards);
    for (JobSnapshot.Task t : unnamed) {
      String name;
      if (t.move().isPresent()) {
        long[] m = t.move().get();
        ShardGroups.Shard shard = described.get(m[0]);
        name =
            (shard == null ? "shard " + m[0] : shard.description())
                + " ("
                + groups.node(c, (int) m[1])
                + " to "
                + groups.node(c, (int) m[2])
                + ")";
      } else if (t.command() != null && t.command().contains("replicate_reference_tables")) {
        name = "copy reference tables to the nodes that lack them";
      } else {
        name = t.command();
      }
      names.put(t.id(), name);
    }
  }

  private String name(JobSnapshot.Task task) {
    return names.getOrDefault(task.id(), task.command());
  }

  /** The moves in progress with their phase and bytes; none when the workers do not answer. */
  private List<JobEvents.Running> running(long jobId) {
    try {
      return PinnedSearchPath.run(
          connection,
          c -> {
            List<JobEvents.Running> running = new ArrayList<>();
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT (t->>'task_id')::bigint, t->>'phase', (t->'size'->>'target')::numeric::bigint,"
                        + " (t->'size'->>'source')::numeric::bigint, (t->'LSN'->>'lag')::numeric::bigint"
                        + " FROM citus_job_status(?, raw => true) j,"
                        + " jsonb_array_elements(j.details->'tasks') t"
                        + " WHERE t->>'state' = 'running'")) {
              s.setLong(1, jobId);
              try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  running.add(
                      new JobEvents.Running(
                          rs.getLong(1),
                          rs.getString(2),
                          (Long) rs.getObject(3),
                          (Long) rs.getObject(4),
                          (Long) rs.getObject(5)));
                }
              }
            }
            return running;
          });
    } catch (SQLException e) {
      return List.of();
    }
  }

  private static void sleep(Duration d) throws SQLException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while watching a rebalance job", e);
    }
  }
}
