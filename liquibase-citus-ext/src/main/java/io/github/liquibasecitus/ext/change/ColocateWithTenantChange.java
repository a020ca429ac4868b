package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusTableChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import io.github.liquibasecitus.sql.LibraryCalls;
import io.github.liquibasecitus.sql.TransferMode;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;

/**
 * Moves an existing single-shard table to its tenant's node and joins the tenant's colocation
 * group, so the rebalancer keeps the tenant together. A tenant seen for the first time adopts the
 * table's node. There is no automatic rollback: where the table was before is not recorded; write a
 * {@code <rollback>} with another {@code colocateWithTenant} if you need one.
 */
@DatabaseChange(
    name = ColocateWithTenantChange.NAME,
    description = "Moves a single-shard table to its tenant's node and colocation group",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class ColocateWithTenantChange extends AbstractCitusTableChange {
  /** The change's name in changelogs. */
  public static final String NAME = "colocateWithTenant";

  private String tenantId;
  private String transferMode;

  @DatabaseChangeProperty(description = "The tenant to join; any text")
  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  @DatabaseChangeProperty(
      description =
          "How Citus moves the shard: auto (default, online; needs a primary key or replica identity), force_logical or block_writes")
  public String getTransferMode() {
    return transferMode;
  }

  public void setTransferMode(String transferMode) {
    this.transferMode = transferMode;
  }

  @Override
  protected List<String> sql(Database database) {
    return List.of(
        LibraryCalls.colocateWithTenant(
            table(database), SqlNames.literal(tenantId), SqlNames.literal(transferMode)));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    check
        .required("tenantId", tenantId)
        .tenantId("tenantId", tenantId)
        .oneOf("transferMode", transferMode, TransferMode.sqlNames());
  }

  @Override
  protected String whyNoRollback() {
    return NAME
        + " has no automatic rollback (where "
        + tableForMessages()
        + " was before is not recorded): add a <rollback> block, e.g. "
        + NAME
        + " with the former tenant";
  }

  @Override
  public String getConfirmationMessage() {
    return "Table " + tableForMessages() + " is colocated with tenant " + tenantId;
  }
}
