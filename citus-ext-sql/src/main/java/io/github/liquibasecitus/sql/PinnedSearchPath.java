package io.github.liquibasecitus.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs JDBC queries with {@code search_path = pg_catalog, pg_temp} for their transaction, so that
 * an operator, function or view another role planted in {@code public} (or any schema of the
 * caller's search path) is never what an unqualified name resolves to. The caller's own setting is
 * back afterwards.
 */
public final class PinnedSearchPath {
  private PinnedSearchPath() {}

  /** Work done over a connection whose search path is pinned. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} pinned: in a transaction of its own when the connection autocommits, else
   * inside the caller's transaction, restoring its search path after.
   */
  public static <T> T run(Connection connection, Work<T> work) throws SQLException {
    if (connection.getAutoCommit()) {
      connection.setAutoCommit(false);
      try {
        pin(connection, "pg_catalog, pg_temp");
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
    String before = pin(connection, "pg_catalog, pg_temp");
    T result = work.run(connection);
    // Only on success: after a failure the transaction is aborted (and takes the pin with it), and
    // restoring would hide the error behind "current transaction is aborted".
    pin(connection, before);
    return result;
  }

  /** Sets the search path for the transaction; returns the one before. */
  private static String pin(Connection connection, String path) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT pg_catalog.current_setting('search_path'),"
                + " pg_catalog.set_config('search_path', ?, true)")) {
      s.setString(1, path);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** The rows of a query, each column as text. */
  public static List<List<String>> rows(Connection connection, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        List<List<String>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(columns);
          for (int i = 1; i <= columns; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }
}
