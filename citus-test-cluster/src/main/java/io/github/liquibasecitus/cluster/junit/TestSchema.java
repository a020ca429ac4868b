package io.github.liquibasecitus.cluster.junit;

import io.github.liquibasecitus.cluster.DatabaseServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A schema of a test's own on a cluster, owned by a login role of its own: what a test of an
 * application needs to run its migrations as an ordinary role, on a cluster that other tests (or
 * earlier runs) share. The role and the schema have the same unique name; the role's password is
 * random and never logged. Closing it drops the schema with everything in it, then the role.
 *
 * <p>Citus propagates the role to every worker. The schema is a regular one: a test whose changelog
 * distributes it (the schema-per-service workflow) does so as this role, its owner.
 */
public final class TestSchema implements AutoCloseable {
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DatabaseServer server;
  private final String name;
  private final String password;

  private TestSchema(DatabaseServer server, String name, String password) {
    this.server = server;
    this.name = name;
    this.password = password;
  }

  /**
   * Creates a login role and a schema it owns, both named {@code prefix} followed by an underscore
   * and 8 random hex digits.
   *
   * @param prefix lower-case letters, digits and underscores, starting with a letter (at most 41)
   */
  public static TestSchema create(DatabaseServer server, String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Schema prefix '"
              + prefix
              + "': use lower-case letters, digits and underscores, starting with a letter, at"
              + " most 41 characters (a unique suffix is added)");
    }
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      // The password is hex digits.
      s.execute("CREATE ROLE " + quoted(name) + " LOGIN PASSWORD '" + password + "'");
      s.execute("CREATE SCHEMA " + quoted(name) + " AUTHORIZATION " + quoted(name));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not create test schema and role " + name + ": " + e.getMessage(), e);
    }
    return new TestSchema(server, name, password);
  }

  /** The schema's name, which is also its owner's (the role's) name. */
  public String name() {
    return name;
  }

  /** The login role that owns the schema. */
  public String role() {
    return name;
  }

  /** The role's password (random; never logged). */
  public String password() {
    return password;
  }

  /**
   * The coordinator's JDBC URL with this schema as the current schema ({@code currentSchema}), for
   * an application's data source together with {@link #role()} and {@link #password()}.
   */
  public String jdbcUrl() {
    String url = server.jdbcUrl();
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** A new connection as the role, with this schema first on the search path. */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", name);
    props.setProperty("password", password);
    return java.sql.DriverManager.getConnection(jdbcUrl(), props);
  }

  /** Drops the schema with everything in it, what the role owns elsewhere, then the role. */
  @Override
  public void close() {
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + quoted(name) + " CASCADE");
      s.execute("DROP OWNED BY " + quoted(name) + " CASCADE");
      s.execute("DROP ROLE IF EXISTS " + quoted(name));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not drop test schema and role " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "test schema " + name + " (owned by role " + name + ") on " + server.description();
  }

  /**
   * The name is made of [a-z0-9_] only (the prefix is checked), so quoting it needs no escaping.
   */
  private static String quoted(String identifier) {
    return '"' + identifier + '"';
  }
}
