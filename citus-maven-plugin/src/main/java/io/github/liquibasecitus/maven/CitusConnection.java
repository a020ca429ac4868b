package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.CitusClusters;
import io.github.liquibasecitus.cluster.ClusterUnavailableException;
import io.github.liquibasecitus.cluster.DevCluster;
import io.github.liquibasecitus.cluster.Redaction;
import io.github.liquibasecitus.ext.SqlNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.resource.DirectoryResourceAccessor;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * A connection to the coordinator named by {@code citus.url}; without one, to the dev cluster of
 * {@code citus:start} while it runs, or else to an embedded throwaway cluster for the build.
 */
final class CitusConnection implements AutoCloseable {
  private final Connection connection;
  private final Database database;
  private final CitusCluster embedded;
  private final String where;

  private CitusConnection(
      Connection connection, Database database, CitusCluster embedded, String where) {
    this.connection = connection;
    this.database = database;
    this.embedded = embedded;
    this.where = where;
  }

  /** Where the build's embedded cluster is kept: the Maven session's data, for every goal. */
  interface SessionStore {
    Object computeIfAbsent(Object key, Supplier<Object> supplier);
  }

  static CitusConnection open(CitusSettings settings, Log log, SessionStore session)
      throws MojoFailureException {
    CitusCluster embedded = null;
    String url = settings.url();
    String username = settings.username();
    String password = settings.password();
    String where;
    Optional<CitusCluster> dev =
        url == null ? DevCluster.in(devClusterDirectory(settings)).running() : Optional.empty();
    if (dev.isPresent()) {
      url = dev.get().jdbcUrl();
      username = dev.get().username();
      password = dev.get().password();
      where = dev.get().description();
      log.info("No citus.url given: running against " + where);
    } else if (url == null) {
      CitusCluster cluster;
      boolean started;
      try {
        if (session == null) {
          cluster = CitusClusters.fromEnvironment().embedded().open();
          embedded = cluster;
          started = true;
        } else {
          // One embedded cluster per build, so that several goals of one mvn command share it;
          // it stops when Maven exits.
          boolean[] fresh = {false};
          cluster =
              (CitusCluster)
                  session.computeIfAbsent(
                      CitusConnection.class.getName() + ".embedded",
                      () -> {
                        fresh[0] = true;
                        return CitusClusters.fromEnvironment().embedded().open();
                      });
          started = fresh[0];
        }
      } catch (ClusterUnavailableException e) {
        throw new MojoFailureException(
            "No citus.url is set and no embedded cluster can be started. " + e.getMessage());
      }
      url = cluster.jdbcUrl();
      username = cluster.username();
      password = cluster.password();
      where =
          (started ? "an embedded throwaway cluster: " : "the build's embedded cluster: ")
              + cluster.description();
      log.info("No citus.url given: running against " + where);
    } else {
      where = Redaction.url(url);
    }
    try {
      Properties props = new Properties();
      if (username != null) {
        props.setProperty("user", username);
      }
      if (password != null) {
        props.setProperty("password", password);
      }
      Connection connection = DriverManager.getConnection(url, props);
      if (settings.role() != null) {
        try (Statement s = connection.createStatement()) {
          s.execute("SET ROLE " + SqlNames.quoteIdentifier(settings.role()));
        }
      }
      Database database =
          Scope.child(
              MavenLogService.scope(log),
              () -> {
                Database db =
                    DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                if (settings.defaultSchemaName() != null) {
                  db.setDefaultSchemaName(settings.defaultSchemaName());
                }
                if (settings.liquibaseSchemaName() != null) {
                  db.setLiquibaseSchemaName(settings.liquibaseSchemaName());
                }
                historyTables(db, settings);
                return db;
              });
      return new CitusConnection(connection, database, embedded, where);
    } catch (Exception e) {
      if (embedded != null) {
        embedded.close();
      }
      throw Failures.connecting(where, username, e);
    }
  }

  private static void historyTables(Database database, CitusSettings settings) {
    if (settings.databaseChangeLogTableName() != null) {
      database.setDatabaseChangeLogTableName(settings.databaseChangeLogTableName());
    }
    if (settings.databaseChangeLogLockTableName() != null) {
      database.setDatabaseChangeLogLockTableName(settings.databaseChangeLogLockTableName());
    }
  }

  /** Where citus:start keeps its dev cluster. */
  static Path devClusterDirectory(CitusSettings settings) {
    return settings.buildDirectory().resolve("citus-cluster");
  }

  /**
   * No database at all: Liquibase's offline PostgreSQL, for writing SQL. Its history file is new
   * each time, so the SQL of every changeset is written.
   */
  static CitusConnection offline(CitusSettings settings) throws MojoFailureException {
    try {
      Path history = Files.createTempFile("citus-offline-history", ".csv");
      Files.delete(history);
      history.toFile().deleteOnExit();
      Database database =
          DatabaseFactory.getInstance()
              .openDatabase(
                  "offline:postgresql?changeLogFile=" + history,
                  null,
                  null,
                  null,
                  new DirectoryResourceAccessor(settings.baseDirectory()));
      return new CitusConnection(null, database, null, "no database (offline SQL)");
    } catch (IOException | DatabaseException e) {
      throw new MojoFailureException("Cannot prepare offline SQL generation: " + e.getMessage(), e);
    }
  }

  /**
   * Holds a PostgreSQL advisory lock on this database's changelog history until closed, so that two
   * builds updating one database take turns. Liquibase's own changelog lock does not cover its
   * first run: it creates DATABASECHANGELOG before taking that lock, and two first runs collide.
   */
  AutoCloseable historyLock(Log log) throws SQLException {
    String schema =
        database.getLiquibaseSchemaName() != null
            ? database.getLiquibaseSchemaName()
            : database.getDefaultSchemaName();
    String key = "liquibase-citus:" + schema + "." + database.getDatabaseChangeLogTableName();
    try (PreparedStatement tryLock =
        connection.prepareStatement(
            "SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtext(?))")) {
      tryLock.setString(1, key);
      try (ResultSet rs = tryLock.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          log.info(
              "Another build is changing this database (" + key + "); waiting for it to finish");
          try (PreparedStatement lock =
              connection.prepareStatement(
                  "SELECT pg_catalog.pg_advisory_lock(pg_catalog.hashtext(?))")) {
            lock.setString(1, key);
            lock.execute();
          }
        }
      }
    }
    return () -> {
      try (PreparedStatement unlock =
          connection.prepareStatement(
              "SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtext(?))")) {
        unlock.setString(1, key);
        unlock.execute();
      }
    };
  }

  Database database() {
    return database;
  }

  Connection jdbc() {
    return connection;
  }

  String where() {
    return where;
  }

  @Override
  public void close() {
    try {
      database.close();
    } catch (DatabaseException e) {
      // Closing only; nothing to keep.
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
