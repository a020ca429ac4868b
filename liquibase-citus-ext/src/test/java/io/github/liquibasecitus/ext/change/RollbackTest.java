package io.github.liquibasecitus.ext.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.liquibasecitus.ext.AbstractCitusChange;
import io.github.liquibasecitus.sql.CitusExtLibrary;
import java.util.List;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.RollbackImpossibleException;
import org.junit.jupiter.api.Test;

/** The rollback of the four reversible changes, and why the four others have none. */
class RollbackTest {

  /** The rollback's own statements, after the library's. */
  private static List<String> rollback(AbstractCitusChange change) throws Exception {
    Database database = new PostgresDatabase();
    List<String> all = ChangeSql.of(change.generateRollbackStatements(database), database);
    return all.subList(CitusExtLibrary.load().scripts().size(), all.size());
  }

  private static String whyNot(AbstractCitusChange change) {
    assertFalse(change.supportsRollback(new PostgresDatabase()));
    return assertThrows(
            RollbackImpossibleException.class,
            () -> change.generateRollbackStatements(new PostgresDatabase()))
        .getMessage();
  }

  @Test
  void distributeSchemaUndistributes() throws Exception {
    DistributeSchemaChange c = new DistributeSchemaChange();
    c.setSchemaName("svc");
    c.setAuthorization("svc");
    assertEquals(
        List.of(
            "SELECT citus_ext.undistribute_schema(schema_name =>"
                + " '\"svc\"'::pg_catalog.regnamespace)"),
        rollback(c));
  }

  @Test
  void undistributeSchemaDistributesAgain() throws Exception {
    UndistributeSchemaChange c = new UndistributeSchemaChange();
    c.setSchemaName("svc");
    assertEquals(
        List.of(
            "CREATE SCHEMA IF NOT EXISTS \"svc\"; SELECT citus_ext.distribute_schema(schema_name => '\"svc\"'::pg_catalog.regnamespace)"),
        rollback(c));
  }

  @Test
  void tableDistributionsUndistributeKeepingData() throws Exception {
    String undistribute =
        "SELECT citus_ext.undistribute_table(table_name => '\"app\".\"t\"'::pg_catalog.regclass)";
    CreateSingleShardTableChange single = new CreateSingleShardTableChange();
    single.setSchemaName("app");
    single.setTableName("t");
    single.setTenantId("acme");
    assertEquals(List.of(undistribute), rollback(single));
    CreateDistributedTableChange hash = new CreateDistributedTableChange();
    hash.setSchemaName("app");
    hash.setTableName("t");
    hash.setDistributionColumn("id");
    assertEquals(List.of(undistribute), rollback(hash));
    CreateReferenceTableChange reference = new CreateReferenceTableChange();
    reference.setSchemaName("app");
    reference.setTableName("t");
    assertEquals(List.of(undistribute), rollback(reference));
  }

  @Test
  void aMovedTenantOrSchemaGoesBackWhereItCameFrom() throws Exception {
    MoveTenantChange tenant = new MoveTenantChange();
    tenant.setTenantId("acme");
    tenant.setNodeName("w2");
    tenant.setNodePort(5432);
    assertEquals(
        List.of("SELECT citus_ext.move_back(kind => 'tenant', name => 'acme')"), rollback(tenant));
    MoveTenantChange schema = new MoveTenantChange();
    schema.setSchemaName("Billing");
    schema.setNodeName("w2");
    schema.setNodePort(5432);
    schema.setTransferMode("block_writes");
    assertEquals(
        List.of(
            "SELECT citus_ext.move_back(kind => 'schema', name => 'Billing',"
                + " shard_transfer_mode => 'block_writes')"),
        rollback(schema));
  }

  @Test
  void theOthersSayWhatToWriteInstead() {
    ColocateWithTenantChange colocate = new ColocateWithTenantChange();
    colocate.setTableName("legacy");
    colocate.setTenantId("acme");
    assertEquals(
        "colocateWithTenant has no automatic rollback (where legacy was before is not recorded):"
            + " add a <rollback> block, e.g. colocateWithTenant with the former tenant",
        whyNot(colocate));
    UndistributeTableChange undistribute = new UndistributeTableChange();
    undistribute.setTableName("t");
    assertEquals(
        "undistributeTable has no automatic rollback (how t was distributed is not recorded): add"
            + " a <rollback> block with createDistributedTable, createReferenceTable or"
            + " createSingleShardTable",
        whyNot(undistribute));
    AlterDistributedTableChange alter = new AlterDistributedTableChange();
    alter.setSchemaName("app");
    alter.setTableName("t");
    alter.setShardCount(8);
    assertEquals(
        "alterDistributedTable has no automatic rollback (the former properties of app.t are not"
            + " recorded): add a <rollback> block with another alterDistributedTable",
        whyNot(alter));
  }
}
