package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractHashDistributionChange;
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
public class AlterDistributedTableChange extends AbstractHashDistributionChange {
  /** The change's name in changelogs. */
  public static final String NAME = "alterDistributedTable";

  private Boolean cascadeToColocated;

  @DatabaseChangeProperty(
      description = "Apply a new shard count to the tables colocated with it too")
  public Boolean getCascadeToColocated() {
    return cascadeToColocated;
  }

  public void setCascadeToColocated(Boolean cascadeToColocated) {
    this.cascadeToColocated = cascadeToColocated;
  }

  @Override
  @DatabaseChangeProperty(description = "The new distribution column")
  public String getDistributionColumn() {
    return super.getDistributionColumn();
  }

  @Override
  @DatabaseChangeProperty(description = "The new number of shards")
  public Integer getShardCount() {
    return super.getShardCount();
  }

  @Override
  protected List<String> sql(Database database) {
    return List.of(
        LibraryCalls.alterDistributedTable(
            table(database),
            getDistributionColumn() == null
                ? null
                : SqlNames.columnLiteral(database, getDistributionColumn()),
            getShardCount(),
            ColocateWith.sql(
                database, getColocateWith(), getColocateWithSchemaName(), getSchemaName()),
            cascadeToColocated));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    check
        .unless(
            getDistributionColumn() != null || getShardCount() != null || getColocateWith() != null,
            "give at least one of distributionColumn, shardCount, colocateWith")
        .positive("shardCount", getShardCount())
        .name("distributionColumn", getDistributionColumn())
        .name("colocateWith", getColocateWith())
        .name("colocateWithSchemaName", getColocateWithSchemaName())
        .unless(
            cascadeToColocated == null || getShardCount() != null,
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
