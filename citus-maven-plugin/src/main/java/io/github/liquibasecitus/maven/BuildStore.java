package io.github.liquibasecitus.maven;

import java.util.function.Supplier;

/** What the goals of one {@code mvn} command share: the throwaway cluster, what was said once. */
interface BuildStore {
  Object computeIfAbsent(Object key, Supplier<Object> supplier);

  /** True the first time it is asked for this key in the build. */
  default boolean firstTime(Object key) {
    boolean[] first = {false};
    computeIfAbsent(
        key,
        () -> {
          first[0] = true;
          return Boolean.TRUE;
        });
    return first[0];
  }
}
