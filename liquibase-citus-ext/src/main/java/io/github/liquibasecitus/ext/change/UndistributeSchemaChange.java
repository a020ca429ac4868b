package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import io.github.liquibasecitus.sql.LibraryCalls;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.structure.core.Schema;

/**
 * Makes a distributed schema a regular schema again, its tables local to the coordinator. Not
 * distributed is a logged no-op. Rollback distributes it again.
 */
@DatabaseChange(
    name = UndistributeSchemaChange.NAME,
    description = "Undistributes a schema with citus_schema_undistribute",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class UndistributeSchemaChange extends AbstractCitusChange {
  /** The change's name in changelogs. */
  public static final String NAME = "undistributeSchema";

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
        LibraryCalls.undistributeSchema(SqlNames.identifier(database, schemaName, Schema.class)));
  }

  @Override
  protected void checkAttributes(Attributes check) {
    check.required("schemaName", schemaName).name("schemaName", schemaName);
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
