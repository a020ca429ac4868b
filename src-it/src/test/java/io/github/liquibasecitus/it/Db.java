package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.liquibasecitus.cluster.DatabaseServer;
import io.github.liquibasecitus.sql.CitusExtInstaller;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A connection with the few calls the tests need; parameters are always bound, never spliced. */
final class Db implements AutoCloseable {
  private final Connection connection;

  private Db(Connection connection) {
    this.connection = connection;
  }

  static Db connect(DatabaseServer server) throws SQLException {
    return new Db(server.connect());
  }

  static Db as(DatabaseServer server, String role, String password) throws SQLException {
    return new Db(server.connect(role, password));
  }

  /** Installs (or upgrades) the citus_ext library with its installer, in one transaction. */
  static void installLibrary(DatabaseServer server) throws SQLException {
    try (Connection c = server.connect()) {
      CitusExtInstaller.ensureCurrent(c);
    }
  }

  Connection connection() {
    return connection;
  }

  void exec(String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(sql, params)) {
      s.execute();
    }
  }

  @SuppressWarnings("unchecked")
  <T> T one(String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(sql, params);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new AssertionError("no row from " + sql);
      }
      return (T) rs.getObject(1);
    }
  }

  List<List<Object>> rows(String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(sql, params);
        ResultSet rs = s.executeQuery()) {
      List<List<Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** Runs a statement that must fail; returns the server's message (with its hint). */
  String error(String sql, Object... params) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try (PreparedStatement s = prepare(sql, params)) {
      s.execute();
    } catch (SQLException e) {
      if (!autoCommit) {
        connection.rollback();
      }
      return e.getMessage();
    }
    return fail("expected an error from: " + sql);
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      s.setObject(i + 1, params[i]);
    }
    return s;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
