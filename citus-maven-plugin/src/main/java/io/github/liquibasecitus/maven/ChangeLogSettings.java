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
    Path baseDirectory) {}
