package io.github.liquibasecitus.maven;

import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A goal that works on a database's changelog history: where it is (schema, table names), the
 * connection as Liquibase's database, and the one shape of such a goal: settings, open, work, one
 * summary line naming the cluster ({@link #withLiquibase}).
 */
public abstract class AbstractHistoryMojo extends AbstractConnectedMojo {

  protected AbstractHistoryMojo(String goal) {
    super(goal);
  }

  /** Default schema of the changelog's unqualified objects. */
  @Parameter(property = PropertyNames.DEFAULT_SCHEMA_NAME)
  String defaultSchemaName;

  /** Schema of the DATABASECHANGELOG tables (a service's own distributed schema, for instance). */
  @Parameter(property = PropertyNames.LIQUIBASE_SCHEMA_NAME)
  String liquibaseSchemaName;

  /** Name of the DATABASECHANGELOG table. */
  @Parameter(property = PropertyNames.DATABASE_CHANGE_LOG_TABLE_NAME)
  String databaseChangeLogTableName;

  /** Name of the DATABASECHANGELOGLOCK table. */
  @Parameter(property = PropertyNames.DATABASE_CHANGE_LOG_LOCK_TABLE_NAME)
  String databaseChangeLogLockTableName;

  /** Whether the goal cannot run without a changelog. */
  protected boolean changeLogRequired() {
    return false;
  }

  /** The changelog and its filters, as a goal with a changelog takes them. */
  record ChangeLogInput(
      String file, String contexts, String labels, Map<String, String> parameters) {
    static final ChangeLogInput NONE = new ChangeLogInput(null, null, null, null);
  }

  /** The changelog's own parameters: none for goals that only read or mark the history. */
  ChangeLogInput changeLogInput() {
    return ChangeLogInput.NONE;
  }

  /** The changelog settings, checked. */
  ChangeLogSettings changeLogSettings() throws MojoFailureException {
    ChangeLogInput input = changeLogInput();
    ChangeLogSettings settings =
        resolver()
            .changeLog(
                new ChangeLogSettings(
                    input.file(),
                    input.contexts(),
                    input.labels(),
                    defaultSchemaName,
                    liquibaseSchemaName,
                    databaseChangeLogTableName,
                    databaseChangeLogLockTableName,
                    input.parameters(),
                    basedir.toPath(),
                    resourceDirectories()))
            .withRelativeChangeLog();
    if (settings.changeLogFile() != null && !changeLogExists(settings)) {
      throw new MojoFailureException(
          said("the changelog ")
              + settings.changeLogFile()
              + " does not exist in "
              + settings.baseDirectory()
              + ": check <changeLogFile> or -D"
              + PropertyNames.CHANGE_LOG_FILE
              + " (a path relative to the project or to its resource directories, or a resource"
              + " on the plugin's classpath)");
    }
    if (changeLogRequired() && settings.changeLogFile() == null) {
      throw new MojoFailureException(
          label()
              + " needs a changelog: set <changeLogFile> in the plugin's configuration or -D"
              + PropertyNames.CHANGE_LOG_FILE
              + "=path/to/changelog.xml");
    }
    return settings;
  }

  /** The changelog is a file of the project, or a resource of the plugin's dependencies. */
  private boolean changeLogExists(ChangeLogSettings settings) {
    return settings.changeLogInProject()
        || getClass().getClassLoader().getResource(settings.changeLogFile()) != null;
  }

  /**
   * The project's resource directories (src/main/resources): a Spring Boot application's changelog
   * includes files by their classpath path, as the application finds them.
   */
  private java.util.List<java.nio.file.Path> resourceDirectories() {
    java.util.List<java.nio.file.Path> dirs = new java.util.ArrayList<>();
    if (session != null && session.getCurrentProject() != null) {
      for (org.apache.maven.model.Resource r : session.getCurrentProject().getResources()) {
        dirs.add(java.nio.file.Path.of(r.getDirectory()));
      }
    }
    return dirs;
  }

  /** Connects to the cluster, as Liquibase's database. */
  LiquibaseConnection openLiquibase(ChangeLogSettings settings) throws MojoFailureException {
    return LiquibaseConnection.open(locate(), settings, getLog());
  }

  /** The work of a goal on the open database; returns its summary, without the cluster. */
  interface Work {
    String run(LiquibaseConnection connection, ChangeLogSettings settings) throws Exception;
  }

  /**
   * Settings, open (offline: Liquibase's offline PostgreSQL), work, then {@code citus:<goal>:
   * summary (cluster)}.
   */
  final void withLiquibase(boolean offline, Work work) throws Exception {
    ChangeLogSettings settings = changeLogSettings();
    try (LiquibaseConnection connection =
        offline ? LiquibaseConnection.offline(settings) : openLiquibase(settings)) {
      String summary = work.run(connection, settings);
      getLog().info(said(summary + " (" + connection.where() + ")"));
    }
  }
}
