package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractColocatingTableChange;
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
 * Makes a regular table a single-shard distributed table (no distribution column). With {@code
 * tenantId}, it is created straight into the tenant's colocation group, on the tenant's node, with
 * no shard move; with {@code colocateWith}, into that table's group; otherwise into a group of its
 * own. Rollback undistributes it, keeping the data.
 */
@DatabaseChange(
    name = CreateSingleShardTableChange.NAME,
    description =
        "Makes a table a single-shard distributed table, optionally in its tenant's colocation group",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class CreateSingleShardTableChange extends AbstractColocatingTableChange {
  /** The change's name in changelogs. */
  public static final String NAME = "createSingleShardTable";

  private String tenantId;

  @DatabaseChangeProperty(
      description = "Tenant whose tables share one node and colocation group; any text")
  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  /** Only a single-shard table here: a change of its own description. */
  @Override
  @DatabaseChangeProperty(
      description = "A single-shard table to colocate with (instead of tenantId)")
  public String getColocateWith() {
    return super.getColocateWith();
  }

  @Override
  protected List<String> sql(Database database) {
    String schemaOfOther =
        getColocateWithSchemaName() != null ? getColocateWithSchemaName() : getSchemaName();
    return List.of(
        LibraryCalls.createSingleShardTable(
            table(database),
            SqlNames.literal(tenantId),
            getColocateWith() == null
                ? null
                : SqlNames.regclass(database, schemaOfOther, getColocateWith())));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    check
        .unless(
            tenantId == null || getColocateWith() == null,
            "give tenantId or colocateWith, not both")
        .tenantId("tenantId", tenantId)
        .name("colocateWith", getColocateWith())
        .name("colocateWithSchemaName", getColocateWithSchemaName())
        .unless(
            getColocateWithSchemaName() == null || getColocateWith() != null,
            "colocateWithSchemaName needs colocateWith");
  }

  @Override
  protected Change[] createInverses() {
    return UndistributeTableChange.inverseOf(this);
  }

  @Override
  public String getConfirmationMessage() {
    return "Table "
        + tableForMessages()
        + " is a single-shard table"
        + (tenantId != null ? " of tenant " + tenantId : "");
  }
}
