package io.github.liquibasecitus.operations;

import java.time.Duration;

/**
 * How a background job is watched.
 *
 * @param poll how often the catalogs are read for changes of state (cheap: no call to workers)
 * @param progressEvery at most one progress line this often (it asks the workers for bytes)
 * @param timeout how long to watch at most; null for as long as the job runs
 * @param stopOnTimeout stop the job when the time runs out, rather than leave it running
 */
public record Watch(
    Duration poll, Duration progressEvery, Duration timeout, boolean stopOnTimeout) {
  public static final Duration DEFAULT_POLL = Duration.ofMillis(250);
  public static final Duration DEFAULT_PROGRESS = Duration.ofSeconds(10);

  public Watch {
    if (poll == null || poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("the poll interval must be positive: " + poll);
    }
    if (progressEvery == null || progressEvery.isNegative()) {
      throw new IllegalArgumentException("the progress interval must not be negative");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
  }

  /** Polls at the default pace, a progress line every 10 s, no timeout. */
  public static Watch defaults() {
    return new Watch(DEFAULT_POLL, DEFAULT_PROGRESS, null, false);
  }
}
