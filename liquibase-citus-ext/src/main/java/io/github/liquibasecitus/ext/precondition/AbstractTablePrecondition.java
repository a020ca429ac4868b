package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.SqlNames;
import liquibase.database.Database;

/** A precondition about a table: {@code schemaName} (optional) and {@code tableName}. */
public abstract class AbstractTablePrecondition extends AbstractCitusPrecondition {
  private String schemaName;
  private String tableName;

  /** Schema of the table; the search path's when omitted. */
  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  /** The table as {@code pg_catalog.to_regclass('...')}: NULL, not an error, when it is missing. */
  protected String regclass(Database database) {
    return "pg_catalog.to_regclass(" + SqlNames.tableLiteral(database, schemaName, tableName) + ")";
  }

  /** The table, qualified when a schema is given, for messages. */
  protected String tableForMessages() {
    return schemaName == null ? tableName : schemaName + "." + tableName;
  }
}
