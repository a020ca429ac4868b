package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.SqlNames;
import liquibase.database.Database;

/** Citus' {@code colocate_with} text argument: a keyword, or a table's qualified name. */
final class ColocateWith {
  private ColocateWith() {}

  /** {@code none} (a group of its own) or {@code default} (Citus chooses), not a table. */
  static boolean isKeyword(String colocateWith) {
    return "none".equals(colocateWith) || "default".equals(colocateWith);
  }

  static String sql(
      Database database, String colocateWith, String itsSchema, String defaultSchema) {
    if (colocateWith == null) {
      return null;
    }
    if (isKeyword(colocateWith)) {
      return SqlNames.literal(colocateWith);
    }
    return SqlNames.tableLiteral(
        database, itsSchema != null ? itsSchema : defaultSchema, colocateWith);
  }
}
