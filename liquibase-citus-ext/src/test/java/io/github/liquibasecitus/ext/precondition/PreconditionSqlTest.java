package io.github.liquibasecitus.ext.precondition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import liquibase.database.core.PostgresDatabase;
import org.junit.jupiter.api.Test;

/** The exact query of each precondition, and its message when the answer is no. */
class PreconditionSqlTest {
  private final PostgresDatabase db = new PostgresDatabase();

  /** Answers every query with no, recording them. */
  private static final class Refusing implements AbstractCitusPrecondition.Query {
    final List<String> sql = new ArrayList<>();

    @Override
    public boolean test(String query) {
      sql.add(query);
      return false;
    }

    @Override
    public Connection connection() {
      return null;
    }
  }

  private List<String> failing(AbstractCitusPrecondition precondition) throws Exception {
    Refusing no = new Refusing();
    assertFalse(precondition.holds(db, no));
    return no.sql;
  }

  @Test
  void citusInstalled() throws Exception {
    CitusInstalledPrecondition p = new CitusInstalledPrecondition();
    assertEquals(
        List.of(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus')"),
        failing(p));
    assertEquals("Citus is not installed", p.failureMessage());
    p.setMinVersion("12.1");
    assertEquals(
        List.of(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus'"
                + " AND pg_catalog.string_to_array(pg_catalog.split_part(e.extversion, '-', 1),"
                + " '.')::int[] >= pg_catalog.string_to_array('12.1', '.')::int[])"),
        failing(p));
    assertEquals("Citus 12.1 or newer is not installed", p.failureMessage());
  }

  @Test
  void schemaDistributed() throws Exception {
    SchemaDistributedPrecondition p = new SchemaDistributedPrecondition();
    p.setSchemaName("User_Service");
    assertEquals(
        List.of(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.schemaid ="
                + " pg_catalog.to_regnamespace('\"User_Service\"'))"),
        failing(p));
    assertEquals("Schema User_Service is not a distributed schema", p.failureMessage());
  }

  @Test
  void tableDistributedOfAKind() throws Exception {
    TableDistributedPrecondition p = new TableDistributedPrecondition();
    p.setSchemaName("app");
    p.setTableName("orders");
    p.setKind("single_shard");
    assertEquals(
        List.of(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid ="
                + " pg_catalog.to_regclass('\"app\".\"orders\"') AND p.partmethod = 'n' AND"
                + " p.repmodel <> 't' AND p.colocationid <> 0 AND NOT EXISTS (SELECT 1 FROM"
                + " pg_catalog.pg_dist_schema s WHERE s.colocationid = p.colocationid))"),
        failing(p));
    assertEquals("Table app.orders is not a single_shard table", p.failureMessage());
  }

  @Test
  void tablesColocated() throws Exception {
    TablesColocatedPrecondition p = new TablesColocatedPrecondition();
    p.setSchemaName("app");
    p.setTableName("orders");
    p.setOtherTableName("invoices");
    assertEquals(
        List.of(
            "SELECT coalesce((SELECT a.colocationid <> 0 AND a.colocationid = b.colocationid"
                + " FROM pg_catalog.pg_dist_partition a, pg_catalog.pg_dist_partition b WHERE"
                + " a.logicalrelid = pg_catalog.to_regclass('\"app\".\"orders\"') AND"
                + " b.logicalrelid = pg_catalog.to_regclass('\"app\".\"invoices\"')), false)"),
        failing(p));
    assertEquals("Tables app.orders and invoices are not colocated", p.failureMessage());
  }

  @Test
  void tenantPlaced() throws Exception {
    TenantPlacedPrecondition p = new TenantPlacedPrecondition();
    p.setTenantId("O'Brien");
    assertEquals(
        List.of(
            "SELECT EXISTS (SELECT 1 FROM citus_ext.tenant t JOIN pg_dist_partition p ON"
                + " p.colocationid = t.colocation_id WHERE t.tenant_id = 'O''Brien')"),
        failing(p));
    assertEquals("Tenant O'Brien has no tables", p.failureMessage());
    p.setSchemaName("app");
    p.setTableName("orders");
    assertEquals(
        List.of(
            "SELECT EXISTS (SELECT 1 FROM citus_ext.tenant t JOIN pg_dist_partition p ON"
                + " p.colocationid = t.colocation_id WHERE t.tenant_id = 'O''Brien' AND"
                + " p.logicalrelid = pg_catalog.to_regclass('\"app\".\"orders\"'))"),
        failing(p));
    assertEquals("Table app.orders is not colocated with tenant O'Brien", p.failureMessage());
  }
}
