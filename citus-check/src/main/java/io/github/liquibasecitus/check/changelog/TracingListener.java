package io.github.liquibasecitus.check.changelog;

import io.github.liquibasecitus.check.trace.LockTrace;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.DbmsTargetedChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.database.DatabaseList;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.core.PreconditionContainer;

/**
 * Feeds a {@link LockTrace} from Liquibase's update: a step per changeset, read inside its
 * transaction after its last change ran; the trace follows the update's connection. Every event
 * also goes to the listener it wraps; a trace that stops leaves the update alone.
 */
public final class TracingListener implements ChangeExecListener {
  private final ChangeExecListener next;
  private final LockTrace trace;

  public TracingListener(ChangeExecListener next, LockTrace trace) {
    this.next = next;
    this.trace = trace;
  }

  /** The step name of a changeset: {@code file::id::author}. */
  public static String step(ChangeSet changeSet) {
    return changeSet.toString(false);
  }

  @Override
  public void willRun(
      ChangeSet changeSet,
      DatabaseChangeLog changeLog,
      Database database,
      ChangeSet.RunStatus runStatus) {
    next.willRun(changeSet, changeLog, database, runStatus);
    trace.follow(
        ((liquibase.database.jvm.JdbcConnection) database.getConnection())
            .getUnderlyingConnection());
    trace.begin(step(changeSet), !changeSet.isRunInTransaction());
  }

  @Override
  public void ran(
      Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
    next.ran(change, changeSet, changeLog, database);
    if (change == lastToRun(changeSet, database)) {
      trace.holding();
    }
  }

  @Override
  public void ran(
      ChangeSet changeSet,
      DatabaseChangeLog changeLog,
      Database database,
      ChangeSet.ExecType execType) {
    next.ran(changeSet, changeLog, database, execType);
    trace.end();
  }

  @Override
  public void runFailed(
      ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, Exception exception) {
    next.runFailed(changeSet, changeLog, database, exception);
    trace.failed();
  }

  @Override
  public void willRollback(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
    next.willRollback(changeSet, changeLog, database);
  }

  @Override
  public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
    next.rolledBack(changeSet, changeLog, database);
  }

  @Override
  public void preconditionFailed(
      PreconditionFailedException error, PreconditionContainer.FailOption onFail) {
    next.preconditionFailed(error, onFail);
  }

  @Override
  public void preconditionErrored(
      PreconditionErrorException error, PreconditionContainer.ErrorOption onError) {
    next.preconditionErrored(error, onError);
  }

  @Override
  public void willRun(
      Change change, ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
    next.willRun(change, changeSet, changeLog, database);
  }

  @Override
  public void rollbackFailed(
      ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, Exception exception) {
    next.rollbackFailed(changeSet, changeLog, database, exception);
  }

  /** The last change of the changeset that runs on this database (Liquibase skips other dbms). */
  private static Change lastToRun(ChangeSet changeSet, Database database) {
    List<Change> changes = changeSet.getChanges();
    for (int i = changes.size() - 1; i >= 0; i--) {
      Change change = changes.get(i);
      if (!(change instanceof DbmsTargetedChange targeted)
          || DatabaseList.definitionMatches(targeted.getDbms(), database, true)) {
        return change;
      }
    }
    return null;
  }
}
