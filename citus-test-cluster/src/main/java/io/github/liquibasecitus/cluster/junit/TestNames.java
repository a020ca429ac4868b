package io.github.liquibasecitus.cluster.junit;

import java.util.UUID;

/** Unique names for the schemas, roles and tables a test owns, so tests can run in any order. */
public final class TestNames {
  private TestNames() {}

  /** {@code prefix} followed by an underscore and 8 random hex digits. */
  public static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  /**
   * A prefix for {@link TestSchema} made of a Java name: lower case, camel case split by
   * underscores, other characters dropped, at most 30 characters.
   */
  static String prefixOf(String javaName) {
    String snake =
        javaName
            .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
            .replaceAll("([A-Z])([A-Z][a-z])", "$1_$2")
            .toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9_]", "");
    snake = snake.replaceFirst("^[^a-z]+", "");
    if (snake.isEmpty()) {
      snake = "test";
    }
    return snake.length() > 30 ? snake.substring(0, 30) : snake;
  }
}
