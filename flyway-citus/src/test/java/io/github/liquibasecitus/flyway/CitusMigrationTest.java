package io.github.liquibasecitus.flyway;

import static io.github.liquibasecitus.flyway.FakeJdbc.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.sql.CitusExt;
import io.github.liquibasecitus.sql.TransferMode;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

/** What the Java migrations' base classes hand a migration, and the SQL its calls send. */
class CitusMigrationTest {

  /** A database where the library is installed by a trusted owner, and shards live on worker-1. */
  private static FakeJdbc installed() {
    return new FakeJdbc(
        "PostgreSQL",
        sql -> {
          if (sql.startsWith("WITH me AS (")) {
            return List.of(row("app", true, "0.1.0", null, true, "0123456789abcdef"));
          }
          if (sql.startsWith("SELECT shard_id, node_name, node_port FROM ")) {
            return List.of(row(102008L, "worker-1", 5432));
          }
          return List.of();
        });
  }

  /** The SQL sent after the one catalog query that checks the library. */
  private static List<String> calls(FakeJdbc db) {
    assertTrue(db.sent.get(0).startsWith("WITH me AS ("), db.sent.get(0));
    return db.sent.subList(1, db.sent.size());
  }

  @Test
  void theMigrationGetsFlywaysContextAndItsPlacement() throws Exception {
    FakeJdbc db = installed();
    Context context = FakeJdbc.migrationContext(db.connection());
    V2__Orders migration = new V2__Orders();
    migration.migrate(context);
    assertSame(context, migration.context);
    assertNotNull(migration.citus);
    assertEquals(new CitusExt.Placement(102008, "worker-1:5432"), migration.placement);
    assertEquals(
        List.of(
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"app\".\"acme_orders\"'::pg_catalog.regclass,"
                + " tenant_id => 'acme')"),
        calls(db));
  }

  @Test
  void callsRunOnTheMigrationsConnectionCheckingTheLibraryOnce() throws Exception {
    FakeJdbc db = installed();
    new V3__Billing().migrate(FakeJdbc.migrationContext(db.connection()));
    assertEquals(
        List.of(
            "CREATE SCHEMA IF NOT EXISTS \"billing\" AUTHORIZATION \"billing_service\"; SELECT"
                + " citus_ext.distribute_schema(schema_name =>"
                + " '\"billing\"'::pg_catalog.regnamespace)",
            "SELECT citus_ext.create_reference_table(table_name =>"
                + " '\"billing\".\"Currencies\"'::pg_catalog.regclass)"),
        calls(db));
    assertEquals(List.of(), db.transactions, "the migration's transaction is Flyway's");
  }

  @Test
  void aCitusMigrationRunsInFlywaysTransaction() {
    assertTrue(new V2__Orders().canExecuteInTransaction());
  }

  @Test
  void aNonTransactionalOneDoesNotAndMovesOnline() throws Exception {
    V4__Move_legacy migration = new V4__Move_legacy();
    assertFalse(migration.canExecuteInTransaction());
    FakeJdbc db = installed();
    migration.migrate(FakeJdbc.migrationContext(db.connection()));
    assertEquals(new CitusExt.Placement(102008, "worker-1:5432"), migration.placement);
    assertEquals(
        List.of(
            "SELECT shard_id, node_name, node_port FROM citus_ext.colocate_with_tenant("
                + "table_name => '\"app\".\"legacy\"'::pg_catalog.regclass, tenant_id => 'acme',"
                + " shard_transfer_mode => 'auto')"),
        calls(db));
  }

  @Test
  void withoutTheLibraryTheMigrationSaysHowToInstallIt() {
    FakeJdbc db = new FakeJdbc("PostgreSQL", sql -> List.of());
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> new V2__Orders().migrate(FakeJdbc.migrationContext(db.connection())));
    assertEquals(
        "the citus_ext library is not installed in this database: install it first"
            + " (CitusExtInstaller.ensureCurrent, or Flyway's callback"
            + " io.github.liquibasecitus.flyway.CitusExtCallback)",
        e.getMessage());
    assertEquals("55000", e.getSQLState());
    assertEquals(1, db.sent.size(), "only the catalog query: " + db.sent);
  }

  @Test
  void aBlankTenantIdFailsBeforeTheConnectionIsUsed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new V5__Blank_tenant().migrate(FakeJdbc.migrationContext(FakeJdbc.untouchable())));
    assertEquals(
        "a tenant id is required: any text that names the tenant, e.g. its customer id",
        e.getMessage());
  }

  // Flyway takes version and description from the class name: these must start with V.

  /** Records what it was handed; one tenant's table, single-shard. */
  static final class V2__Orders extends CitusMigration {
    CitusExt citus;
    Context context;
    CitusExt.Placement placement;

    @Override
    protected void migrate(CitusExt citus, Context context) throws Exception {
      this.citus = citus;
      this.context = context;
      placement = citus.createSingleShardTable("app", "acme_orders", "acme");
    }
  }

  /** A service's schema and a reference table in it, names kept as typed. */
  static final class V3__Billing extends CitusMigration {
    @Override
    protected void migrate(CitusExt citus, Context context) throws Exception {
      citus.distributeSchema("billing", "billing_service");
      citus.createReferenceTable("billing", "Currencies");
    }
  }

  /** An online move, outside a transaction. */
  static final class V4__Move_legacy extends NonTransactionalCitusMigration {
    CitusExt.Placement placement;

    @Override
    protected void migrate(CitusExt citus, Context context) throws Exception {
      placement = citus.colocateWithTenant("app", "legacy", "acme", TransferMode.AUTO);
    }
  }

  /** A tenant id of blanks. */
  static final class V5__Blank_tenant extends CitusMigration {
    @Override
    protected void migrate(CitusExt citus, Context context) throws Exception {
      citus.createSingleShardTable("app", "orders", " ");
    }
  }
}
