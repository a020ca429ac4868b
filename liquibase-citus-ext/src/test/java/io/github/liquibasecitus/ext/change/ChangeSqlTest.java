package io.github.liquibasecitus.ext.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact SQL of each change type. */
class ChangeSqlTest {

  @Test
  void distributeSchema() {
    DistributeSchemaChange c = new DistributeSchemaChange();
    c.setSchemaName("user_service");
    c.setAuthorization("user_service");
    assertEquals(
        List.of(
            "CREATE SCHEMA IF NOT EXISTS \"user_service\" AUTHORIZATION \"user_service\"; SELECT citus_ext.distribute_schema(schema_name => '\"user_service\"'::pg_catalog.regnamespace)"),
        ChangeSql.own(c));
  }

  @Test
  void distributeSchemaWithoutAuthorization() {
    DistributeSchemaChange c = new DistributeSchemaChange();
    c.setSchemaName("Billing");
    assertEquals(
        List.of(
            "CREATE SCHEMA IF NOT EXISTS \"Billing\"; SELECT citus_ext.distribute_schema(schema_name => '\"Billing\"'::pg_catalog.regnamespace)"),
        ChangeSql.own(c));
  }

  @Test
  void undistributeSchema() {
    UndistributeSchemaChange c = new UndistributeSchemaChange();
    c.setSchemaName("time_service");
    assertEquals(
        List.of(
            "SELECT citus_ext.undistribute_schema(schema_name => '\"time_service\"'::pg_catalog.regnamespace)"),
        ChangeSql.own(c));
  }

  @Test
  void createSingleShardTableForTenant() {
    CreateSingleShardTableChange c = new CreateSingleShardTableChange();
    c.setSchemaName("app");
    c.setTableName("orders");
    c.setTenantId("O'Brien & Co; $$");
    assertEquals(
        List.of(
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"app\".\"orders\"'::pg_catalog.regclass, tenant_id => 'O''Brien & Co; $$')"),
        ChangeSql.own(c));
  }

  @Test
  void createSingleShardTableColocatedWithAnotherSchemasTable() {
    CreateSingleShardTableChange c = new CreateSingleShardTableChange();
    c.setTableName("notes");
    c.setColocateWith("orders");
    c.setColocateWithSchemaName("app");
    assertEquals(
        List.of(
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"notes\"'::pg_catalog.regclass, colocate_with => '\"app\".\"orders\"'::pg_catalog.regclass)"),
        ChangeSql.own(c));
  }

  @Test
  void createSingleShardTableOnItsOwn() {
    CreateSingleShardTableChange c = new CreateSingleShardTableChange();
    c.setTableName("settings");
    assertEquals(
        List.of(
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"settings\"'::pg_catalog.regclass)"),
        ChangeSql.own(c));
  }

  @Test
  void colocateWithTenant() {
    ColocateWithTenantChange c = new ColocateWithTenantChange();
    c.setSchemaName("app");
    c.setTableName("legacy");
    c.setTenantId("acme");
    c.setTransferMode("block_writes");
    assertEquals(
        List.of(
            "SELECT shard_id, node_name, node_port FROM citus_ext.colocate_with_tenant("
                + "table_name => '\"app\".\"legacy\"'::pg_catalog.regclass, tenant_id => 'acme',"
                + " shard_transfer_mode => 'block_writes')"),
        ChangeSql.own(c));
  }

  @Test
  void createDistributedTable() {
    CreateDistributedTableChange c = new CreateDistributedTableChange();
    c.setSchemaName("app");
    c.setTableName("events");
    c.setDistributionColumn("TenantId");
    c.setShardCount(8);
    c.setColocateWith("none");
    assertEquals(
        List.of(
            "SELECT citus_ext.create_distributed_table(table_name => '\"app\".\"events\"'::pg_catalog.regclass,"
                + " distribution_column => 'TenantId', colocate_with => 'none', shard_count => 8)"),
        ChangeSql.own(c));
  }

  @Test
  void createDistributedTableColocatedWithATable() {
    CreateDistributedTableChange c = new CreateDistributedTableChange();
    c.setSchemaName("app");
    c.setTableName("event_items");
    c.setDistributionColumn("TENANT_ID");
    c.setColocateWith("events");
    assertEquals(
        List.of(
            "SELECT citus_ext.create_distributed_table(table_name => '\"app\".\"event_items\"'::pg_catalog.regclass,"
                + " distribution_column => 'tenant_id', colocate_with => '\"app\".\"events\"')"),
        ChangeSql.own(c));
  }

  @Test
  void createReferenceTable() {
    CreateReferenceTableChange c = new CreateReferenceTableChange();
    c.setSchemaName("app");
    c.setTableName("countries");
    assertEquals(
        List.of(
            "SELECT citus_ext.create_reference_table(table_name => '\"app\".\"countries\"'::pg_catalog.regclass)"),
        ChangeSql.own(c));
  }

  @Test
  void undistributeTable() {
    UndistributeTableChange c = new UndistributeTableChange();
    c.setTableName("countries");
    c.setCascadeViaForeignKeys(true);
    assertEquals(
        List.of(
            "SELECT citus_ext.undistribute_table(table_name => '\"countries\"'::pg_catalog.regclass,"
                + " cascade_via_foreign_keys => true)"),
        ChangeSql.own(c));
  }

  @Test
  void alterDistributedTable() {
    AlterDistributedTableChange c = new AlterDistributedTableChange();
    c.setSchemaName("app");
    c.setTableName("events");
    c.setShardCount(64);
    c.setCascadeToColocated(false);
    assertEquals(
        List.of(
            "SELECT citus_ext.alter_distributed_table(table_name => '\"app\".\"events\"'::pg_catalog.regclass,"
                + " shard_count => 64, cascade_to_colocated => false)"),
        ChangeSql.own(c));
  }
}
