package io.github.liquibasecitus.check.model;

import io.github.liquibasecitus.check.Location;

/**
 * One unit of a migration as the database runs it: a Liquibase changeset or a Flyway migration
 * script. Findings about it are placed at its location; a statement of its SQL may place them at
 * its own line.
 *
 * @param location the file, the line where the step starts and its name ({@code id::author}, or the
 *     migration's version and description)
 * @param changes how many changes it holds (a Flyway script counts its statements)
 * @param transactional whether it runs in one transaction (Liquibase's runInTransaction, Flyway's
 *     executeInTransaction)
 */
public record Step(Location location, int changes, boolean transactional) {

  /** The step's location naming an object. */
  public Location at(String object) {
    return new Location(location.file(), location.line(), location.changeSet(), object);
  }

  /** The step's location at a line of its file, naming an object. */
  public Location at(int line, String object) {
    return new Location(
        location.file(), line > 0 ? line : location.line(), location.changeSet(), object);
  }
}
