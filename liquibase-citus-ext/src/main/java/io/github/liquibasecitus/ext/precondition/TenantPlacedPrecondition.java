package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.SqlNames;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;

/**
 * The tenant has a colocation group with at least one table; with {@code tableName}, that table is
 * in the tenant's group.
 */
public class TenantPlacedPrecondition extends AbstractCitusPrecondition {
  private String tenantId;
  private String schemaName;
  private String tableName;

  @Override
  public String getName() {
    return "tenantPlaced";
  }

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  /** A table that must be in the tenant's group; optional. */
  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  @Override
  protected boolean holds(Database database, Query ask) throws DatabaseException {
    // No library, no tenants: asked first, as the library's functions are absent then.
    if (!ask.test("SELECT pg_catalog.to_regprocedure('citus_ext.version()') IS NOT NULL")) {
      return false;
    }
    String tenant = SqlNames.quoteLiteral(tenantId);
    if (tableName == null) {
      return ask.test("SELECT EXISTS (SELECT 1 FROM citus_ext.tenant_tables(" + tenant + "))");
    }
    return ask.test(
        "SELECT citus_ext.is_colocated_with_tenant(pg_catalog.to_regclass("
            + SqlNames.tableLiteral(database, schemaName, tableName)
            + "), "
            + tenant
            + ")");
  }

  @Override
  protected String failureMessage() {
    return tableName == null
        ? "Tenant " + tenantId + " has no tables"
        : "Table " + tableName + " is not colocated with tenant " + tenantId;
  }

  @Override
  protected void attributeErrors(List<String> errors) {
    require(errors, "tenantPlaced", "tenantId", tenantId);
  }
}
