package io.github.liquibasecitus.check.model;

import io.github.liquibasecitus.check.Location;

/**
 * Where in a migration something happens: a step, the line of the statement (0 when only the step
 * is known), and the statement's file when it is not the step's (a changeset's {@code sqlFile}).
 */
public record At(Step step, int line, String file) {

  public At(Step step, int line) {
    this(step, line, null);
  }

  public static At of(Step step) {
    return new At(step, 0, null);
  }

  /** The location naming an object. */
  public Location location(String object) {
    Location at = step.at(line, object);
    return file == null ? at : new Location(file, line, at.changeSet(), object);
  }
}
