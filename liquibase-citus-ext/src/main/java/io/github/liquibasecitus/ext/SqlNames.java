package io.github.liquibasecitus.ext;

import liquibase.database.Database;
import liquibase.structure.DatabaseObject;
import liquibase.structure.core.Column;
import liquibase.structure.core.Schema;
import liquibase.structure.core.Table;

/**
 * The one place where names and values typed by users become SQL text.
 *
 * <p>Which name an object really has follows Liquibase's own case rules for the database ({@link
 * Database#correctObjectName}), so {@code tableName="Users"} means the table Liquibase's {@code
 * createTable} made. The text is then always quoted here, with PostgreSQL's escaping, because
 * Liquibase leaves some names unquoted or quotes them without escaping embedded quotes.
 */
public final class SqlNames {
  private SqlNames() {}

  /** A PostgreSQL quoted identifier: {@code my"table} becomes {@code "my""table"}. */
  public static String quoteIdentifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * A PostgreSQL string literal, safe whatever {@code standard_conforming_strings} is: a value with
   * a backslash uses the {@code E'...'} form with backslashes doubled, as {@code quote_literal}
   * does.
   */
  public static String quoteLiteral(String value) {
    String quoted = value.replace("'", "''");
    if (quoted.indexOf('\\') >= 0) {
      return "E'" + quoted.replace("\\", "\\\\") + "'";
    }
    return "'" + quoted + "'";
  }

  /** The quoted identifier of the object Liquibase would mean by this name. */
  public static String identifier(
      Database database, String name, Class<? extends DatabaseObject> type) {
    return quoteIdentifier(database.correctObjectName(name, type));
  }

  /** A schema-qualified (when a schema is given) quoted table name. */
  public static String table(Database database, String schemaName, String tableName) {
    String table = identifier(database, tableName, Table.class);
    return schemaName == null
        ? table
        : identifier(database, schemaName, Schema.class) + "." + table;
  }

  /** The table as a {@code regclass} argument: resolved by PostgreSQL, so a typo fails clearly. */
  public static String regclass(Database database, String schemaName, String tableName) {
    return quoteLiteral(table(database, schemaName, tableName)) + "::regclass";
  }

  /** The schema as a {@code regnamespace} argument. */
  public static String regnamespace(Database database, String schemaName) {
    return quoteLiteral(identifier(database, schemaName, Schema.class)) + "::regnamespace";
  }

  /** A column name as Citus takes it: the exact name, as a string. */
  public static String columnLiteral(Database database, String columnName) {
    return quoteLiteral(database.correctObjectName(columnName, Column.class));
  }

  /**
   * A table name as Citus' text arguments take it ({@code colocate_with}): quoted and qualified.
   */
  public static String tableLiteral(Database database, String schemaName, String tableName) {
    return quoteLiteral(table(database, schemaName, tableName));
  }
}
