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
 * Gives one tenant of a hash-distributed table a shard of its own, with the table's colocated
 * tables (Citus' isolate_tenant_to_new_shard, CASCADE when there are any), and with {@code
 * nodeName}/{@code nodePort} a node of its own. A tenant already alone in its shard is not split
 * again. There is no rollback: Citus does not merge shards back.
 */
@DatabaseChange(
    name = IsolateTenantChange.NAME,
    description =
        "Gives a tenant of a hash-distributed table a shard of its own, optionally on a node of its"
            + " own",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class IsolateTenantChange extends AbstractCitusTableChange {
  /** The change's name in changelogs. */
  public static final String NAME = "isolateTenant";

  private String tenantId;
  private String nodeName;
  private Integer nodePort;
  private String transferMode;

  @DatabaseChangeProperty(
      description = "The tenant's value of the table's distribution column, as text (42, acme)")
  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  @DatabaseChangeProperty(description = "The node to move the tenant's new shard to (optional)")
  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  @DatabaseChangeProperty(description = "That node's port")
  public Integer getNodePort() {
    return nodePort;
  }

  public void setNodePort(Integer nodePort) {
    this.nodePort = nodePort;
  }

  @DatabaseChangeProperty(
      description =
          "How Citus splits and moves the shards: auto (default, online; needs a primary key or replica identity), force_logical or block_writes")
  public String getTransferMode() {
    return transferMode;
  }

  public void setTransferMode(String transferMode) {
    this.transferMode = transferMode;
  }

  @Override
  protected List<String> sql(Database database) {
    return List.of(
        LibraryCalls.isolateTenant(
            table(database),
            SqlNames.literal(tenantId),
            SqlNames.literal(nodeName),
            nodePort,
            SqlNames.literal(transferMode)));
  }

  @Override
  protected void checkMoreAttributes(Attributes check) {
    check
        .required("tenantId", tenantId)
        .unless(
            (nodeName == null) == (nodePort == null),
            "give nodeName and nodePort together, or neither")
        .positive("nodePort", nodePort)
        .oneOf("transferMode", transferMode, TransferMode.sqlNames());
  }

  @Override
  protected String whyNoRollback() {
    return NAME
        + " has no rollback: Citus does not merge shards back. Add an empty <rollback/> if the"
        + " changeset may be rolled back without undoing it";
  }

  @Override
  public String getConfirmationMessage() {
    return "Tenant " + tenantId + " of " + tableForMessages() + " has a shard of its own";
  }
}
