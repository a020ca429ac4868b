package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractHashDistributionChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import io.github.liquibasecitus.sql.LibraryCalls;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.database.Database;

/**
 * Hash-distributes a table by a column ({@code create_distributed_table}). A table already
 * distributed by that column is left as it is. Rollback undistributes it, keeping the data.
 */
@DatabaseChange(
    name = CreateDistributedTableChange.NAME,
    description = "Hash-distributes a table by a column with create_distributed_table",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class CreateDistributedTableChange extends AbstractHashDistributionChange {
  /** The change's name in changelogs. */
  public static final String NAME = "createDistributedTable";

  @Override
  protected List<String> sql(Database database) {
    return List.of(
        LibraryCalls.createDistributedTable(
            table(database),
            SqlNames.columnLiteral(database, getDistributionColumn()),
            ColocateWith.sql(
                database, getColocateWith(), getColocateWithSchemaName(), getSchemaName()),
            getShardCount()));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    check
        .required("distributionColumn", getDistributionColumn())
        .name("distributionColumn", getDistributionColumn())
        .name("colocateWith", getColocateWith())
        .name("colocateWithSchemaName", getColocateWithSchemaName())
        .positive("shardCount", getShardCount())
        .unless(
            getShardCount() == null
                || getColocateWith() == null
                || ColocateWith.isKeyword(getColocateWith()),
            "shardCount cannot be combined with colocateWith a table (the table's shard count"
                + " applies)");
  }

  @Override
  protected Change[] createInverses() {
    return UndistributeTableChange.inverseOf(this);
  }

  @Override
  public String getConfirmationMessage() {
    return "Table " + tableForMessages() + " is distributed by " + getDistributionColumn();
  }
}
