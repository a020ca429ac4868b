package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusTableChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import io.github.liquibasecitus.sql.LibraryCalls;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;

/**
 * Changes the distribution column, shard count or colocation of a hash-distributed table ({@code
 * alter_distributed_table}); a call that would change nothing is a no-op. There is no automatic
 * rollback: the former properties are not recorded; write a {@code <rollback>} with another {@code
 * alterDistributedTable}.
 */
@DatabaseChange(
    name = AlterDistributedTableChange.NAME,
    description = "Changes a distributed table's distribution column, shard count or colocation",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class AlterDistributedTableChange extends AbstractCitusTableChange {
  /** The change's name in changelogs. */
  public static final String NAME = "alterDistributedTable";

  private String distributionColumn;
  private Integer shardCount;
  private String colocateWith;
  private String colocateWithSchemaName;
  private Boolean cascadeToColocated;

  @DatabaseChangeProperty(description = "The new distribution column")
  public String getDistributionColumn() {
    return distributionColumn;
  }

  public void setDistributionColumn(String distributionColumn) {
    this.distributionColumn = distributionColumn;
  }

  @DatabaseChangeProperty(description = "The new number of shards")
  public Integer getShardCount() {
    return shardCount;
  }

  public void setShardCount(Integer shardCount) {
    this.shardCount = shardCount;
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

  @DatabaseChangeProperty(
      description = "Apply a new shard count to the tables colocated with it too")
  public Boolean getCascadeToColocated() {
    return cascadeToColocated;
  }

  public void setCascadeToColocated(Boolean cascadeToColocated) {
    this.cascadeToColocated = cascadeToColocated;
  }

  @Override
  protected List<String> sql(Database database) {
    return List.of(
        LibraryCalls.alterDistributedTable(
            table(database),
            distributionColumn == null
                ? null
                : SqlNames.columnLiteral(database, distributionColumn),
            shardCount,
            ColocateWith.sql(database, colocateWith, colocateWithSchemaName, getSchemaName()),
            cascadeToColocated));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    check
        .unless(
            distributionColumn != null || shardCount != null || colocateWith != null,
            "give at least one of distributionColumn, shardCount, colocateWith")
        .positive("shardCount", shardCount)
        .name("distributionColumn", distributionColumn)
        .name("colocateWith", colocateWith)
        .name("colocateWithSchemaName", colocateWithSchemaName)
        .unless(
            cascadeToColocated == null || shardCount != null,
            "cascadeToColocated applies to a shardCount change; give shardCount");
  }

  @Override
  protected String whyNoRollback() {
    return NAME
        + " has no automatic rollback (the former properties of "
        + tableForMessages()
        + " are not recorded): add a <rollback> block with another "
        + NAME;
  }

  @Override
  public String getConfirmationMessage() {
    return "Table " + tableForMessages() + " is altered";
  }
}
