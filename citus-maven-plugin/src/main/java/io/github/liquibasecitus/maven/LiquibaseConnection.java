package io.github.liquibasecitus.maven;

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

/**
 * A connection to the coordinator as Liquibase's {@link Database}, with the changelog's tables, or
 * Liquibase's offline PostgreSQL; {@link ChangeLogHistory} takes turns on it.
 */
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

  /** The changelog's history in this database: its turn lock and Liquibase's lock row. */
  ChangeLogHistory history() {
    return new ChangeLogHistory(jdbc, database);
  }

  Database database() {
    return database;
  }

  /** The JDBC connection; null offline. */
  Connection jdbc() {
    return jdbc;
  }

  /** A second connection to the same database, as the same user (autocommit). */
  Connection probe() throws SQLException {
    return located.spec().open();
  }

  /** A few words on which cluster this is, for summary lines. */
  String where() {
    return located == null ? "offline" : located.name();
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
