package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusTableChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import io.github.liquibasecitus.sql.LibraryCalls;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;

/**
 * Hash-distributes a table by a column ({@code create_distributed_table}). A table already
 * distributed by that column is left as it is. Rollback undistributes it, keeping the data.
 */
@DatabaseChange(
    name = CreateDistributedTableChange.NAME,
    description = "Hash-distributes a table by a column with create_distributed_table",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class CreateDistributedTableChange extends AbstractCitusTableChange {
  /** The change's name in changelogs. */
  public static final String NAME = "createDistributedTable";

  private String distributionColumn;
  private String colocateWith;
  private String colocateWithSchemaName;
  private Integer shardCount;

  @DatabaseChangeProperty(description = "The distribution column")
  public String getDistributionColumn() {
    return distributionColumn;
  }

  public void setDistributionColumn(String distributionColumn) {
    this.distributionColumn = distributionColumn;
  }

  @DatabaseChangeProperty(description = "default, none, or a distributed table to colocate with")
  public String getColocateWith() {
    return colocateWith;
  }

  public void setColocateWith(String colocateWith) {
    this.colocateWith = colocateWith;
  }

  @DatabaseChangeProperty(description = "Schema of colocateWith; defaults to schemaName")
  public String getColocateWithSchemaName() {
    return colocateWithSchemaName;
  }

  public void setColocateWithSchemaName(String colocateWithSchemaName) {
    this.colocateWithSchemaName = colocateWithSchemaName;
  }

  @DatabaseChangeProperty(description = "Number of shards; Citus' citus.shard_count when omitted")
  public Integer getShardCount() {
    return shardCount;
  }

  public void setShardCount(Integer shardCount) {
    this.shardCount = shardCount;
  }

  @Override
  protected List<String> sql(Database database) {
    return List.of(
        LibraryCalls.createDistributedTable(
            table(database),
            SqlNames.columnLiteral(database, distributionColumn),
            ColocateWith.sql(database, colocateWith, colocateWithSchemaName, getSchemaName()),
            shardCount));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    check
        .required("distributionColumn", distributionColumn)
        .name("distributionColumn", distributionColumn)
        .name("colocateWith", colocateWith)
        .name("colocateWithSchemaName", colocateWithSchemaName)
        .positive("shardCount", shardCount)
        .unless(
            shardCount == null || colocateWith == null || ColocateWith.isKeyword(colocateWith),
            "shardCount cannot be combined with colocateWith a table (the table's shard count"
                + " applies)");
  }

  @Override
  protected Change[] createInverses() {
    return UndistributeTableChange.inverseOf(this);
  }

  @Override
  public String getConfirmationMessage() {
    return "Table " + tableForMessages() + " is distributed by " + distributionColumn;
  }
}
