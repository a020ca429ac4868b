package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import java.sql.SQLException;
import liquibase.database.Database;

/** Two Citus tables are in the same colocation group (and so their shards share nodes). */
public class TablesColocatedPrecondition extends AbstractTablePrecondition {
  /** The precondition's name in changelogs. */
  public static final String NAME = "tablesColocated";

  private String otherSchemaName;
  private String otherTableName;

  @Override
  public String getName() {
    return NAME;
  }

  /** Schema of the other table; defaults to schemaName. */
  public String getOtherSchemaName() {
    return otherSchemaName;
  }

  public void setOtherSchemaName(String otherSchemaName) {
    this.otherSchemaName = otherSchemaName;
  }

  public String getOtherTableName() {
    return otherTableName;
  }

  public void setOtherTableName(String otherTableName) {
    this.otherTableName = otherTableName;
  }

  @Override
  protected boolean holds(Database database, Query ask) throws SQLException {
    String other =
        SqlNames.tableLiteral(
            database, otherSchemaName != null ? otherSchemaName : getSchemaName(), otherTableName);
    return ask.test(
        "SELECT coalesce((SELECT a.colocationid <> 0 AND a.colocationid = b.colocationid"
            + " FROM pg_catalog.pg_dist_partition a, pg_catalog.pg_dist_partition b"
            + " WHERE a.logicalrelid = "
            + regclass(database)
            + " AND b.logicalrelid = pg_catalog.to_regclass("
            + other
            + ")), false)");
  }

  @Override
  protected String failureMessage() {
    return "Tables " + tableForMessages() + " and " + otherTableName + " are not colocated";
  }

  @Override
  protected void checkAttributes(Attributes check) {
    check
        .required("tableName", getTableName())
        .required("otherTableName", otherTableName)
        .name("tableName", getTableName())
        .name("otherTableName", otherTableName)
        .name("schemaName", getSchemaName())
        .name("otherSchemaName", otherSchemaName);
  }
}
