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

/**
 * Makes a distributed schema a regular schema again, its tables local to the coordinator. Not
 * distributed is a logged no-op. Rollback distributes it again.
 */
@DatabaseChange(
    name = "undistributeSchema",
    description = "Undistributes a schema with citus_schema_undistribute",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class UndistributeSchemaChange extends AbstractCitusChange {
  private String schemaName;

  @DatabaseChangeProperty(description = "The distributed schema to undistribute")
  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  @Override
  protected List<String> sql(Database database) {
    return List.of(
        "SELECT citus_ext.undistribute_schema("
            + SqlNames.regnamespace(database, schemaName)
            + ")");
  }

  @Override
  protected List<String> attributeErrors() {
    List<String> errors = new ArrayList<>();
    require(errors, "undistributeSchema", "schemaName", schemaName);
    checkName(errors, "undistributeSchema", "schemaName", schemaName);
    return errors;
  }

  @Override
  protected Change[] createInverses() {
    DistributeSchemaChange inverse = new DistributeSchemaChange();
    inverse.setSchemaName(schemaName);
    return new Change[] {inverse};
  }

  @Override
  public String getConfirmationMessage() {
    return "Schema " + schemaName + " is no longer distributed";
  }
}
