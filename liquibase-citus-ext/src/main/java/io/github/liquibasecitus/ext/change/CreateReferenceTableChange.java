package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusTableChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.sql.LibraryCalls;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.database.Database;

/**
 * Makes a table a reference table, copied to every node ({@code create_reference_table}). Already a
 * reference table is a no-op. Rollback undistributes it, keeping the data.
 */
@DatabaseChange(
    name = CreateReferenceTableChange.NAME,
    description = "Makes a table a reference table with create_reference_table",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class CreateReferenceTableChange extends AbstractCitusTableChange {
  /** The change's name in changelogs. */
  public static final String NAME = "createReferenceTable";

  @Override
  protected List<String> sql(Database database) {
    return List.of(LibraryCalls.createReferenceTable(table(database)));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    // tableName and schemaName only.
  }

  @Override
  protected Change[] createInverses() {
    return UndistributeTableChange.inverseOf(this);
  }

  @Override
  public String getConfirmationMessage() {
    return "Table " + tableForMessages() + " is a reference table";
  }
}
