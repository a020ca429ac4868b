package io.github.liquibasecitus.maven;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a goal with a changelog needs besides the connection.
 *
 * @param changeLogFile relative to the project directory, or on the classpath; null when none
 * @param liquibaseSchemaName schema of the DATABASECHANGELOG tables (a service's own schema)
 * @param baseDirectory the project directory, where changelog paths start
 */
record ChangeLogSettings(
    String changeLogFile,
    String contexts,
    String labels,
    String defaultSchemaName,
    String liquibaseSchemaName,
    String changeLogTable,
    String lockTable,
    Map<String, String> parameters,
    Path baseDirectory) {

  /**
   * The same settings with an absolute changelog path made relative to the project (Liquibase
   * records the path in its history, and reads changelogs through the project's directory); a
   * changelog outside the project is read from its own directory.
   */
  ChangeLogSettings withRelativeChangeLog() {
    if (changeLogFile == null || !Path.of(changeLogFile).isAbsolute()) {
      return this;
    }
    Path file = Path.of(changeLogFile).normalize();
    Path base = baseDirectory.toAbsolutePath().normalize();
    Path newBase = file.startsWith(base) ? base : file.getParent();
    return new ChangeLogSettings(
        newBase.relativize(file).toString().replace('\\', '/'),
        contexts,
        labels,
        defaultSchemaName,
        liquibaseSchemaName,
        changeLogTable,
        lockTable,
        parameters,
        newBase);
  }
}
