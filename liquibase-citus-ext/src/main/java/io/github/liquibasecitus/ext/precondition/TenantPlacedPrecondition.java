package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.LibraryState;
import io.github.liquibasecitus.sql.SqlText;
import java.sql.SQLException;
import liquibase.database.Database;

/**
 * The tenant has a colocation group with at least one table; with {@code tableName}, that table is
 * in the tenant's group.
 */
public class TenantPlacedPrecondition extends AbstractTablePrecondition {
  /** The precondition's name in changelogs. */
  public static final String NAME = "tenantPlaced";

  private String tenantId;

  @Override
  public String getName() {
    return NAME;
  }

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  @Override
  protected boolean holds(Database database, Query ask) throws SQLException {
    // No library, no tenants. A library of another role is refused, not read.
    if (ask.connection() != null) {
      LibraryState library = CitusExtInstaller.state(ask.connection());
      library.requireTrusted();
      if (library.version() == null) {
        return false;
      }
    }
    return ask.test(
        "SELECT EXISTS (SELECT 1 FROM citus_ext.tenant t"
            + " JOIN pg_dist_partition p ON p.colocationid = t.colocation_id"
            + " WHERE t.tenant_id = "
            + SqlText.quoteLiteral(tenantId)
            + (getTableName() == null ? "" : " AND p.logicalrelid = " + regclass(database))
            + ")");
  }

  @Override
  protected String failureMessage() {
    return getTableName() == null
        ? "Tenant " + tenantId + " has no tables"
        : "Table " + tableForMessages() + " is not colocated with tenant " + tenantId;
  }

  @Override
  protected void checkAttributes(Attributes check) {
    check
        .required("tenantId", tenantId)
        .tenantId("tenantId", tenantId)
        .name("tableName", getTableName())
        .name("schemaName", getSchemaName());
  }
}
