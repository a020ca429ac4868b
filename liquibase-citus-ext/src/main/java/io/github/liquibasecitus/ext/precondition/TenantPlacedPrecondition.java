package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.SqlNames;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;

/**
 * The tenant has a colocation group with at least one table; with {@code tableName}, that table is
 * in the tenant's group.
 */
public class TenantPlacedPrecondition extends AbstractTablePrecondition {
  private String tenantId;

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

  @Override
  protected boolean holds(Database database, Query ask) throws DatabaseException {
    // No library, no tenants: asked first, as the library's functions are absent then.
    if (!ask.test("SELECT pg_catalog.to_regprocedure('citus_ext.version()') IS NOT NULL")) {
      return false;
    }
    String tenant = SqlNames.quoteLiteral(tenantId);
    if (getTableName() == null) {
      return ask.test("SELECT EXISTS (SELECT 1 FROM citus_ext.tenant_tables(" + tenant + "))");
    }
    return ask.test(
        "SELECT citus_ext.is_colocated_with_tenant(" + regclass(database) + ", " + tenant + ")");
  }

  @Override
  protected String failureMessage() {
    return getTableName() == null
        ? "Tenant " + tenantId + " has no tables"
        : "Table " + tableForMessages() + " is not colocated with tenant " + tenantId;
  }

  @Override
  protected void attributeErrors(List<String> errors) {
    require(errors, "tenantPlaced", "tenantId", tenantId);
  }
}
