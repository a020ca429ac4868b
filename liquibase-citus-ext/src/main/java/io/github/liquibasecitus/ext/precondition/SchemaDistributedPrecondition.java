package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import io.github.liquibasecitus.sql.SqlText;
import java.sql.SQLException;
import liquibase.database.Database;
import liquibase.structure.core.Schema;

/** The schema is a Citus distributed schema. */
public class SchemaDistributedPrecondition extends AbstractCitusPrecondition {
  /** The precondition's name in changelogs. */
  public static final String NAME = "schemaDistributed";

  private String schemaName;

  @Override
  public String getName() {
    return NAME;
  }

  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  @Override
  protected boolean holds(Database database, Query ask) throws SQLException {
    return ask.test(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.schemaid = pg_catalog.to_regnamespace("
            + SqlText.quoteLiteral(SqlNames.identifier(database, schemaName, Schema.class))
            + "))");
  }

  @Override
  protected String failureMessage() {
    return "Schema " + schemaName + " is not a distributed schema";
  }

  @Override
  protected void checkAttributes(Attributes check) {
    check.required("schemaName", schemaName).name("schemaName", schemaName);
  }
}
