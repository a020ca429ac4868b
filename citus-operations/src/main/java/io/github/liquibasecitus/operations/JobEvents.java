package io.github.liquibasecitus.operations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines a watcher logs between two readings of a job: one per change of state (the job's, a
 * move starting, a failure Citus retries, a failure for good), and the periodic progress line. Pure
 * text from snapshots, so what an operator reads is tested without a cluster.
 */
final class JobEvents {
  private JobEvents() {}

  /** A line and whether it is a warning. */
  record Line(boolean warning, String text) {}

  /** Names a task in a user's terms, e.g. "schema billing (127.0.0.1:9701 to 127.0.0.1:9702)". */
  @FunctionalInterface
  interface TaskNames {
    String describe(JobSnapshot.Task task);
  }

  /**
   * A move in progress as {@code citus_job_status(raw => true)} reports it.
   *
   * @param phase e.g. Copying Data, Catching Up
   * @param copied bytes on the target so far; null when unknown
   * @param total bytes of the source; null when unknown
   * @param lag replication lag in bytes; null when unknown
   */
  record Running(long taskId, String phase, Long copied, Long total, Long lag) {}

  static List<Line> between(JobSnapshot before, JobSnapshot now, TaskNames names) {
    List<Line> lines = new ArrayList<>();
    if (before != null && !before.state().equals(now.state()) && !now.ended()) {
      lines.add(new Line(false, "job " + now.jobId() + " is " + now.state()));
    }
    Map<Long, JobSnapshot.Task> earlier = new HashMap<>();
    if (before != null) {
      before.tasks().forEach(t -> earlier.put(t.id(), t));
    }
    int total = now.tasks().size();
    for (JobSnapshot.Task task : now.tasks()) {
      JobSnapshot.Task was = earlier.get(task.id());
      String step = step(task, now.position(task), total) + ": " + names.describe(task);
      boolean failedSince = task.retries() > (was == null ? 0 : was.retries());
      if ("error".equals(task.status()) && (was == null || !"error".equals(was.status()))) {
        lines.add(
            new Line(
                true,
                step
                    + " failed for good after "
                    + task.retries()
                    + " attempt(s): "
                    + oneLine(task.message())));
      } else {
        if (failedSince) {
          String when =
              task.notBefore() == null || !"runnable".equals(task.status())
                  ? ""
                  : ", again in "
                      + format(Duration.between(now.readAt(), task.notBefore()).withNanos(0));
          lines.add(
              new Line(
                  true,
                  step
                      + " failed (attempt "
                      + task.retries()
                      + "); Citus retries it"
                      + when
                      + ": "
                      + oneLine(task.message())));
        }
        if ("done".equals(task.status())
            && was != null
            && !"done".equals(was.status())
            && !"running".equals(was.status())) {
          // Started and finished between two readings: named all the same.
          lines.add(new Line(false, step + " (done)"));
        }
        if ("running".equals(task.status()) && (was == null || !"running".equals(was.status()))) {
          lines.add(
              new Line(
                  false,
                  step + (task.retries() > 0 ? " (attempt " + (task.retries() + 1) + ")" : "")));
        }
      }
    }
    return lines;
  }

  /**
   * One progress line: moves done of all, the moves in progress with phase and bytes, elapsed time
   * and what is left at the pace so far.
   *
   * @param doneAtStart moves already done when watching began (they do not count for the pace)
   */
  static String progress(
      JobSnapshot now, List<Running> running, Duration elapsed, long doneAtStart, TaskNames names) {
    long done = now.count("done");
    int total = now.tasks().size();
    StringBuilder line =
        new StringBuilder("job ")
            .append(now.jobId())
            .append(": ")
            .append(done)
            .append(" of ")
            .append(total)
            .append(" done");
    Map<Long, Running> byTask = new HashMap<>();
    running.forEach(r -> byTask.put(r.taskId(), r));
    for (JobSnapshot.Task task : now.tasks()) {
      if (!"running".equals(task.status())) {
        continue;
      }
      line.append("; ").append(step(task, now.position(task), total)).append(' ');
      line.append(names.describe(task));
      Running r = byTask.get(task.id());
      if (r != null && r.phase() != null) {
        line.append(", ").append(r.phase());
        if (r.copied() != null && r.total() != null) {
          line.append(' ')
              .append(TextTable.size(r.copied()))
              .append(" of ")
              .append(TextTable.size(r.total()));
        }
        if (r.lag() != null) {
          line.append(", lag ").append(TextTable.size(r.lag()));
        }
      }
    }
    line.append("; ").append(format(elapsed)).append(" elapsed");
    long paced = done - doneAtStart;
    if (paced > 0 && done < total) {
      Duration left = elapsed.multipliedBy(total - done).dividedBy(paced);
      line.append(", about ").append(format(left)).append(" left");
    }
    return line.toString();
  }

  static String step(JobSnapshot.Task task, int position, int total) {
    return (task.move().isPresent() ? "move " : "step ") + position + " of " + total;
  }

  /** 42 s, 3m05s, 1h02m. */
  static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  static String oneLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    // Citus stores the server's text: "ERROR:  what\nCONTEXT:  where"; the what is the message.
    String text = message.strip().replaceFirst("^ERROR:\\s+", "");
    int context = text.indexOf("\nCONTEXT:");
    if (context >= 0) {
      text = text.substring(0, context);
    }
    return text.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
