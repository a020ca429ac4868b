package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import io.github.liquibasecitus.sql.LibraryCalls;
import io.github.liquibasecitus.sql.SqlText;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.structure.core.Schema;

/**
 * Creates a schema if it does not exist and makes it a Citus distributed schema: every table
 * created in it becomes a single-shard table, and the schema moves between nodes as a whole.
 * Already distributed is a logged no-op. Rollback undistributes it (the schema stays).
 */
@DatabaseChange(
    name = DistributeSchemaChange.NAME,
    description = "Creates (if needed) and distributes a schema with citus_schema_distribute",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class DistributeSchemaChange extends AbstractCitusChange {
  /** The change's name in changelogs. */
  public static final String NAME = "distributeSchema";

  private String schemaName;
  private String authorization;

  @DatabaseChangeProperty(description = "The schema to create if missing and distribute")
  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  @DatabaseChangeProperty(
      description =
          "Role that owns the schema when it is created (CREATE SCHEMA ... AUTHORIZATION)")
  public String getAuthorization() {
    return authorization;
  }

  public void setAuthorization(String authorization) {
    this.authorization = authorization;
  }

  @Override
  protected List<String> sql(Database database) {
    return List.of(
        LibraryCalls.distributeSchema(
            SqlNames.identifier(database, schemaName, Schema.class),
            authorization == null ? null : SqlText.quoteIdentifier(authorization)));
  }

  @Override
  protected void checkAttributes(Attributes check) {
    check
        .required("schemaName", schemaName)
        .name("schemaName", schemaName)
        .name("authorization", authorization)
        .unless(
            !"public".equalsIgnoreCase(schemaName),
            "schemaName 'public' cannot be distributed by Citus; use a schema per service");
  }

  @Override
  protected Change[] createInverses() {
    UndistributeSchemaChange inverse = new UndistributeSchemaChange();
    inverse.setSchemaName(schemaName);
    return new Change[] {inverse};
  }

  @Override
  public String getConfirmationMessage() {
    return "Schema " + schemaName + " is distributed";
  }
}
