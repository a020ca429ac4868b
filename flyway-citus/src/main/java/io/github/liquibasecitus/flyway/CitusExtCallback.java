package io.github.liquibasecitus.flyway;

import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.SqlStates;
import io.github.liquibasecitus.sql.Turns;
import io.github.liquibasecitus.sql.UntrustedLibraryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * Installs or upgrades the citus_ext library before Flyway migrates, so that migrations can call it
 * ({@code SELECT citus_ext.distribute_schema('billing')}). Register it as Flyway documents
 * callbacks: {@code callbacks} in the Maven plugin, {@code flyway.callbacks} in a conf file, {@code
 * callbacks = [...]} in TOML, {@code -callbacks=} on the command line, {@code
 * Flyway.configure().callbacks(new CitusExtCallback())} in Java; Spring Boot registers it by
 * itself. It fires at {@code BEFORE_MIGRATE}, before Flyway takes its lock; the installer takes its
 * own advisory lock, so concurrent migrations install once. Then it waits for a running rebalance
 * to end and holds the migration's turn until the migration ends ({@link Turns}). Before any
 * migration, a pending one with {@code CONCURRENTLY} under Flyway's transactional lock, which would
 * wait forever, fails the migrate at once ({@code TransactionalLockGuard}).
 */
public final class CitusExtCallback implements Callback {

  /** The migration's turn, held from BEFORE_MIGRATE to its end; null when none is held. */
  private final ThreadLocal<Turns> turn = new ThreadLocal<>();

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_MIGRATE
        || event == Event.AFTER_MIGRATE
        || event == Event.AFTER_MIGRATE_ERROR;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    if (event != Event.BEFORE_MIGRATE) {
      endTurn();
      return;
    }
    install(context);
    if (enabled(context.getConfiguration().getPlaceholders().get(ENABLED))) {
      TransactionalLockGuard.check(context.getConnection(), context.getConfiguration());
      takeTurn(context);
    }
  }

  /**
   * Waiting for a running rebalance before migrating: {@code false} refuses at once. A Flyway
   * placeholder of that name, else a Java system property, else {@link #WAIT_FOR_REBALANCE_ENV}.
   */
  public static final String WAIT_FOR_REBALANCE = "citus.waitForRebalance";

  public static final String WAIT_FOR_REBALANCE_ENV = "CITUS_WAIT_FOR_REBALANCE";

  /** How long to wait, ISO-8601 ({@code PT30M} unless set); placeholder, property or env. */
  public static final String WAIT_FOR_REBALANCE_TIMEOUT = "citus.waitForRebalanceTimeout";

  public static final String WAIT_FOR_REBALANCE_TIMEOUT_ENV = "CITUS_WAIT_FOR_REBALANCE_TIMEOUT";

  /**
   * Waits for a running rebalance or shard move to end, then holds the migration's turn (a session
   * advisory lock on Flyway's connection) until the migration ends, so that shard moves of
   * liquibase-citus wait for it: DDL on a table whose shard moves waits for the move.
   */
  private void takeTurn(Context context) {
    endTurn();
    var placeholders = context.getConfiguration().getPlaceholders();
    Duration wait =
        enabled(
                setting(
                    placeholders.get(WAIT_FOR_REBALANCE),
                    WAIT_FOR_REBALANCE,
                    WAIT_FOR_REBALANCE_ENV),
                WAIT_FOR_REBALANCE)
            ? duration(
                setting(
                    placeholders.get(WAIT_FOR_REBALANCE_TIMEOUT),
                    WAIT_FOR_REBALANCE_TIMEOUT,
                    WAIT_FOR_REBALANCE_TIMEOUT_ENV))
            : Duration.ZERO;
    try {
      turn.set(
          Turns.migration(
              context.getConnection(),
              wait,
              "Flyway migrate",
              WAIT_FOR_REBALANCE_TIMEOUT + "=PT1H",
              LOG::info));
    } catch (SQLException e) {
      throw new FlywayException("citus_ext: " + e.getMessage(), e);
    }
  }

  private void endTurn() {
    Turns held = turn.get();
    turn.remove();
    if (held != null) {
      try {
        held.close();
      } catch (SQLException e) {
        // The session's end releases it too.
        LOG.debug("could not release the migration's turn: " + e.getMessage());
      }
    }
  }

  /** Flyway's own log, so that the lines show where Flyway's do (Maven, CLI, Spring Boot). */
  private static final Log LOG = LogFactory.getLog(CitusExtCallback.class);

  private static String setting(String placeholder, String property, String env) {
    if (placeholder != null) {
      return placeholder;
    }
    String value = System.getProperty(property);
    return value != null ? value : System.getenv(env);
  }

  private static Duration duration(String value) {
    if (value == null || value.isBlank()) {
      return Turns.DEFAULT_WAIT;
    }
    try {
      Duration d = Duration.parse(value.trim());
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // said below
    }
    throw new FlywayException(
        WAIT_FOR_REBALANCE_TIMEOUT + " is '" + value + "': use an ISO-8601 duration such as PT30M");
  }

  /**
   * The switch: {@code false} leaves the database alone (tests on H2 or plain PostgreSQL). A Flyway
   * placeholder of that name, else a Java system property, else the environment variable {@link
   * #ENABLED_ENV}; Spring Boot reads it as an application property. True or false, nothing else.
   */
  public static final String ENABLED = "citus.flyway.enabled";

  /** The switch as an environment variable. */
  public static final String ENABLED_ENV = "CITUS_FLYWAY_ENABLED";

  /** Installs or upgrades the library over the migration's connection. */
  static void install(Context context) {
    if (!enabled(context.getConfiguration().getPlaceholders().get(ENABLED))) {
      return;
    }
    Connection connection = context.getConnection();
    try {
      requireCitus(connection);
      CitusExtInstaller.ensureCurrent(connection);
    } catch (UntrustedLibraryException e) {
      throw new FlywayException("citus_ext: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new FlywayException(explain(e), e);
    }
  }

  /** Whether the callback runs: the placeholder's value, the system property's or the env's. */
  static boolean enabled(String placeholder) {
    return enabled(setting(placeholder, ENABLED, ENABLED_ENV), ENABLED);
  }

  /** A switch: blank or true is on, false off, anything else refused naming it. */
  private static boolean enabled(String value, String name) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    throw new FlywayException(name + " is '" + value + "': use true or false");
  }

  /** One line, not a failed catalog query, when the database is not a Citus coordinator. */
  static void requireCitus(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    if (!"PostgreSQL".equalsIgnoreCase(product)) {
      throw new FlywayException(
          "citus_ext: this database is "
              + product
              + ", not a Citus coordinator (PostgreSQL with the citus extension), so the"
              + " citus_ext callback cannot run here. Where migrations run without Citus (tests"
              + " on H2 or plain PostgreSQL), switch it off: "
              + ENABLED
              + "=false (a Flyway placeholder, a system property, or "
              + ENABLED_ENV
              + "=false).");
    }
    try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT pg_catalog.current_database(), EXISTS (SELECT 1 FROM pg_catalog.pg_extension"
                    + " e WHERE e.extname OPERATOR(pg_catalog.=) 'citus')");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(2)) {
        throw new FlywayException(
            "citus_ext: database "
                + rs.getString(1)
                + " has no citus extension: connect to the Citus coordinator's database, or run"
                + " CREATE EXTENSION citus there and on every worker. Where migrations run"
                + " without Citus, switch the callback off: "
                + ENABLED
                + "=false.");
      }
    }
  }

  /** What went wrong and the fix, for Flyway's error output. */
  static String explain(SQLException e) {
    if (SqlStates.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
      return "citus_ext: this role may not install or upgrade the library ("
          + e.getMessage().strip()
          + "). Install it once as the database's owner or a superuser (run migrate as that role,"
          + " or CitusExtInstaller.ensureCurrent): migrations of other roles then find it current"
          + " (a library another role installed is not trusted by the rest).";
    }
    return "citus_ext could not be installed: " + e.getMessage().strip();
  }

  @Override
  public String getCallbackName() {
    return "citus_ext";
  }
}
