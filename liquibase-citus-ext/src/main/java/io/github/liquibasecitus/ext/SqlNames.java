package io.github.liquibasecitus.ext;

import io.github.liquibasecitus.sql.SqlText;
import liquibase.database.Database;
import liquibase.structure.DatabaseObject;
import liquibase.structure.core.Column;
import liquibase.structure.core.Schema;
import liquibase.structure.core.Table;

/**
 * Names as a changelog writes them, made SQL text: which object a name means follows Liquibase's
 * own case rules for the database ({@link Database#correctObjectName}), so {@code
 * tableName="Users"} means the table Liquibase's {@code createTable} made; the text is then always
 * quoted by {@link SqlText}, because Liquibase leaves some names unquoted or quotes them without
 * escaping embedded quotes.
 */
public final class SqlNames {
  private SqlNames() {}

  /** The quoted identifier of the object Liquibase would mean by this name. */
  public static String identifier(
      Database database, String name, Class<? extends DatabaseObject> type) {
    return SqlText.quoteIdentifier(database.correctObjectName(name, type));
  }

  /** A schema-qualified (when a schema is given) quoted table name. */
  public static String table(Database database, String schemaName, String tableName) {
    return SqlText.qualified(
        schemaName == null ? null : database.correctObjectName(schemaName, Schema.class),
        database.correctObjectName(tableName, Table.class));
  }

  /** The table as a {@code regclass} argument: resolved by PostgreSQL, so a typo fails clearly. */
  public static String regclass(Database database, String schemaName, String tableName) {
    return SqlText.regclass(table(database, schemaName, tableName));
  }

  /** A column name as Citus takes it: the exact name, as a string. */
  public static String columnLiteral(Database database, String columnName) {
    return SqlText.quoteLiteral(database.correctObjectName(columnName, Column.class));
  }

  /**
   * A table name as Citus' text arguments take it ({@code colocate_with}): quoted and qualified.
   */
  public static String tableLiteral(Database database, String schemaName, String tableName) {
    return SqlText.quoteLiteral(table(database, schemaName, tableName));
  }

  /** A value (a tenant id, a mode) as a literal; null stays null. */
  public static String literal(String value) {
    return value == null ? null : SqlText.quoteLiteral(value);
  }
}
