package io.github.liquibasecitus.maven;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a goal needs to know, read from its parameters, {@code settings.xml} and the property file,
 * and checked once. {@link #toString()} never shows the password.
 *
 * @param url the coordinator's JDBC URL; null for the embedded cluster
 * @param role a role to SET ROLE to after connecting, so a changelog runs as its service's role
 */
record CitusSettings(
    String url,
    String username,
    String password,
    String role,
    String changeLogFile,
    String contexts,
    String labels,
    String defaultSchemaName,
    String liquibaseSchemaName,
    String databaseChangeLogTableName,
    String databaseChangeLogLockTableName,
    Map<String, String> changeLogParameters,
    Path baseDirectory,
    Path buildDirectory) {

  @Override
  public String toString() {
    return "CitusSettings[url="
        + io.github.liquibasecitus.cluster.Redaction.url(url)
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", role="
        + role
        + ", changeLogFile="
        + changeLogFile
        + "]";
  }
}
