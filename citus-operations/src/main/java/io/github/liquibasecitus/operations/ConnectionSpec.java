package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.SqlText;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * How to reach the coordinator: its JDBC URL, the user and password, and optionally a role to
 * {@code SET ROLE} to after connecting, so that a service's work runs as the service's role. {@link
 * #toString()} never shows the password.
 */
public record ConnectionSpec(String url, String username, String password, String role) {

  /** Opens a connection, as the role when one is given. */
  public Connection open() throws SQLException {
    Properties props = new Properties();
    if (username != null) {
      props.setProperty("user", username);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    Connection connection = DriverManager.getConnection(url, props);
    if (role != null) {
      try (Statement s = connection.createStatement()) {
        s.execute("SET ROLE " + SqlText.quoteIdentifier(role));
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
    }
    return connection;
  }

  @Override
  public String toString() {
    return "ConnectionSpec[username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", role="
        + role
        + "]";
  }
}
