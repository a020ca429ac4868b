package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusChange;
import io.github.liquibasecitus.ext.SqlNames;
import java.util.ArrayList;
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
    name = "distributeSchema",
    description = "Creates (if needed) and distributes a schema with citus_schema_distribute",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class DistributeSchemaChange extends AbstractCitusChange {
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
    String create =
        "CREATE SCHEMA IF NOT EXISTS " + SqlNames.identifier(database, schemaName, Schema.class);
    if (authorization != null) {
      create += " AUTHORIZATION " + SqlNames.quoteIdentifier(authorization);
    }
    return List.of(
        create,
        "SELECT citus_ext.distribute_schema(" + SqlNames.regnamespace(database, schemaName) + ")");
  }

  @Override
  protected List<String> attributeErrors() {
    List<String> errors = new ArrayList<>();
    require(errors, "distributeSchema", "schemaName", schemaName);
    checkName(errors, "distributeSchema", "schemaName", schemaName);
    checkName(errors, "distributeSchema", "authorization", authorization);
    if ("public".equalsIgnoreCase(schemaName)) {
      errors.add(
          "distributeSchema: schemaName 'public' cannot be distributed by Citus; use a schema per service");
    }
    return errors;
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
