package io.github.liquibasecitus.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * A PostgreSQL session-level advisory lock on a text key, held until {@link #close()} or until the
 * session ends (a killed process releases it with its connection).
 */
public final class SessionLock implements AutoCloseable {
  private final Connection connection;
  private final String key;

  private SessionLock(Connection connection, String key) {
    this.connection = connection;
    this.key = key;
  }

  /**
   * Takes the lock, waiting for its holder when there is one; {@code onWait} hears the key once
   * before waiting.
   */
  public static SessionLock acquire(Connection connection, String key, Consumer<String> onWait)
      throws SQLException {
    if (!call(connection, "pg_try_advisory_lock", key)) {
      onWait.accept(key);
      call(connection, "pg_advisory_lock", key);
    }
    return new SessionLock(connection, key);
  }

  /** Takes the lock if it is free; null when another session holds it. */
  public static SessionLock tryAcquire(Connection connection, String key) throws SQLException {
    return call(connection, "pg_try_advisory_lock", key) ? new SessionLock(connection, key) : null;
  }

  private static boolean call(Connection connection, String function, String key)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT pg_catalog." + function + "(pg_catalog.hashtext(?))::pg_catalog.text")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        // pg_advisory_lock returns void: an empty text, not "false".
        return !"false".equals(rs.getString(1));
      }
    }
  }

  public String key() {
    return key;
  }

  @Override
  public void close() throws SQLException {
    if (!connection.isClosed()) {
      call(connection, "pg_advisory_unlock", key);
    }
  }
}
