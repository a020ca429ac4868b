package io.github.liquibasecitus.ext;

import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.LibraryState;
import java.sql.Connection;
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
 * <p>Against a live database it reads the catalogs ({@link CitusExtInstaller#state}) until it has
 * seen the current library committed on that connection; after that the connection costs no round
 * trip. A library of another role is refused, never called. When SQL is only written out ({@code
 * updateSQL}, or no database at all), nothing gets installed, so the database cannot answer: the
 * install scripts are written once per run, before the first change that needs them. Both memories
 * are weak: they live exactly as long as the connection or Liquibase's {@link Database}.
 */
final class LibraryInstallation {
  private static final Map<Connection, Boolean> CURRENT =
      Collections.synchronizedMap(new WeakHashMap<>());
  private static final Map<Database, Boolean> WRITTEN_OUT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private LibraryInstallation() {}

  /** The statements to run before the change's own; empty when the library is current. */
  static List<SqlStatement> prelude(Database database) {
    Connection connection = jdbc(database);
    if (connection != null && isCurrent(connection)) {
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
    return CitusExtInstaller.library().scripts().stream()
        .map(s -> (SqlStatement) new RawSqlStatement(s, ""))
        .toList();
  }

  private static boolean isCurrent(Connection connection) {
    if (CURRENT.containsKey(connection)) {
      return true;
    }
    LibraryState state;
    try {
      state = CitusExtInstaller.state(connection);
      state.requireTrusted();
    } catch (SQLException e) {
      throw new UnexpectedLiquibaseException(e.getMessage(), e);
    }
    boolean current = state.isCurrentFor(CitusExtInstaller.library());
    if (current && state.committed()) {
      CURRENT.put(connection, Boolean.TRUE);
    }
    return current;
  }

  private static Connection jdbc(Database database) {
    return database.getConnection() instanceof JdbcConnection jdbc
        ? jdbc.getUnderlyingConnection()
        : null;
  }

  /** Whether statements will really run (a JDBC connection and no SQL-writing executor). */
  private static boolean isExecuting(Database database) {
    return database.getConnection() instanceof JdbcConnection
        && !(Scope.getCurrentScope()
                .getSingleton(ExecutorService.class)
                .getExecutor("jdbc", database)
            instanceof LoggingExecutor);
  }
}
