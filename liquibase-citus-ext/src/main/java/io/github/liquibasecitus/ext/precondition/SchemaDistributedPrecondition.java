package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.SqlNames;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.structure.core.Schema;

/** The schema is a Citus distributed schema. */
public class SchemaDistributedPrecondition extends AbstractCitusPrecondition {
  private String schemaName;

  @Override
  public String getName() {
    return "schemaDistributed";
  }

  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  @Override
  protected boolean holds(Database database, Query ask) throws DatabaseException {
    return ask.test(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.schemaid = pg_catalog.to_regnamespace("
            + SqlNames.quoteLiteral(SqlNames.identifier(database, schemaName, Schema.class))
            + "))");
  }

  @Override
  protected String failureMessage() {
    return "Schema " + schemaName + " is not a distributed schema";
  }

  @Override
  protected void attributeErrors(List<String> errors) {
    require(errors, "schemaDistributed", "schemaName", schemaName);
  }
}
