package io.github.liquibasecitus.ext;

import java.util.ArrayList;
import java.util.List;
import liquibase.change.AbstractChange;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.RollbackImpossibleException;
import liquibase.exception.ValidationErrors;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;

/**
 * What every Citus change shares: PostgreSQL only, the citus_ext library installed before first
 * use, and validation of attributes before anything touches the database.
 */
public abstract class AbstractCitusChange extends AbstractChange {

  /** The change's own SQL, one string per statement. */
  protected abstract List<String> sql(Database database);

  /** Messages for missing or contradictory attributes, each naming the attribute. */
  protected abstract List<String> attributeErrors();

  /**
   * Why this change has no automatic rollback, shown when a rollback reaches it; null when {@link
   * #createInverses()} gives one.
   */
  protected String whyNoRollback() {
    return null;
  }

  @Override
  public boolean supportsRollback(Database database) {
    return whyNoRollback() == null && super.supportsRollback(database);
  }

  @Override
  public SqlStatement[] generateRollbackStatements(Database database)
      throws RollbackImpossibleException {
    String why = whyNoRollback();
    if (why != null) {
      throw new RollbackImpossibleException(why);
    }
    return super.generateRollbackStatements(database);
  }

  @Override
  public boolean supports(Database database) {
    return database instanceof PostgresDatabase;
  }

  /**
   * Volatile: whether the library's install scripts come first depends on the database. It also
   * keeps Liquibase from generating the statements just to validate them.
   */
  @Override
  public boolean generateStatementsVolatile(Database database) {
    return true;
  }

  @Override
  public final SqlStatement[] generateStatements(Database database) {
    List<SqlStatement> statements = new ArrayList<>();
    statements.addAll(LibraryInstallation.prelude(database));
    for (String sql : sql(database)) {
      statements.add(new RawSqlStatement(sql));
    }
    return statements.toArray(new SqlStatement[0]);
  }

  @Override
  public ValidationErrors validate(Database database) {
    ValidationErrors errors = new ValidationErrors(this);
    if (!supports(database)) {
      errors.addError(
          getSerializedObjectName()
              + " needs PostgreSQL with Citus, not "
              + database.getDisplayName());
    }
    attributeErrors().forEach(errors::addError);
    return errors;
  }

  @Override
  public String getSerializedObjectNamespace() {
    return CitusNamespace.NAMESPACE;
  }

  /** "{@code attribute} is required" when the value is null or blank. */
  protected static void require(
      List<String> errors, String change, String attribute, String value) {
    if (value == null || value.isBlank()) {
      errors.add(change + ": " + attribute + " is required");
    }
  }

  /** Rejects a name PostgreSQL cannot hold (a NUL character). */
  protected static void checkName(
      List<String> errors, String change, String attribute, String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      errors.add(change + ": " + attribute + " must not contain a NUL character");
    }
  }
}
