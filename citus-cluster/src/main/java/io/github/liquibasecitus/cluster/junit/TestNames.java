package io.github.liquibasecitus.cluster.junit;

import java.util.UUID;

/** Unique names for the schemas, roles and tables a test owns, so tests can run in any order. */
public final class TestNames {
  private TestNames() {}

  /** {@code prefix} followed by an underscore and 8 random hex digits. */
  public static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }
}
