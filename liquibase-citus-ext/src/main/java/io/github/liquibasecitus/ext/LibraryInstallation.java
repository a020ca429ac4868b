package io.github.liquibasecitus.ext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;

/**
 * Decides whether the citus_ext library must be installed before a change runs.
 *
 * <p>Against a live database it asks the database each time (one catalog query): the library is
 * installed when missing or older, and nothing is added once it is current. When SQL is only
 * written out ({@code updateSQL}, or no database at all), nothing gets installed, so the database
 * cannot answer: the install scripts are written once per run, before the first change that needs
 * them. That per-run memory is keyed weakly by Liquibase's {@link Database} object, which lives
 * exactly as long as the run.
 */
final class LibraryInstallation {
  private static final CitusExtLibrary LIBRARY = CitusExtLibrary.load();
  private static final Map<Database, Boolean> WRITTEN_OUT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private LibraryInstallation() {}

  /** The statements to run before the change's own; empty when the library is current. */
  static List<SqlStatement> prelude(Database database) {
    String installed = installedVersion(database);
    if (installed != null && CitusExtLibrary.compareVersions(installed, LIBRARY.version()) >= 0) {
      return List.of();
    }
    if (!isExecuting(database)) {
      // Liquibase also generates a change's statements for logging, under SHOULD_EXECUTE=false;
      // only the generation that reaches the output counts as writing them out.
      boolean forOutput =
          !Boolean.FALSE.equals(Scope.getCurrentScope().get(Change.SHOULD_EXECUTE, Boolean.class));
      if (WRITTEN_OUT.containsKey(database)) {
        return List.of();
      }
      if (forOutput) {
        WRITTEN_OUT.put(database, Boolean.TRUE);
      }
    }
    return LIBRARY.scripts().stream().map(s -> (SqlStatement) new RawSqlStatement(s, "")).toList();
  }

  /** Whether statements will really run (a JDBC connection and no SQL-writing executor). */
  private static boolean isExecuting(Database database) {
    return database.getConnection() instanceof JdbcConnection
        && !(Scope.getCurrentScope()
                .getSingleton(ExecutorService.class)
                .getExecutor("jdbc", database)
            instanceof LoggingExecutor);
  }

  /** The installed version, or null when not installed or there is no database to ask. */
  private static String installedVersion(Database database) {
    if (!(database.getConnection() instanceof JdbcConnection jdbc)) {
      return null;
    }
    Connection connection = jdbc.getUnderlyingConnection();
    try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT CASE WHEN pg_catalog.to_regprocedure('citus_ext.version()') IS NOT NULL"
                    + " THEN 'installed' END");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      if (rs.getString(1) == null) {
        return null;
      }
    } catch (SQLException e) {
      throw new UnexpectedLiquibaseException(
          "Could not read the citus_ext version: " + e.getMessage(), e);
    }
    try (PreparedStatement s = connection.prepareStatement("SELECT citus_ext.version()");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new UnexpectedLiquibaseException(
          "Could not read the citus_ext version: " + e.getMessage(), e);
    }
  }
}
