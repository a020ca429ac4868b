package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.ext.check.ChangeLogCheck;
import io.github.liquibasecitus.operations.SessionLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that runs a Liquibase changelog, or reads the changelog history of the database. */
public abstract class AbstractChangeLogMojo extends AbstractConnectedMojo {

  /** The changelog, relative to the project directory or on the classpath. */
  @Parameter(property = PropertyNames.CHANGE_LOG_FILE)
  String changeLogFile;

  /** Liquibase context filter. */
  @Parameter(property = PropertyNames.CONTEXTS)
  String contexts;

  /** Liquibase label filter. */
  @Parameter(property = PropertyNames.LABELS)
  String labels;

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

  /** Changelog parameters, as {@code <name>value</name>}. */
  @Parameter Map<String, String> changeLogParameters;

  /** Whether the goal cannot run without a changelog. */
  protected boolean changeLogRequired() {
    return true;
  }

  /** The changelog settings, checked. */
  ChangeLogSettings changeLogSettings() throws MojoFailureException {
    ChangeLogSettings settings =
        resolver()
            .changeLog(
                changeLogFile,
                contexts,
                labels,
                defaultSchemaName,
                liquibaseSchemaName,
                databaseChangeLogTableName,
                databaseChangeLogLockTableName,
                changeLogParameters,
                basedir.toPath())
            .withRelativeChangeLog();
    if (settings.changeLogFile() != null && !changeLogExists(settings)) {
      throw new MojoFailureException(
          "citus:"
              + goal()
              + ": the changelog "
              + settings.changeLogFile()
              + " does not exist in "
              + settings.baseDirectory()
              + ": check <changeLogFile> or -D"
              + PropertyNames.CHANGE_LOG_FILE
              + " (a path relative to the project, or a resource on the plugin's classpath)");
    }
    if (changeLogRequired() && settings.changeLogFile() == null) {
      throw new MojoFailureException(
          "citus:"
              + goal()
              + " needs a changelog: set <changeLogFile> in the plugin's configuration or -D"
              + PropertyNames.CHANGE_LOG_FILE
              + "=path/to/changelog.xml");
    }
    return settings;
  }

  /** The changelog is a file of the project, or a resource of the plugin's dependencies. */
  private boolean changeLogExists(ChangeLogSettings settings) {
    return java.nio.file.Files.isRegularFile(
            settings.baseDirectory().resolve(settings.changeLogFile()))
        || getClass().getClassLoader().getResource(settings.changeLogFile()) != null;
  }

  /** The changelog parsed once, offline, for citus:check's rules and the pending changesets. */
  ChangeLogCheck parseChangeLog(ChangeLogSettings settings) throws Exception {
    ResourceAccessor resources =
        new CompositeResourceAccessor(
            new DirectoryResourceAccessor(settings.baseDirectory()),
            new ClassLoaderResourceAccessor(getClass().getClassLoader()));
    return ChangeLogCheck.parse(
        resources,
        new ChangeLogCheck.Options(
            settings.changeLogFile(),
            settings.parameters(),
            settings.contexts(),
            settings.labels(),
            settings.defaultSchemaName(),
            this::projectPath));
  }

  /** The changelog's path as the project holds it, for reports. */
  private String projectPath(String changeLogPath) {
    if (changeLogPath == null) {
      return null;
    }
    Path base = basedir.toPath();
    if (Files.isRegularFile(base.resolve(changeLogPath))) {
      return changeLogPath;
    }
    for (String root : List.of("src/main/resources/", "src/test/resources/")) {
      if (Files.isRegularFile(base.resolve(root + changeLogPath))) {
        return root + changeLogPath;
      }
    }
    return changeLogPath;
  }

  /** Connects to the cluster, as Liquibase's database. */
  LiquibaseConnection openLiquibase(ChangeLogSettings settings) throws MojoFailureException {
    return LiquibaseConnection.open(locate(), settings, getLog());
  }

  /**
   * Runs a command that changes the database, one build at a time, with one line per changeset,
   * then the summary: {@code citus:<goal>: N changeset(s) <verb> in T ms (cluster)}.
   */
  void change(LiquibaseCommand command, String verb, boolean rollingBack) throws Exception {
    ChangeLogSettings settings = changeLogSettings();
    long start = System.nanoTime();
    try (LiquibaseConnection connection = openLiquibase(settings)) {
      ChangeSetLog changeSets = new ChangeSetLog(getLog());
      ChangeLogHistory history = connection.history();
      try (SessionLock turn = history.lock(getLog())) {
        history.releaseStaleLock(getLog());
        command.arg("changeExecListener", changeSets).run(connection, settings, getLog());
      }
      getLog()
          .info(
              String.format(
                  "citus:%s: %d changeset(s) %s in %d ms (%s)",
                  goal(),
                  rollingBack ? changeSets.rolledBack() : changeSets.ran(),
                  verb,
                  (System.nanoTime() - start) / 1_000_000,
                  connection.where()));
    } catch (Exception e) {
      if (Failures.connectionLost(e)) {
        releaseLockOfLostConnection(settings);
      }
      throw e;
    }
  }

  /**
   * The connection died mid-update (a killed backend, a restarted coordinator): Liquibase could not
   * release its lock over it. Frees it over a new connection, unless another build has started
   * since; quietly, as the failure itself is what the build reports.
   */
  private void releaseLockOfLostConnection(ChangeLogSettings settings) {
    try (LiquibaseConnection again = openLiquibase(settings);
        SessionLock turn = again.history().tryLock()) {
      if (turn != null) {
        again.history().releaseStaleLock(getLog());
      }
    } catch (Exception e) {
      getLog().debug("Could not release the changelog lock after the connection was lost", e);
    }
  }
}
