package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.ChangeLogLock;
import io.github.liquibasecitus.operations.SessionLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.resource.DirectoryResourceAccessor;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/** A connection to the coordinator as Liquibase's {@link Database}, with the changelog's tables. */
final class LiquibaseConnection implements AutoCloseable {
  private final Connection jdbc;
  private final Database database;
  private final ClusterLocator.Located located;
  private final boolean marked;

  private LiquibaseConnection(
      Connection jdbc, Database database, ClusterLocator.Located located, boolean marked) {
    this.jdbc = jdbc;
    this.database = database;
    this.located = located;
    this.marked = marked;
  }

  static LiquibaseConnection open(
      ClusterLocator.Located located, ChangeLogSettings settings, Log log)
      throws MojoFailureException {
    Connection connection = null;
    try {
      connection = located.spec().open();
      Connection jdbc = connection;
      Database database =
          Scope.child(
              MavenLogService.scope(log),
              () -> {
                Database db =
                    DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(jdbc));
                configure(db, settings);
                return db;
              });
      // Liquibase's changelog locks taken over this connection name this plugin.
      return new LiquibaseConnection(connection, database, located, ChangeLogLocks.markOurs());
    } catch (Exception e) {
      closeQuietly(connection);
      located.close();
      throw Failures.connecting(located.name(), located.spec().username(), e);
    }
  }

  /**
   * No database at all: Liquibase's offline PostgreSQL, for writing SQL as for a new database, with
   * the statements that create and fill the changelog's history table, so that SQL applied by hand
   * leaves the same history as an update.
   */
  static LiquibaseConnection offline(ChangeLogSettings settings) throws MojoFailureException {
    try {
      Path history = Files.createTempFile("citus-offline-history", ".csv");
      Files.delete(history);
      history.toFile().deleteOnExit();
      Database database =
          DatabaseFactory.getInstance()
              .openDatabase(
                  "offline:postgresql?outputLiquibaseSql=all&changeLogFile=" + history,
                  null,
                  null,
                  null,
                  new DirectoryResourceAccessor(settings.baseDirectory()));
      configure(database, settings);
      return new LiquibaseConnection(null, database, null, false);
    } catch (IOException | DatabaseException e) {
      throw new MojoFailureException("Cannot prepare offline SQL generation: " + e.getMessage(), e);
    }
  }

  private static void configure(Database database, ChangeLogSettings settings)
      throws DatabaseException {
    if (settings.defaultSchemaName() != null) {
      database.setDefaultSchemaName(settings.defaultSchemaName());
    }
    if (settings.liquibaseSchemaName() != null) {
      database.setLiquibaseSchemaName(settings.liquibaseSchemaName());
    }
    if (settings.changeLogTable() != null) {
      database.setDatabaseChangeLogTableName(settings.changeLogTable());
    }
    if (settings.lockTable() != null) {
      database.setDatabaseChangeLogLockTableName(settings.lockTable());
    }
  }

  /**
   * Holds a PostgreSQL advisory lock on this database's changelog history until closed, so that two
   * builds updating one database take turns. Liquibase's own changelog lock does not cover its
   * first run: it creates DATABASECHANGELOG before taking that lock, and two first runs collide.
   */
  SessionLock historyLock(Log log) throws SQLException {
    return SessionLock.acquire(
        jdbc,
        historyKey(),
        k ->
            log.info(
                "Another build is changing this database (" + k + "); waiting for it to finish"));
  }

  /** {@link #historyLock} if no other build holds it; null if one does. */
  SessionLock tryHistoryLock() throws SQLException {
    return SessionLock.tryAcquire(jdbc, historyKey());
  }

  private String historyKey() {
    return "liquibase-citus:" + historySchema() + "." + database.getDatabaseChangeLogTableName();
  }

  private String historySchema() {
    return database.getLiquibaseSchemaName() != null
        ? database.getLiquibaseSchemaName()
        : database.getDefaultSchemaName();
  }

  /**
   * Releases Liquibase's changelog lock when a build of this plugin took it and is gone: the lock
   * row names this plugin ({@link ChangeLogLocks#MARKER}) and the caller holds {@link
   * #historyLock}, which every build of this plugin holds while it changes the database. A lock of
   * another tool is left alone (citus:releaseLocks is for those). Says so in one line.
   */
  void releaseStaleChangeLogLock(Log log) throws SQLException {
    String table =
        database.correctObjectName(
            database.getDatabaseChangeLogLockTableName(), liquibase.structure.core.Table.class);
    String schema =
        historySchema() == null
            ? null
            : database.correctObjectName(historySchema(), liquibase.structure.core.Schema.class);
    new ChangeLogLock(jdbc, schema, table)
        .releaseIfHeldBy(ChangeLogLocks.MARKER)
        .ifPresent(
            holder ->
                log.info(
                    "Released Liquibase's changelog lock left by a build that is gone ("
                        + holder
                        + ")"));
  }

  Database database() {
    return database;
  }

  /** The JDBC connection; null offline. */
  Connection jdbc() {
    return jdbc;
  }

  /** A few words on which cluster this is, for summary lines. */
  String where() {
    return located == null ? "no database" : located.name();
  }

  @Override
  public void close() {
    try {
      database.close();
    } catch (DatabaseException e) {
      // Closing only; nothing to keep.
    } finally {
      ChangeLogLocks.unmark(marked);
      if (located != null) {
        located.close();
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Already failing.
      }
    }
  }
}
