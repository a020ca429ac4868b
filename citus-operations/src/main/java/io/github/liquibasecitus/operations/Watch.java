package io.github.liquibasecitus.operations;

import java.time.Duration;
import java.time.format.DateTimeParseException;

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

  /**
   * A watch from the options as users write them: ISO-8601 durations ({@code PT10S}, {@code
   * PT30M}), the timeout blank for none. Refuses a value by the name the user knows it by.
   */
  public static Watch parse(
      String progressName,
      String progress,
      String timeoutName,
      String timeout,
      boolean stopOnTimeout) {
    Duration every =
        progress == null ? DEFAULT_PROGRESS : duration(progressName, progress, "PT10S");
    Duration limit =
        timeout == null || timeout.isBlank() ? null : duration(timeoutName, timeout, "PT30M");
    if (limit != null && (limit.isZero() || limit.isNegative())) {
      throw new IllegalArgumentException(
          timeoutName + " '" + timeout + "' must be positive, e.g. PT30M");
    }
    if (every.isNegative()) {
      throw new IllegalArgumentException(progressName + " '" + progress + "' must not be negative");
    }
    return new Watch(DEFAULT_POLL, every, limit, stopOnTimeout);
  }

  private static Duration duration(String name, String value, String example) {
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " '" + value + "' is not an ISO-8601 duration such as " + example);
    }
  }

  /** Polls at the default pace, a progress line every 10 s, no timeout. */
  public static Watch defaults() {
    return new Watch(DEFAULT_POLL, DEFAULT_PROGRESS, null, false);
  }
}
