package io.github.liquibasecitus.operations;

/** A rebalance or drain that did not end as asked; the message says what happened and the fix. */
public final class RebalanceException extends Exception {
  /** How it ended, so that a caller can add its own way to go on (a goal's option, say). */
  public enum Kind {
    /** Refused before anything started: bad options, or a table that blocks the moves. */
    REFUSED,
    /** The job failed: a task failed for good. */
    FAILED,
    /** The job was cancelled by somebody else. */
    CANCELLED,
    /** The time ran out; the job goes on in the background. */
    STILL_RUNNING,
    /** The time ran out and the job was stopped. */
    STOPPED_ON_TIMEOUT,
    /** A drain ended, yet the node still holds shards. */
    NOT_DRAINED
  }

  private final Kind kind;
  private final long jobId;

  RebalanceException(Kind kind, long jobId, String message) {
    super(message);
    this.kind = kind;
    this.jobId = jobId;
  }

  public Kind kind() {
    return kind;
  }

  /** The background job concerned, or 0 when none started. */
  public long jobId() {
    return jobId;
  }
}
