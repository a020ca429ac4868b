package io.github.liquibasecitus.ext.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.ext.AbstractCitusChange;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exact SQL of each change type. */
class ChangeSqlTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void generatesExactlyThisSql(
      String description, Supplier<AbstractCitusChange> change, String expected) {
    assertEquals(List.of(expected), ChangeSql.own(change.get()));
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        sql(
            "distributeSchema with authorization",
            () -> {
              DistributeSchemaChange c = new DistributeSchemaChange();
              c.setSchemaName("user_service");
              c.setAuthorization("user_service");
              return c;
            },
            "CREATE SCHEMA IF NOT EXISTS \"user_service\" AUTHORIZATION \"user_service\"; SELECT citus_ext.distribute_schema(schema_name => '\"user_service\"'::pg_catalog.regnamespace)"),
        sql(
            "distributeSchema without authorization",
            () -> {
              DistributeSchemaChange c = new DistributeSchemaChange();
              c.setSchemaName("Billing");
              return c;
            },
            "CREATE SCHEMA IF NOT EXISTS \"Billing\"; SELECT citus_ext.distribute_schema(schema_name => '\"Billing\"'::pg_catalog.regnamespace)"),
        sql(
            "undistributeSchema",
            () -> {
              UndistributeSchemaChange c = new UndistributeSchemaChange();
              c.setSchemaName("time_service");
              return c;
            },
            "SELECT citus_ext.undistribute_schema(schema_name => '\"time_service\"'::pg_catalog.regnamespace)"),
        sql(
            "createSingleShardTable for a tenant",
            () -> {
              CreateSingleShardTableChange c = new CreateSingleShardTableChange();
              c.setSchemaName("app");
              c.setTableName("orders");
              c.setTenantId("O'Brien & Co; $$");
              return c;
            },
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"app\".\"orders\"'::pg_catalog.regclass, tenant_id => 'O''Brien & Co; $$')"),
        sql(
            "createSingleShardTable colocated with another schema's table",
            () -> {
              CreateSingleShardTableChange c = new CreateSingleShardTableChange();
              c.setTableName("notes");
              c.setColocateWith("orders");
              c.setColocateWithSchemaName("app");
              return c;
            },
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"notes\"'::pg_catalog.regclass, colocate_with => '\"app\".\"orders\"'::pg_catalog.regclass)"),
        sql(
            "createSingleShardTable on its own",
            () -> {
              CreateSingleShardTableChange c = new CreateSingleShardTableChange();
              c.setTableName("settings");
              return c;
            },
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"settings\"'::pg_catalog.regclass)"),
        sql(
            "colocateWithTenant",
            () -> {
              ColocateWithTenantChange c = new ColocateWithTenantChange();
              c.setSchemaName("app");
              c.setTableName("legacy");
              c.setTenantId("acme");
              c.setTransferMode("block_writes");
              return c;
            },
            "SELECT shard_id, node_name, node_port FROM citus_ext.colocate_with_tenant("
                + "table_name => '\"app\".\"legacy\"'::pg_catalog.regclass, tenant_id => 'acme',"
                + " shard_transfer_mode => 'block_writes')"),
        sql(
            "isolateTenant onto a node",
            () -> {
              IsolateTenantChange c = new IsolateTenantChange();
              c.setSchemaName("app");
              c.setTableName("events");
              c.setTenantId("42");
              c.setNodeName("10.0.0.13");
              c.setNodePort(5432);
              c.setTransferMode("block_writes");
              return c;
            },
            "SELECT citus_ext.isolate_tenant(table_name => '\"app\".\"events\"'::pg_catalog.regclass,"
                + " tenant_id => '42', node_name => '10.0.0.13', node_port => 5432,"
                + " shard_transfer_mode => 'block_writes')"),
        sql(
            "moveTenant of a tenant",
            () -> {
              MoveTenantChange c = new MoveTenantChange();
              c.setTenantId("O'Brien");
              c.setNodeName("10.0.0.12");
              c.setNodePort(5432);
              return c;
            },
            "SELECT citus_ext.move_tenant(tenant_id => 'O''Brien', node_name => '10.0.0.12',"
                + " node_port => 5432)"),
        sql(
            "moveTenant of a schema",
            () -> {
              MoveTenantChange c = new MoveTenantChange();
              c.setSchemaName("Billing");
              c.setNodeName("w2");
              c.setNodePort(5433);
              c.setTransferMode("block_writes");
              return c;
            },
            "SELECT citus_ext.move_schema(schema_name => '\"Billing\"'::pg_catalog.regnamespace,"
                + " node_name => 'w2', node_port => 5433, shard_transfer_mode => 'block_writes')"),
        sql(
            "createDistributedTable",
            () -> {
              CreateDistributedTableChange c = new CreateDistributedTableChange();
              c.setSchemaName("app");
              c.setTableName("events");
              c.setDistributionColumn("TenantId");
              c.setShardCount(8);
              c.setColocateWith("none");
              return c;
            },
            "SELECT citus_ext.create_distributed_table(table_name => '\"app\".\"events\"'::pg_catalog.regclass,"
                + " distribution_column => 'TenantId', colocate_with => 'none', shard_count => 8)"),
        sql(
            "createDistributedTable colocated with a table",
            () -> {
              CreateDistributedTableChange c = new CreateDistributedTableChange();
              c.setSchemaName("app");
              c.setTableName("event_items");
              c.setDistributionColumn("TENANT_ID");
              c.setColocateWith("events");
              return c;
            },
            "SELECT citus_ext.create_distributed_table(table_name => '\"app\".\"event_items\"'::pg_catalog.regclass,"
                + " distribution_column => 'tenant_id', colocate_with => '\"app\".\"events\"')"),
        sql(
            "createReferenceTable",
            () -> {
              CreateReferenceTableChange c = new CreateReferenceTableChange();
              c.setSchemaName("app");
              c.setTableName("countries");
              return c;
            },
            "SELECT citus_ext.create_reference_table(table_name => '\"app\".\"countries\"'::pg_catalog.regclass)"),
        sql(
            "undistributeTable",
            () -> {
              UndistributeTableChange c = new UndistributeTableChange();
              c.setTableName("countries");
              c.setCascadeViaForeignKeys(true);
              return c;
            },
            "SELECT citus_ext.undistribute_table(table_name => '\"countries\"'::pg_catalog.regclass,"
                + " cascade_via_foreign_keys => true)"),
        sql(
            "alterDistributedTable",
            () -> {
              AlterDistributedTableChange c = new AlterDistributedTableChange();
              c.setSchemaName("app");
              c.setTableName("events");
              c.setShardCount(64);
              c.setCascadeToColocated(false);
              return c;
            },
            "SELECT citus_ext.alter_distributed_table(table_name => '\"app\".\"events\"'::pg_catalog.regclass,"
                + " shard_count => 64, cascade_to_colocated => false)"));
  }

  /** A case: its name in the report, the change (built per run), the one statement it makes. */
  private static Arguments sql(
      String description, Supplier<AbstractCitusChange> change, String expected) {
    return Arguments.of(description, change, expected);
  }
}
