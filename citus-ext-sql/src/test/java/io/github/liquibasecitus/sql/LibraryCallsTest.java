package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact SQL of each citus_ext call, with every argument and with the optional ones left out.
 */
class LibraryCallsTest {
  private static final String ORDERS = SqlText.regclass("\"app\".\"orders\"");

  static Stream<Arguments> calls() {
    return Stream.of(
        call(
            "distribute_schema with an owner",
            () -> LibraryCalls.distributeSchema("\"billing\"", "\"billing_owner\""),
            "CREATE SCHEMA IF NOT EXISTS \"billing\" AUTHORIZATION \"billing_owner\";"
                + " SELECT citus_ext.distribute_schema(schema_name =>"
                + " '\"billing\"'::pg_catalog.regnamespace)"),
        call(
            "distribute_schema without an owner",
            () -> LibraryCalls.distributeSchema("\"Bill\"\"ing\"", null),
            "CREATE SCHEMA IF NOT EXISTS \"Bill\"\"ing\"; SELECT citus_ext.distribute_schema("
                + "schema_name => '\"Bill\"\"ing\"'::pg_catalog.regnamespace)"),
        call(
            "undistribute_schema",
            () -> LibraryCalls.undistributeSchema("\"billing\""),
            "SELECT citus_ext.undistribute_schema(schema_name =>"
                + " '\"billing\"'::pg_catalog.regnamespace)"),
        call(
            "create_single_shard_table with every argument",
            () ->
                LibraryCalls.createSingleShardTable(
                    ORDERS, "'acme'", SqlText.regclass("\"app\".\"customers\"")),
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"app\".\"orders\"'::pg_catalog.regclass, tenant_id => 'acme',"
                + " colocate_with => '\"app\".\"customers\"'::pg_catalog.regclass)"),
        call(
            "create_single_shard_table with the table only",
            () -> LibraryCalls.createSingleShardTable(ORDERS, null, null),
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("
                + "table_name => '\"app\".\"orders\"'::pg_catalog.regclass)"),
        call(
            "colocate_with_tenant with its default transfer mode",
            () -> LibraryCalls.colocateWithTenant(ORDERS, "'acme'", null),
            "SELECT shard_id, node_name, node_port FROM citus_ext.colocate_with_tenant("
                + "table_name => '\"app\".\"orders\"'::pg_catalog.regclass, tenant_id => 'acme')"),
        call(
            "colocate_with_tenant with a transfer mode",
            () -> LibraryCalls.colocateWithTenant(ORDERS, "'acme'", "'force_logical'"),
            "SELECT shard_id, node_name, node_port FROM citus_ext.colocate_with_tenant("
                + "table_name => '\"app\".\"orders\"'::pg_catalog.regclass, tenant_id => 'acme',"
                + " shard_transfer_mode => 'force_logical')"),
        call(
            "create_distributed_table with the column only",
            () -> LibraryCalls.createDistributedTable(ORDERS, "'tenant_id'", null, null),
            "SELECT citus_ext.create_distributed_table(table_name =>"
                + " '\"app\".\"orders\"'::pg_catalog.regclass, distribution_column => 'tenant_id')"),
        call(
            "create_distributed_table with every argument",
            () -> LibraryCalls.createDistributedTable(ORDERS, "'tenant_id'", "'default'", 32),
            "SELECT citus_ext.create_distributed_table(table_name =>"
                + " '\"app\".\"orders\"'::pg_catalog.regclass, distribution_column => 'tenant_id',"
                + " colocate_with => 'default', shard_count => 32)"),
        call(
            "create_reference_table",
            () -> LibraryCalls.createReferenceTable(SqlText.regclass("\"countries\"")),
            "SELECT citus_ext.create_reference_table(table_name =>"
                + " '\"countries\"'::pg_catalog.regclass)"),
        call(
            "undistribute_table with its default cascade",
            () -> LibraryCalls.undistributeTable(ORDERS, null),
            "SELECT citus_ext.undistribute_table(table_name =>"
                + " '\"app\".\"orders\"'::pg_catalog.regclass)"),
        call(
            "undistribute_table not cascading",
            () -> LibraryCalls.undistributeTable(ORDERS, false),
            "SELECT citus_ext.undistribute_table(table_name =>"
                + " '\"app\".\"orders\"'::pg_catalog.regclass, cascade_via_foreign_keys => false)"),
        call(
            "alter_distributed_table with every argument, in the function's order",
            () -> LibraryCalls.alterDistributedTable(ORDERS, "'customer_id'", 16, "'none'", true),
            "SELECT citus_ext.alter_distributed_table(table_name =>"
                + " '\"app\".\"orders\"'::pg_catalog.regclass, distribution_column =>"
                + " 'customer_id', shard_count => 16, colocate_with => 'none',"
                + " cascade_to_colocated => true)"),
        call(
            "alter_distributed_table with nothing to change",
            () -> LibraryCalls.alterDistributedTable(ORDERS, null, null, null, null),
            "SELECT citus_ext.alter_distributed_table(table_name =>"
                + " '\"app\".\"orders\"'::pg_catalog.regclass)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void theExactSql(String description, Supplier<String> sql, String expected) {
    assertEquals(expected, sql.get());
  }

  private static Arguments call(String description, Supplier<String> sql, String expected) {
    return Arguments.of(description, sql, expected);
  }
}
