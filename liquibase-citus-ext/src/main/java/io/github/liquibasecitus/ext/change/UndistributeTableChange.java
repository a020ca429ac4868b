package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusTableChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.sql.LibraryCalls;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;

/**
 * Makes a distributed, reference or single-shard table a regular table on the coordinator again,
 * keeping its data ({@code undistribute_table}). Not distributed is a no-op. There is no automatic
 * rollback: how the table was distributed is not recorded here; write a {@code <rollback>} with the
 * change that distributes it.
 */
@DatabaseChange(
    name = UndistributeTableChange.NAME,
    description = "Makes a Citus table a regular table again with undistribute_table",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class UndistributeTableChange extends AbstractCitusTableChange {
  /** The change's name in changelogs. */
  public static final String NAME = "undistributeTable";

  private Boolean cascadeViaForeignKeys;

  @DatabaseChangeProperty(description = "Also undistribute the tables linked to it by foreign keys")
  public Boolean getCascadeViaForeignKeys() {
    return cascadeViaForeignKeys;
  }

  public void setCascadeViaForeignKeys(Boolean cascadeViaForeignKeys) {
    this.cascadeViaForeignKeys = cascadeViaForeignKeys;
  }

  /** The rollback of a change that distributed a table: undistribute it, keeping the data. */
  static Change[] inverseOf(AbstractCitusTableChange distributing) {
    UndistributeTableChange inverse = new UndistributeTableChange();
    inverse.setSchemaName(distributing.getSchemaName());
    inverse.setTableName(distributing.getTableName());
    return new Change[] {inverse};
  }

  @Override
  protected List<String> sql(Database database) {
    return List.of(LibraryCalls.undistributeTable(table(database), cascadeViaForeignKeys));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    // tableName and schemaName only.
  }

  @Override
  protected String whyNoRollback() {
    return NAME
        + " has no automatic rollback (how "
        + tableForMessages()
        + " was distributed is not recorded): add a <rollback> block with "
        + CreateDistributedTableChange.NAME
        + ", "
        + CreateReferenceTableChange.NAME
        + " or "
        + CreateSingleShardTableChange.NAME;
  }

  @Override
  public String getConfirmationMessage() {
    return "Table " + tableForMessages() + " is no longer distributed";
  }
}
