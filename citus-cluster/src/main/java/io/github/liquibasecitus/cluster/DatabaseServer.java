package io.github.liquibasecitus.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL database the caller can connect to.
 *
 * <p>Closing a server that this library started stops it and deletes its data; closing one that was
 * only named by URL does nothing to it.
 */
public interface DatabaseServer extends AutoCloseable {

  /** JDBC URL of the database, without credentials. */
  String jdbcUrl();

  /** A superuser of the cluster. */
  String username();

  /** That superuser's password (may be empty); never logged. */
  String password();

  /** One line for people: which backend, which versions, where. */
  String description();

  /** A new connection as the superuser. */
  default Connection connect() throws SQLException {
    return connect(username(), password());
  }

  /** A new connection as the given role. */
  default Connection connect(String user, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  @Override
  void close();
}
