package io.github.liquibasecitus.check.model;

import io.github.liquibasecitus.check.Location;

/**
 * Where in a migration something happens: a step, and the line of the statement within its file (0
 * when only the step is known).
 */
public record At(Step step, int line) {

  public static At of(Step step) {
    return new At(step, 0);
  }

  /** The location naming an object. */
  public Location location(String object) {
    return step.at(line, object);
  }
}
