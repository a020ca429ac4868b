package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.ChangeLogLock;
import io.github.liquibasecitus.operations.SessionLock;
import java.sql.Connection;
import java.sql.SQLException;
import liquibase.database.Database;
import liquibase.structure.core.Schema;
import liquibase.structure.core.Table;
import org.apache.maven.plugin.logging.Log;

/**
 * A changelog's history in one database: the advisory lock that makes builds take turns on it, and
 * the release of Liquibase's lock row left by a build of this plugin that is gone.
 */
final class ChangeLogHistory {
  private final Connection jdbc;
  private final Database database;

  ChangeLogHistory(Connection jdbc, Database database) {
    this.jdbc = jdbc;
    this.database = database;
  }

  /**
   * Holds a PostgreSQL advisory lock on this database's changelog history until closed, so that two
   * builds updating one database take turns. Liquibase's own changelog lock does not cover its
   * first run: it creates DATABASECHANGELOG before taking that lock, and two first runs collide.
   */
  SessionLock lock(Log log) throws SQLException {
    return SessionLock.acquire(
        jdbc,
        key(),
        k ->
            log.info(
                "Another build is changing this database (" + k + "); waiting for it to finish"));
  }

  /** {@link #lock} if no other build holds it; null if one does. */
  SessionLock tryLock() throws SQLException {
    return SessionLock.tryAcquire(jdbc, key());
  }

  /**
   * Releases Liquibase's changelog lock when a build of this plugin took it and is gone: the lock
   * row names this plugin ({@link ChangeLogLocks#MARKER}) and the caller holds {@link #lock}, which
   * every build of this plugin holds while it changes the database. A lock of another tool is left
   * alone (citus:releaseLocks is for those). Says so in one line.
   */
  void releaseStaleLock(Log log) throws SQLException {
    String table =
        database.correctObjectName(database.getDatabaseChangeLogLockTableName(), Table.class);
    String schema = schema() == null ? null : database.correctObjectName(schema(), Schema.class);
    new ChangeLogLock(jdbc, schema, table)
        .releaseIfHeldBy(ChangeLogLocks.MARKER)
        .ifPresent(
            holder ->
                log.info(
                    "Released Liquibase's changelog lock left by a build that is gone ("
                        + holder
                        + ")"));
  }

  private String key() {
    return "liquibase-citus:" + schema() + "." + database.getDatabaseChangeLogTableName();
  }

  private String schema() {
    return database.getLiquibaseSchemaName() != null
        ? database.getLiquibaseSchemaName()
        : database.getDefaultSchemaName();
  }
}
