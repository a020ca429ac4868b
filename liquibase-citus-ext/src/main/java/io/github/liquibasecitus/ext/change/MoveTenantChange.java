package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusChange;
import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.ext.SqlNames;
import io.github.liquibasecitus.sql.LibraryCalls;
import io.github.liquibasecitus.sql.TransferMode;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.structure.core.Schema;

/**
 * Moves a whole tenant to a node: a citus_ext tenant ({@code tenantId}) or a distributed schema
 * ({@code schemaName}), all its tables together. The library records where it came from, so the
 * rollback returns it there. An online move (transfer mode {@code auto} or {@code force_logical})
 * must be alone in its transaction: put it in a changeset with {@code runInTransaction="false"}.
 */
@DatabaseChange(
    name = MoveTenantChange.NAME,
    description =
        "Moves a tenant or a distributed schema, all its tables together, to a node; rollback"
            + " moves it back",
    priority = ChangeMetaData.PRIORITY_DEFAULT)
public class MoveTenantChange extends AbstractCitusChange {
  /** The change's name in changelogs. */
  public static final String NAME = "moveTenant";

  private String tenantId;
  private String schemaName;
  private String nodeName;
  private Integer nodePort;
  private String transferMode;
  private boolean back;

  @DatabaseChangeProperty(description = "The citus_ext tenant to move (or schemaName)")
  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  @DatabaseChangeProperty(description = "The distributed schema to move (or tenantId)")
  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  @DatabaseChangeProperty(description = "The node to move to, as pg_dist_node names it")
  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  @DatabaseChangeProperty(description = "The node's port")
  public Integer getNodePort() {
    return nodePort;
  }

  public void setNodePort(Integer nodePort) {
    this.nodePort = nodePort;
  }

  @DatabaseChangeProperty(
      description =
          "How Citus moves the shards: auto (default, online; needs a primary key or replica identity), force_logical or block_writes")
  public String getTransferMode() {
    return transferMode;
  }

  public void setTransferMode(String transferMode) {
    this.transferMode = transferMode;
  }

  @Override
  protected List<String> sql(Database database) {
    String mode = SqlNames.literal(transferMode);
    if (back) {
      return List.of(
          LibraryCalls.moveBack(
              SqlNames.literal(schemaName != null ? "schema" : "tenant"),
              // The schema's name as the forward move resolved it (Liquibase's case rules).
              SqlNames.literal(
                  schemaName != null
                      ? database.correctObjectName(schemaName, Schema.class)
                      : tenantId),
              mode));
    }
    return List.of(
        LibraryCalls.move(
            SqlNames.literal(tenantId),
            schemaName == null ? null : SqlNames.identifier(database, schemaName, Schema.class),
            SqlNames.literal(nodeName),
            nodePort,
            mode));
  }

  @Override
  protected void checkAttributes(Attributes check) {
    check
        .unless(
            (tenantId == null) != (schemaName == null),
            "give tenantId (a citus_ext tenant) or schemaName (a distributed schema), one of"
                + " them")
        .tenantId("tenantId", tenantId)
        .name("schemaName", schemaName)
        .required("nodeName", nodeName)
        .required("nodePort", nodePort)
        .positive("nodePort", nodePort)
        .oneOf("transferMode", transferMode, TransferMode.sqlNames());
  }

  @Override
  protected Change[] createInverses() {
    MoveTenantChange inverse = new MoveTenantChange();
    inverse.tenantId = tenantId;
    inverse.schemaName = schemaName;
    inverse.nodeName = nodeName;
    inverse.nodePort = nodePort;
    inverse.transferMode = transferMode;
    inverse.back = true;
    return new Change[] {inverse};
  }

  @Override
  public String getConfirmationMessage() {
    String what = schemaName != null ? "Schema " + schemaName : "Tenant " + tenantId;
    return back
        ? what + " is back where it came from"
        : what + " is on " + nodeName + ":" + nodePort;
  }
}
