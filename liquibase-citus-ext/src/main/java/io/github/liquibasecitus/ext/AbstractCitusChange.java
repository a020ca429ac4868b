package io.github.liquibasecitus.ext;

import java.util.ArrayList;
import java.util.List;
import liquibase.Scope;
import liquibase.change.AbstractChange;
import liquibase.change.ChangeFactory;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.RollbackImpossibleException;
import liquibase.exception.ValidationErrors;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.resource.ResourceAccessor;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;

/**
 * What every Citus change shares: PostgreSQL only, the citus_ext library installed before first
 * use, and validation of attributes before anything touches the database.
 */
public abstract class AbstractCitusChange extends AbstractChange {

  /** The change's own SQL, one string per statement. */
  protected abstract List<String> sql(Database database);

  /** Checks the change's attributes; {@code check} already names the change. */
  protected abstract void checkAttributes(Attributes check);

  /**
   * Why this change has no automatic rollback, shown when a rollback reaches it; null when {@link
   * #createInverses()} gives one.
   */
  protected String whyNoRollback() {
    return null;
  }

  /** The change's name as written in changelogs, for messages. */
  protected final String changeName() {
    return getSerializedObjectName();
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
    List<SqlStatement> statements = new ArrayList<>(LibraryInstallation.prelude(database));
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
          changeName() + " needs PostgreSQL with Citus, not " + database.getDisplayName());
    }
    Attributes check = Attributes.of(changeName());
    checkAttributes(check);
    check.errors().forEach(errors::addError);
    return errors;
  }

  @Override
  protected void customLoadLogic(ParsedNode parsedNode, ResourceAccessor resourceAccessor)
      throws ParsedNodeException {
    UnknownAttributes.check(
        changeName(),
        parsedNode,
        Scope.getCurrentScope()
            .getSingleton(ChangeFactory.class)
            .getChangeMetaData(this)
            .getParameters()
            .keySet());
  }

  @Override
  public String getSerializedObjectNamespace() {
    return CitusNamespace.NAMESPACE;
  }
}
