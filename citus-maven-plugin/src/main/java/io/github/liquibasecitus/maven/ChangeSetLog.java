package io.github.liquibasecitus.maven;

import java.util.HashMap;
import java.util.Map;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import org.apache.maven.plugin.logging.Log;

/** One line per changeset run or rolled back, with its duration; counts for the summary. */
final class ChangeSetLog extends AbstractChangeExecListener {
  private final Log log;
  private final Map<String, Long> started = new HashMap<>();
  private int ran;
  private int rolledBack;

  ChangeSetLog(Log log) {
    this.log = log;
  }

  @Override
  public void willRun(
      ChangeSet changeSet,
      DatabaseChangeLog changeLog,
      Database database,
      ChangeSet.RunStatus runStatus) {
    started.put(changeSet.toString(false), System.nanoTime());
  }

  @Override
  public void ran(
      ChangeSet changeSet,
      DatabaseChangeLog changeLog,
      Database database,
      ChangeSet.ExecType execType) {
    ran++;
    log.info(
        String.format(
            "%-8s %s (%s)", execType.value, changeSet.toString(false), elapsed(changeSet)));
  }

  @Override
  public void willRollback(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
    started.put(changeSet.toString(false), System.nanoTime());
  }

  @Override
  public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
    rolledBack++;
    log.info(
        String.format("%-8s %s (%s)", "ROLLBACK", changeSet.toString(false), elapsed(changeSet)));
  }

  private String elapsed(ChangeSet changeSet) {
    Long start = started.remove(changeSet.toString(false));
    return start == null ? "?" : (System.nanoTime() - start) / 1_000_000 + " ms";
  }

  /**
   * The changeset that started and did not finish ({@code file::id::author}): the one that failed.
   */
  String unfinished() {
    return started.keySet().stream().findFirst().orElse(null);
  }

  int ran() {
    return ran;
  }

  int rolledBack() {
    return rolledBack;
  }
}
