package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.CitusNamespace;
import java.util.ArrayList;
import java.util.List;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.executor.Executor;
import liquibase.executor.ExecutorService;
import liquibase.precondition.AbstractPrecondition;
import liquibase.statement.core.RawSqlStatement;

/**
 * A precondition answered by one or more boolean queries of Citus' catalogs on the coordinator.
 * Preconditions read only: they work before the citus_ext library is installed.
 */
public abstract class AbstractCitusPrecondition extends AbstractPrecondition {

  /** Whether the precondition holds, asking the database through {@code ask}. */
  protected abstract boolean holds(Database database, Query ask) throws DatabaseException;

  /** What did not hold, for the failure message. */
  protected abstract String failureMessage();

  /** Messages for missing or malformed attributes, each naming the attribute. */
  protected abstract void attributeErrors(List<String> errors);

  /** Runs a query that returns one boolean. */
  @FunctionalInterface
  protected interface Query {
    boolean test(String sql) throws DatabaseException;
  }

  @Override
  public void check(
      Database database,
      DatabaseChangeLog changeLog,
      ChangeSet changeSet,
      ChangeExecListener listener)
      throws PreconditionFailedException, PreconditionErrorException {
    Executor executor =
        Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database);
    try {
      if (!holds(
          database,
          sql ->
              Boolean.TRUE.equals(
                  executor.queryForObject(new RawSqlStatement(sql), Boolean.class)))) {
        throw new PreconditionFailedException(failureMessage(), changeLog, this);
      }
    } catch (DatabaseException e) {
      throw new PreconditionErrorException(e, changeLog, this);
    }
  }

  @Override
  public ValidationErrors validate(Database database) {
    ValidationErrors errors = new ValidationErrors();
    List<String> messages = new ArrayList<>();
    attributeErrors(messages);
    messages.forEach(errors::addError);
    return errors;
  }

  @Override
  public Warnings warn(Database database) {
    return new Warnings();
  }

  @Override
  public String getSerializedObjectNamespace() {
    return CitusNamespace.NAMESPACE;
  }

  static void require(List<String> errors, String precondition, String attribute, String value) {
    if (value == null || value.isBlank()) {
      errors.add(precondition + ": " + attribute + " is required");
    }
  }
}
