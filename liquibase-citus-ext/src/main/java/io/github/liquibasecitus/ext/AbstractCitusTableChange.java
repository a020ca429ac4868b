package io.github.liquibasecitus.ext;

import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;

/**
 * A Citus change on one table: {@code schemaName} (optional; without it the table is found on the
 * search path, as Liquibase's own changes do) and {@code tableName}.
 */
public abstract class AbstractCitusTableChange extends AbstractCitusChange {
  private String schemaName;
  private String tableName;

  @DatabaseChangeProperty(description = "Schema of the table; the search path's when omitted")
  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  @DatabaseChangeProperty(description = "The table")
  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  /** The table as a regclass argument. */
  protected String table(Database database) {
    return SqlNames.regclass(database, schemaName, tableName);
  }

  /** The table, qualified when a schema is given, for messages. */
  protected String tableForMessages() {
    return schemaName == null ? tableName : schemaName + "." + tableName;
  }

  @Override
  protected final void checkAttributes(Attributes check) {
    check
        .required("tableName", tableName)
        .name("tableName", tableName)
        .name("schemaName", schemaName);
    checkMoreAttributes(check);
  }

  /** Checks of the change's other attributes. */
  protected abstract void checkMoreAttributes(Attributes check);
}
