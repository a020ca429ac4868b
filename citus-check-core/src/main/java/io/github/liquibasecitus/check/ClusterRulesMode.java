package io.github.liquibasecitus.check;

/** When citus:check runs its cluster rules. */
public enum ClusterRulesMode {
  /** On a given cluster (a URL), and after the apply mode. */
  AUTO,
  /** Also on the dev cluster of citus:start. */
  TRUE,
  /** Never. */
  FALSE;

  /** {@code auto}, {@code true} or {@code false}, in any case; null (not set) is {@code auto}. */
  public static ClusterRulesMode parse(String name, String value) {
    if (value == null) {
      return AUTO;
    }
    for (ClusterRulesMode mode : values()) {
      if (mode.name().equalsIgnoreCase(value.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        name + " '" + value + "' is not known: use auto, true or false");
  }

  /** Whether the cluster rules run, given a URL or not and the apply mode or not. */
  public boolean runs(boolean urlGiven, boolean apply) {
    return switch (this) {
      case AUTO -> urlGiven || apply;
      case TRUE -> true;
      case FALSE -> false;
    };
  }
}
