package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.check.changelog.ChangeLogCheck;
import io.github.liquibasecitus.operations.SessionLock;
import io.github.liquibasecitus.sql.Turns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that runs a Liquibase changelog, or reads it against the database's history. */
public abstract class AbstractChangeLogMojo extends AbstractHistoryMojo {

  protected AbstractChangeLogMojo(String goal) {
    super(goal);
  }

  /** The changelog, relative to the project directory or on the classpath. */
  @Parameter(property = PropertyNames.CHANGE_LOG_FILE)
  String changeLogFile;

  /** Liquibase context filter. */
  @Parameter(property = PropertyNames.CONTEXTS)
  String contexts;

  /** Liquibase label filter. */
  @Parameter(property = PropertyNames.LABELS)
  String labels;

  /**
   * How long a goal that changes the database waits for a running rebalance or shard move: zero
   * when {@code waitForRebalance} is false (refused at once), else {@code timeout}.
   */
  Duration rebalanceWait(boolean waitForRebalance, String timeout) throws MojoFailureException {
    if (!waitForRebalance) {
      return Duration.ZERO;
    }
    try {
      Duration wait = Duration.parse(timeout.trim());
      if (wait.isNegative()) {
        throw new DateTimeParseException("negative", timeout, 0);
      }
      return wait;
    } catch (DateTimeParseException e) {
      throw new MojoFailureException(
          said(
              PropertyNames.WAIT_FOR_REBALANCE_TIMEOUT
                  + " '"
                  + timeout
                  + "' is not an ISO-8601 duration such as PT30M (nothing ran)"));
    }
  }

  /** Changelog parameters: one element each, named as the parameter, its value as text. */
  @Parameter Map<String, String> changeLogParameters;

  @Override
  protected boolean changeLogRequired() {
    return true;
  }

  @Override
  ChangeLogInput changeLogInput() {
    return new ChangeLogInput(changeLogFile, contexts, labels, changeLogParameters);
  }

  /** The changelog parsed once, offline, for citus:check's rules and the pending changesets. */
  ChangeLogCheck parseChangeLog(ChangeLogSettings settings) throws Exception {
    return ChangeLogCheck.parse(
        settings.resources(getClass().getClassLoader()),
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

  /**
   * Runs a command that changes the database, one build at a time and not while shards move (at
   * most {@code rebalanceWait} for them), with one line per changeset, then the summary: {@code
   * citus:<goal>: N changeset(s) <verb> in T ms (cluster)}.
   */
  void change(LiquibaseCommand command, String verb, boolean rollingBack, Duration rebalanceWait)
      throws Exception {
    ChangeLogSettings settings = changeLogSettings();
    long start = System.nanoTime();
    try (LiquibaseConnection connection = openLiquibase(settings)) {
      ChangeSetLog changeSets = new ChangeSetLog(getLog());
      ChangeLogHistory history = connection.history();
      try (SessionLock turn = history.lock(getLog());
          Turns migration =
              Turns.migration(
                  connection.jdbc(),
                  rebalanceWait,
                  label(),
                  "-D" + PropertyNames.WAIT_FOR_REBALANCE_TIMEOUT + "=PT1H",
                  getLog()::info)) {
        history.releaseStaleLock(getLog());
        command.arg("changeExecListener", changeSets).run(connection, settings, getLog());
      }
      getLog()
          .info(
              said(
                  String.format(
                      "%d changeset(s) %s in %d ms (%s)",
                      rollingBack ? changeSets.rolledBack() : changeSets.ran(),
                      verb,
                      (System.nanoTime() - start) / 1_000_000,
                      connection.where())));
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
