package io.github.liquibasecitus.sql;

import java.util.Arrays;

/** How Citus moves a shard: its {@code citus.shard_transfer_mode} values. */
public enum TransferMode {
  /** Logical replication where every table has a replica identity, else an error (online). */
  AUTO("auto"),
  /** Logical replication; tables without a replica identity reject updates during the move. */
  FORCE_LOGICAL("force_logical"),
  /** Copies the shard while blocking writes to it; works for any table. */
  BLOCK_WRITES("block_writes");

  private final String sqlName;

  TransferMode(String sqlName) {
    this.sqlName = sqlName;
  }

  /** The name Citus takes, e.g. {@code block_writes}. */
  public String sqlName() {
    return sqlName;
  }

  /** Whether the move keeps the table writable (logical replication). */
  public boolean online() {
    return this != BLOCK_WRITES;
  }

  /** The mode Citus calls {@code name}, or null when there is none. */
  public static TransferMode fromSqlName(String name) {
    for (TransferMode mode : values()) {
      if (mode.sqlName.equals(name)) {
        return mode;
      }
    }
    return null;
  }

  /** {@code auto, force_logical, block_writes}, for messages. */
  public static String allNames() {
    return String.join(", ", sqlNames());
  }

  /** Every mode's SQL name, in order. */
  public static java.util.List<String> sqlNames() {
    return Arrays.stream(values()).map(TransferMode::sqlName).toList();
  }

  @Override
  public String toString() {
    return sqlName;
  }
}
