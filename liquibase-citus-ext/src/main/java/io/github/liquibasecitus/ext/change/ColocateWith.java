package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.SqlNames;
import liquibase.database.Database;

/** Citus' {@code colocate_with} text argument: a keyword, or a table's qualified name. */
final class ColocateWith {
  private ColocateWith() {}

  static String sql(
      Database database, String colocateWith, String itsSchema, String defaultSchema) {
    if (colocateWith == null) {
      return null;
    }
    if ("none".equals(colocateWith) || "default".equals(colocateWith)) {
      return SqlNames.quoteLiteral(colocateWith);
    }
    return SqlNames.tableLiteral(
        database, itsSchema != null ? itsSchema : defaultSchema, colocateWith);
  }
}
