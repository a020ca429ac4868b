package io.github.liquibasecitus.sql;

import java.nio.charset.StandardCharsets;

/**
 * The one place where names and values typed by users become SQL text: identifiers are always
 * quoted, values are always literals, both with PostgreSQL's own escaping.
 */
public final class SqlText {
  /** PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1) and drops the rest. */
  public static final int MAX_IDENTIFIER_BYTES = 63;

  private SqlText() {}

  /** A PostgreSQL quoted identifier: {@code my"table} becomes {@code "my""table"}. */
  public static String quoteIdentifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"}, or {@code "name"} when there is no schema. */
  public static String qualified(String schema, String name) {
    return schema == null
        ? quoteIdentifier(name)
        : quoteIdentifier(schema) + "." + quoteIdentifier(name);
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

  /** A quoted, possibly qualified, relation name as a {@code regclass} argument. */
  public static String regclass(String quotedName) {
    return quoteLiteral(quotedName) + "::pg_catalog.regclass";
  }

  /** A quoted schema name as a {@code regnamespace} argument. */
  public static String regnamespace(String quotedName) {
    return quoteLiteral(quotedName) + "::pg_catalog.regnamespace";
  }

  /**
   * Why PostgreSQL cannot hold this name as typed, or null when it can: a NUL character, or more
   * than 63 bytes (PostgreSQL would cut it silently, and two long names could become one).
   */
  public static String whyNotAnIdentifier(String name) {
    if (name.indexOf('\0') >= 0) {
      return "must not contain a NUL character";
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_IDENTIFIER_BYTES) {
      return "is "
          + bytes
          + " bytes long; PostgreSQL keeps only the first "
          + MAX_IDENTIFIER_BYTES
          + " bytes of a name: shorten it";
    }
    return null;
  }
}
