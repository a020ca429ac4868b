package io.github.liquibasecitus.sql;

/**
 * The SQL of every citus_ext operation, one method each, shared by the Liquibase change types, the
 * Flyway helpers and plain JDBC ({@link CitusExt}). Arguments are SQL text already: names from
 * {@link SqlText} (or a tool's own case rules that end in it), values as literals; null leaves an
 * argument out so the function's default applies.
 */
public final class LibraryCalls {
  private LibraryCalls() {}

  /** The columns a placing call returns: the shard and where it lives. */
  private static final String PLACEMENT = "SELECT shard_id, node_name, node_port FROM ";

  /**
   * {@code CREATE SCHEMA IF NOT EXISTS} then {@code distribute_schema}, in one statement (one round
   * trip: hundreds of services stay as fast as raw SQL).
   *
   * @param schema the quoted schema name
   * @param authorization a quoted role name, or null
   */
  public static String distributeSchema(String schema, String authorization) {
    return "CREATE SCHEMA IF NOT EXISTS "
        + schema
        + (authorization == null ? "" : " AUTHORIZATION " + authorization)
        + "; "
        + FunctionCall.of("citus_ext.distribute_schema")
            .arg("schema_name", SqlText.regnamespace(schema))
            .sql();
  }

  /**
   * @param schema the quoted schema name
   */
  public static String undistributeSchema(String schema) {
    return FunctionCall.of("citus_ext.undistribute_schema")
        .arg("schema_name", SqlText.regnamespace(schema))
        .sql();
  }

  /**
   * @param table a regclass argument
   * @param tenantLiteral the tenant id as a literal, or null
   * @param colocateWith a regclass argument, or null
   */
  public static String createSingleShardTable(
      String table, String tenantLiteral, String colocateWith) {
    return PLACEMENT
        + FunctionCall.of("citus_ext.create_single_shard_table")
            .arg("table_name", table)
            .arg("tenant_id", tenantLiteral)
            .arg("colocate_with", colocateWith)
            .expression();
  }

  /**
   * @param table a regclass argument
   * @param tenantLiteral the tenant id as a literal
   * @param modeLiteral the transfer mode as a literal, or null
   */
  public static String colocateWithTenant(String table, String tenantLiteral, String modeLiteral) {
    return PLACEMENT
        + FunctionCall.of("citus_ext.colocate_with_tenant")
            .arg("table_name", table)
            .arg("tenant_id", tenantLiteral)
            .arg("shard_transfer_mode", modeLiteral)
            .expression();
  }

  /**
   * @param table a regclass argument
   * @param columnLiteral the distribution column's name as a literal
   * @param colocateWith a literal ({@code 'default'}, {@code 'none'} or a table), or null
   */
  public static String createDistributedTable(
      String table, String columnLiteral, String colocateWith, Integer shardCount) {
    return FunctionCall.of("citus_ext.create_distributed_table")
        .arg("table_name", table)
        .arg("distribution_column", columnLiteral)
        .arg("colocate_with", colocateWith)
        .arg("shard_count", shardCount)
        .sql();
  }

  /**
   * @param table a regclass argument
   */
  public static String createReferenceTable(String table) {
    return FunctionCall.of("citus_ext.create_reference_table").arg("table_name", table).sql();
  }

  /**
   * @param table a regclass argument
   */
  public static String undistributeTable(String table, Boolean cascadeViaForeignKeys) {
    return FunctionCall.of("citus_ext.undistribute_table")
        .arg("table_name", table)
        .arg("cascade_via_foreign_keys", cascadeViaForeignKeys)
        .sql();
  }

  /**
   * @param table a regclass argument
   * @param columnLiteral the new distribution column as a literal, or null
   * @param colocateWith a literal, or null
   */
  public static String alterDistributedTable(
      String table,
      String columnLiteral,
      Integer shardCount,
      String colocateWith,
      Boolean cascadeToColocated) {
    return FunctionCall.of("citus_ext.alter_distributed_table")
        .arg("table_name", table)
        .arg("distribution_column", columnLiteral)
        .arg("shard_count", shardCount)
        .arg("colocate_with", colocateWith)
        .arg("cascade_to_colocated", cascadeToColocated)
        .sql();
  }

  /**
   * Moves a tenant (tenant id as a literal) or a distributed schema (quoted name) to a node, and
   * records where it came from.
   *
   * @param tenantLiteral the tenant id as a literal, or null for a schema
   * @param schema the quoted schema name, or null for a tenant
   * @param nodeNameLiteral the node's name as a literal
   * @param modeLiteral the transfer mode as a literal, or null for auto
   */
  public static String move(
      String tenantLiteral,
      String schema,
      String nodeNameLiteral,
      int nodePort,
      String modeLiteral) {
    FunctionCall call =
        tenantLiteral != null
            ? FunctionCall.of("citus_ext.move_tenant").arg("tenant_id", tenantLiteral)
            : FunctionCall.of("citus_ext.move_schema")
                .arg("schema_name", SqlText.regnamespace(schema));
    return call.arg("node_name", nodeNameLiteral)
        .arg("node_port", nodePort)
        .arg("shard_transfer_mode", modeLiteral)
        .sql();
  }

  /**
   * Returns a tenant or schema to the node its last recorded move took it from.
   *
   * @param kindLiteral {@code 'tenant'} or {@code 'schema'}
   * @param nameLiteral the tenant id or the schema's name, as a literal
   */
  public static String moveBack(String kindLiteral, String nameLiteral, String modeLiteral) {
    return FunctionCall.of("citus_ext.move_back")
        .arg("kind", kindLiteral)
        .arg("name", nameLiteral)
        .arg("shard_transfer_mode", modeLiteral)
        .sql();
  }

  /**
   * Pins a tenant (tenant id as a literal) or a distributed schema (quoted name) to a node.
   *
   * @param exclusive also keep every unpinned group off the node; null for false
   */
  public static String pin(
      String tenantLiteral,
      String schema,
      String nodeNameLiteral,
      int nodePort,
      Boolean exclusive) {
    FunctionCall call =
        tenantLiteral != null
            ? FunctionCall.of("citus_ext.pin_tenant").arg("tenant_id", tenantLiteral)
            : FunctionCall.of("citus_ext.pin_schema")
                .arg("schema_name", SqlText.regnamespace(schema));
    return call.arg("node_name", nodeNameLiteral)
        .arg("node_port", nodePort)
        .arg("exclusive", exclusive)
        .sql();
  }

  /**
   * @param kindLiteral {@code 'tenant'} or {@code 'schema'}
   * @param nameLiteral the tenant id or the schema's name, as a literal
   */
  public static String unpin(String kindLiteral, String nameLiteral) {
    return FunctionCall.of("citus_ext.unpin")
        .arg("kind", kindLiteral)
        .arg("name", nameLiteral)
        .sql();
  }

  /**
   * @param table a regclass argument
   * @param tenantLiteral the tenant's value of the distribution column, as a literal
   * @param nodeNameLiteral a literal, or null to leave the shard where it is
   */
  public static String isolateTenant(
      String table,
      String tenantLiteral,
      String nodeNameLiteral,
      Integer nodePort,
      String modeLiteral) {
    return FunctionCall.of("citus_ext.isolate_tenant")
        .arg("table_name", table)
        .arg("tenant_id", tenantLiteral)
        .arg("node_name", nodeNameLiteral)
        .arg("node_port", nodePort)
        .arg("shard_transfer_mode", modeLiteral)
        .sql();
  }
}
