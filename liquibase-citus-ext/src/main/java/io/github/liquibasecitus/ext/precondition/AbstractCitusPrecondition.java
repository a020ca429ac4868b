package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.CitusNamespace;
import io.github.liquibasecitus.ext.UnknownAttributes;
import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.precondition.AbstractPrecondition;
import liquibase.resource.ResourceAccessor;

/**
 * A precondition answered by boolean queries of Citus' catalogs on the coordinator, run with the
 * search path pinned to {@code pg_catalog}. Preconditions read only: they work before the citus_ext
 * library is installed.
 */
public abstract class AbstractCitusPrecondition extends AbstractPrecondition {

  /** Whether the precondition holds, asking the database through {@code ask}. */
  protected abstract boolean holds(Database database, Query ask) throws SQLException;

  /** What did not hold, for the failure message. */
  protected abstract String failureMessage();

  /** Checks the attributes; {@code check} already names the precondition. */
  protected abstract void checkAttributes(Attributes check);

  /** Asks the database. */
  protected interface Query {
    /** Runs a query that returns one boolean. */
    boolean test(String sql) throws SQLException;

    /** The JDBC connection, for {@link io.github.liquibasecitus.sql.CitusExtInstaller#state}. */
    Connection connection();
  }

  @Override
  public void check(
      Database database,
      DatabaseChangeLog changeLog,
      ChangeSet changeSet,
      ChangeExecListener listener)
      throws PreconditionFailedException, PreconditionErrorException {
    if (!(database.getConnection() instanceof JdbcConnection jdbc)) {
      // Offline (updateSQL without a database): there are no catalogs to ask.
      throw new PreconditionErrorException(
          new IllegalStateException(getName() + " needs a database to ask; it cannot run offline"),
          changeLog,
          this);
    }
    boolean held;
    try {
      Connection connection = jdbc.getUnderlyingConnection();
      held = PinnedSearchPath.run(connection, c -> holds(database, new JdbcQuery(c)));
    } catch (SQLException e) {
      throw new PreconditionErrorException(e, changeLog, this);
    }
    if (!held) {
      throw new PreconditionFailedException(failureMessage(), changeLog, this);
    }
  }

  private record JdbcQuery(Connection connection) implements Query {
    @Override
    public boolean test(String sql) throws SQLException {
      List<List<String>> rows = PinnedSearchPath.rows(connection, sql);
      return !rows.isEmpty() && "t".equals(rows.get(0).get(0));
    }
  }

  @Override
  public ValidationErrors validate(Database database) {
    ValidationErrors errors = new ValidationErrors();
    Attributes check = Attributes.of(getName());
    checkAttributes(check);
    check.errors().forEach(errors::addError);
    return errors;
  }

  @Override
  public void load(ParsedNode parsedNode, ResourceAccessor resourceAccessor)
      throws ParsedNodeException {
    UnknownAttributes.check(getName(), parsedNode, getSerializableFields());
    super.load(parsedNode, resourceAccessor);
  }

  @Override
  public Warnings warn(Database database) {
    return new Warnings();
  }

  @Override
  public String getSerializedObjectNamespace() {
    return CitusNamespace.NAMESPACE;
  }
}
