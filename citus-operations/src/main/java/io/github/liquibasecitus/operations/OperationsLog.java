package io.github.liquibasecitus.operations;

/** Where long operations say what they do: a build log, a logger, a test's list. */
public interface OperationsLog {
  void info(String line);

  void warn(String line);

  /** Detail that a build shows only when asked (-X); dropped by default. */
  default void debug(String line) {}

  default boolean debugEnabled() {
    return false;
  }
}
