package io.github.liquibasecitus.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The citus_ext operations from Java over a JDBC connection (a Flyway Java migration, an
 * application, a test), with the Liquibase change types' rules: every name is quoted exactly as
 * given (no case folding: {@code "Orders"} stays {@code Orders}), every tenant id is a literal.
 * Each method runs on the caller's connection, in the caller's transaction. The library must be
 * installed ({@link CitusExtInstaller#ensureCurrent}); the Flyway callback does that before
 * migrations.
 */
public final class CitusExt {
  private final Connection connection;
  private boolean trusted;

  public CitusExt(Connection connection) {
    this.connection = connection;
  }

  /**
   * Where a table's single shard lives.
   *
   * @param node {@code host:port}
   */
  public record Placement(long shardId, String node) {}

  /** Creates the schema if needed and makes it a distributed schema (Citus 12+). */
  public void distributeSchema(String schema) throws SQLException {
    distributeSchema(schema, null);
  }

  /** Same, the schema created owned by {@code owner} (a service's role). */
  public void distributeSchema(String schema, String owner) throws SQLException {
    execute(
        LibraryCalls.distributeSchema(
            name(schema), owner == null ? null : SqlText.quoteIdentifier(owner)));
  }

  public void undistributeSchema(String schema) throws SQLException {
    execute(LibraryCalls.undistributeSchema(name(schema)));
  }

  /** Makes a table single-shard, straight into its tenant's colocation group, on its node. */
  public Placement createSingleShardTable(String schema, String table, String tenantId)
      throws SQLException {
    return placement(
        LibraryCalls.createSingleShardTable(
            regclass(schema, table), SqlText.quoteLiteral(tenant(tenantId)), null));
  }

  /** Makes a table single-shard in the colocation group of another single-shard table. */
  public Placement createSingleShardTableColocatedWith(
      String schema, String table, String otherSchema, String otherTable) throws SQLException {
    return placement(
        LibraryCalls.createSingleShardTable(
            regclass(schema, table), null, regclass(otherSchema, otherTable)));
  }

  /**
   * Moves an existing single-shard table to its tenant's node and group. An online move ({@code
   * auto}, {@code force_logical}) must be alone in its transaction: run it from a migration that
   * does not run in one.
   */
  public Placement colocateWithTenant(
      String schema, String table, String tenantId, TransferMode mode) throws SQLException {
    return placement(
        LibraryCalls.colocateWithTenant(
            regclass(schema, table),
            SqlText.quoteLiteral(tenant(tenantId)),
            mode == null ? null : SqlText.quoteLiteral(mode.sqlName())));
  }

  /**
   * Moves all of a tenant's tables to a node, together, and records where they came from ({@link
   * #moveBack}). An online move must be alone in its transaction.
   */
  public void moveTenant(String tenantId, String nodeName, int nodePort, TransferMode mode)
      throws SQLException {
    execute(
        LibraryCalls.move(
            SqlText.quoteLiteral(tenant(tenantId)),
            null,
            SqlText.quoteLiteral(node(nodeName)),
            nodePort,
            mode == null ? null : SqlText.quoteLiteral(mode.sqlName())));
  }

  /** Moves a distributed schema with all its tables to a node, recorded like a tenant's move. */
  public void moveSchema(String schema, String nodeName, int nodePort, TransferMode mode)
      throws SQLException {
    execute(
        LibraryCalls.move(
            null,
            name(schema),
            SqlText.quoteLiteral(node(nodeName)),
            nodePort,
            mode == null ? null : SqlText.quoteLiteral(mode.sqlName())));
  }

  /**
   * Returns a tenant ({@code schema} false) or a distributed schema to the node its last recorded
   * move took it from.
   */
  public void moveBack(boolean schema, String name, TransferMode mode) throws SQLException {
    execute(
        LibraryCalls.moveBack(
            SqlText.quoteLiteral(schema ? "schema" : "tenant"),
            SqlText.quoteLiteral(schema ? name(name, "schema") : tenant(name)),
            mode == null ? null : SqlText.quoteLiteral(mode.sqlName())));
  }

  /**
   * Keeps a tenant ({@code schema} false) or a distributed schema on a node across rebalances with
   * the strategy {@code citus_ext_pinned} (citus:rebalance picks it when pins exist); {@code
   * exclusive} also keeps every unpinned group off that node.
   */
  public void pin(boolean schema, String name, String nodeName, int nodePort, boolean exclusive)
      throws SQLException {
    execute(
        LibraryCalls.pin(
            schema ? null : SqlText.quoteLiteral(tenant(name)),
            schema ? name(name) : null,
            SqlText.quoteLiteral(node(nodeName)),
            nodePort,
            exclusive));
  }

  /** Lets the rebalancer place a tenant or distributed schema freely again. */
  public void unpin(boolean schema, String name) throws SQLException {
    execute(
        LibraryCalls.unpin(
            SqlText.quoteLiteral(schema ? "schema" : "tenant"),
            SqlText.quoteLiteral(schema ? name(name, "schema") : tenant(name))));
  }

  /**
   * Gives one tenant of a hash-distributed table a shard of its own, with the table's colocated
   * tables, and with a node ({@code nodeName} not null) a node of its own; returns the tenant's
   * shard of the table. A tenant already alone in its shard is not split again.
   */
  public long isolateTenant(
      String schema,
      String table,
      String tenantValue,
      String nodeName,
      Integer nodePort,
      TransferMode mode)
      throws SQLException {
    requireTrusted();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                LibraryCalls.isolateTenant(
                    regclass(schema, table),
                    SqlText.quoteLiteral(tenant(tenantValue)),
                    nodeName == null ? null : SqlText.quoteLiteral(nodeName),
                    nodeName == null ? null : nodePort,
                    mode == null ? null : SqlText.quoteLiteral(mode.sqlName())))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Hash-distributes a table by a column, colocated with Citus' default group. */
  public void createDistributedTable(String schema, String table, String column)
      throws SQLException {
    createDistributedTable(schema, table, column, null, null, null);
  }

  /**
   * Hash-distributes a table.
   *
   * @param colocateWithSchema with {@code colocateWithTable}: a table to colocate with; null
   * @param colocateWithTable a table, or the keyword {@code none} or {@code default}; null for
   *     Citus' default
   * @param shardCount null for Citus' default
   */
  public void createDistributedTable(
      String schema,
      String table,
      String column,
      String colocateWithSchema,
      String colocateWithTable,
      Integer shardCount)
      throws SQLException {
    execute(
        LibraryCalls.createDistributedTable(
            regclass(schema, table),
            SqlText.quoteLiteral(name(column, "column")),
            colocateWith(colocateWithSchema, colocateWithTable),
            shardCount));
  }

  public void createReferenceTable(String schema, String table) throws SQLException {
    execute(LibraryCalls.createReferenceTable(regclass(schema, table)));
  }

  public void undistributeTable(String schema, String table) throws SQLException {
    execute(LibraryCalls.undistributeTable(regclass(schema, table), null));
  }

  /** Changes a distributed table's column, shard count or group; null leaves one as it is. */
  public void alterDistributedTable(
      String schema,
      String table,
      String column,
      Integer shardCount,
      String colocateWithSchema,
      String colocateWithTable,
      Boolean cascadeToColocated)
      throws SQLException {
    execute(
        LibraryCalls.alterDistributedTable(
            regclass(schema, table),
            column == null ? null : SqlText.quoteLiteral(name(column, "column")),
            shardCount,
            colocateWith(colocateWithSchema, colocateWithTable),
            cascadeToColocated));
  }

  private static String colocateWith(String schema, String table) {
    if (table == null) {
      return null;
    }
    if (schema == null && ("none".equals(table) || "default".equals(table))) {
      return SqlText.quoteLiteral(table);
    }
    return SqlText.quoteLiteral(SqlText.qualified(schema, name(table, "table")));
  }

  private static String regclass(String schema, String table) {
    return SqlText.regclass(
        SqlText.qualified(schema == null ? null : name(schema, "schema"), name(table, "table")));
  }

  private static String name(String schema) {
    return SqlText.quoteIdentifier(name(schema, "schema"));
  }

  /** The name as given, or an error naming what is wrong with it. */
  private static String name(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a " + what + " name is required");
    }
    String problem = SqlText.whyNotAnIdentifier(name);
    if (problem != null) {
      throw new IllegalArgumentException(what + " name '" + name + "' " + problem);
    }
    return name;
  }

  private static String node(String nodeName) {
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("a node name is required, as pg_dist_node lists it");
    }
    return nodeName;
  }

  private static String tenant(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException(
          "a tenant id is required: any text that names the tenant, e.g. its customer id");
    }
    return tenantId;
  }

  /**
   * Refuses a citus_ext schema another role could have planted (its owner could replace any
   * function in it) before the first call; one catalog query per instance.
   */
  private void requireTrusted() throws SQLException {
    if (!trusted) {
      LibraryState state = CitusExtInstaller.state(connection);
      if (state.version() == null) {
        throw new SQLException(
            "the citus_ext library is not installed in this database: install it first"
                + " (CitusExtInstaller.ensureCurrent, or Flyway's callback"
                + " io.github.liquibasecitus.flyway.CitusExtCallback)",
            SqlStates.OBJECT_NOT_IN_STATE);
      }
      state.requireTrusted();
      trusted = true;
    }
  }

  private void execute(String sql) throws SQLException {
    requireTrusted();
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private Placement placement(String sql) throws SQLException {
    requireTrusted();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return new Placement(rs.getLong(1), rs.getString(2) + ":" + rs.getInt(3));
    }
  }
}
