package io.github.liquibasecitus.flyway;

import static io.github.liquibasecitus.flyway.FakeJdbc.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.CitusExtLibrary;
import io.github.liquibasecitus.sql.UntrustedLibraryException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CitusExtCallbackTest {

  /** The query that tells a Citus coordinator from another database. */
  private static final String CITUS_CHECK =
      "SELECT pg_catalog.current_database(), EXISTS (SELECT 1 FROM pg_catalog.pg_extension e"
          + " WHERE e.extname OPERATOR(pg_catalog.=) 'citus')";

  private static final Map<String, String> ON = Map.of("citus.flyway.enabled", "true");

  private final CitusExtCallback callback = new CitusExtCallback();

  private static final String TRY_TURN =
      "SELECT pg_catalog.pg_try_advisory_lock_shared(pg_catalog.hashtext('liquibase-citus'),"
          + " pg_catalog.hashtext('migrations'))";

  /** The answers about the migration's turn: free, and no rebalance job. */
  private static java.util.Optional<List<List<Object>>> turn(String sql) {
    if (sql.contains("advisory")) {
      return java.util.Optional.of(List.of(row(true)));
    }
    if (sql.contains("pg_dist_background_job")) {
      return java.util.Optional.of(List.of());
    }
    return java.util.Optional.empty();
  }

  @Test
  void theSwitchIsNamedAsDocumented() {
    assertEquals("citus.flyway.enabled", CitusExtCallback.ENABLED);
    assertEquals("CITUS_FLYWAY_ENABLED", CitusExtCallback.ENABLED_ENV);
    assertEquals("citus_ext", callback.getCallbackName());
  }

  @Test
  void handlesBeforeMigrateInItsTransaction() {
    assertTrue(callback.supports(Event.BEFORE_MIGRATE, null));
    assertTrue(callback.canHandleInTransaction(Event.BEFORE_MIGRATE, null));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Event.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"BEFORE_MIGRATE", "AFTER_MIGRATE", "AFTER_MIGRATE_ERROR"})
  void ignoresEveryOtherEvent(Event event) {
    assertFalse(callback.supports(event, null));
  }

  @Test
  void endsTheMigrationsTurnWhenItEnds() {
    assertTrue(callback.supports(Event.AFTER_MIGRATE, null));
    assertTrue(callback.supports(Event.AFTER_MIGRATE_ERROR, null));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"true", "TRUE", "True", " true ", "", "   "})
  void trueOrBlankSwitchesItOn(String value) {
    assertTrue(CitusExtCallback.enabled(value));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"false", "FALSE", "False", " false\t"})
  void falseSwitchesItOff(String value) {
    assertFalse(CitusExtCallback.enabled(value));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"yes", "no", "0", "1", "off", "flase", " nope "})
  void anythingElseIsAnErrorNamingTheValueAsGiven(String value) {
    FlywayException e = assertThrows(FlywayException.class, () -> CitusExtCallback.enabled(value));
    assertEquals("citus.flyway.enabled is '" + value + "': use true or false", e.getMessage());
  }

  @Test
  void thePlaceholderWinsOverTheSystemProperty() {
    withSystemProperty(
        "false",
        () -> {
          assertTrue(CitusExtCallback.enabled("true"));
          assertTrue(CitusExtCallback.enabled(""));
        });
    withSystemProperty("true", () -> assertFalse(CitusExtCallback.enabled("false")));
  }

  @Test
  void withoutAPlaceholderTheSystemPropertyDecides() {
    withSystemProperty("false", () -> assertFalse(CitusExtCallback.enabled(null)));
    withSystemProperty(" TRUE ", () -> assertTrue(CitusExtCallback.enabled(null)));
  }

  @Test
  void aMistypedSystemPropertyIsAnError() {
    withSystemProperty(
        "disabled",
        () -> {
          FlywayException e =
              assertThrows(FlywayException.class, () -> CitusExtCallback.enabled(null));
          assertEquals("citus.flyway.enabled is 'disabled': use true or false", e.getMessage());
        });
  }

  @Test
  void onWhenNothingSaysOtherwise() {
    Assumptions.assumeTrue(
        System.getenv(CitusExtCallback.ENABLED_ENV) == null,
        "CITUS_FLYWAY_ENABLED is set in this environment");
    withSystemProperty(null, () -> assertTrue(CitusExtCallback.enabled(null)));
  }

  @Test
  void switchedOffItLeavesTheConnectionAlone() {
    callback.handle(
        Event.BEFORE_MIGRATE,
        FakeJdbc.callbackContext(Map.of("citus.flyway.enabled", "false"), FakeJdbc.untouchable()));
  }

  @Test
  void aMistypedPlaceholderFailsTheMigrationBeforeTheConnectionIsUsed() {
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                callback.handle(
                    Event.BEFORE_MIGRATE,
                    FakeJdbc.callbackContext(
                        Map.of("citus.flyway.enabled", "ja"), FakeJdbc.untouchable())));
    assertEquals("citus.flyway.enabled is 'ja': use true or false", e.getMessage());
  }

  @Test
  void anotherDatabaseIsOneLineNamingTheSwitch() {
    FakeJdbc db =
        new FakeJdbc(
            "H2",
            sql -> {
              throw new AssertionError("no query on H2: " + sql);
            });
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                callback.handle(
                    Event.BEFORE_MIGRATE, FakeJdbc.callbackContext(ON, db.connection())));
    assertEquals(
        "citus_ext: this database is H2, not a Citus coordinator (PostgreSQL with the citus"
            + " extension), so the citus_ext callback cannot run here. Where migrations run without"
            + " Citus (tests on H2 or plain PostgreSQL), switch it off: citus.flyway.enabled=false"
            + " (a Flyway placeholder, a system property, or CITUS_FLYWAY_ENABLED=false).",
        e.getMessage());
    assertEquals(List.of(), db.sent);
  }

  @Test
  void postgresqlWithoutCitusNamesTheDatabase() {
    FakeJdbc db = new FakeJdbc("PostgreSQL", sql -> List.of(row("shop", false)));
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                callback.handle(
                    Event.BEFORE_MIGRATE, FakeJdbc.callbackContext(ON, db.connection())));
    assertEquals(
        "citus_ext: database shop has no citus extension: connect to the Citus coordinator's"
            + " database, or run CREATE EXTENSION citus there and on every worker. Where"
            + " migrations run without Citus, switch the callback off: citus.flyway.enabled=false.",
        e.getMessage());
    assertEquals(List.of(CITUS_CHECK), db.sent);
  }

  @Test
  void aCurrentLibraryIsLeftAsItIs() {
    CitusExtLibrary library = CitusExtInstaller.library();
    FakeJdbc db =
        new FakeJdbc(
            "PostgreSQL",
            sql ->
                sql.equals(CITUS_CHECK)
                    ? List.of(row("shop", true))
                    : turn(sql)
                        .orElse(
                            List.of(
                                row(
                                    "app",
                                    true,
                                    library.version(),
                                    null,
                                    true,
                                    library.digest()))));
    callback.handle(Event.BEFORE_MIGRATE, FakeJdbc.callbackContext(ON, db.connection()));
    assertEquals(4, db.sent.size(), db.sent.toString());
    assertEquals(CITUS_CHECK, db.sent.get(0));
    assertTrue(db.sent.get(1).startsWith("WITH me AS ("), db.sent.get(1));
    // Then the migration's turn: no shard move holds it, no rebalance runs.
    assertEquals(TRY_TURN, db.sent.get(2));
    assertTrue(db.sent.get(3).contains("pg_dist_background_job"), db.sent.get(3));
    assertEquals(List.of(), db.transactions);
    callback.handle(Event.AFTER_MIGRATE, FakeJdbc.callbackContext(ON, db.connection()));
    assertEquals(
        "SELECT pg_catalog.pg_advisory_unlock_shared(pg_catalog.hashtext('liquibase-citus'),"
            + " pg_catalog.hashtext('migrations'))",
        db.sent.get(4));
  }

  @Test
  void aMissingLibraryIsInstalledInOneTransaction() {
    FakeJdbc db =
        new FakeJdbc(
            "PostgreSQL",
            sql ->
                sql.equals(CITUS_CHECK) ? List.of(row("shop", true)) : turn(sql).orElse(List.of()));
    callback.handle(Event.BEFORE_MIGRATE, FakeJdbc.callbackContext(ON, db.connection()));
    List<String> scripts = CitusExtInstaller.library().scripts();
    assertEquals(2 + scripts.size() + 2, db.sent.size());
    assertEquals(scripts, db.sent.subList(2, 2 + scripts.size()));
    assertEquals(TRY_TURN, db.sent.get(2 + scripts.size()));
    assertEquals(List.of("setAutoCommit(false)", "commit", "setAutoCommit(true)"), db.transactions);
  }

  @Test
  void aLibraryWithObjectsOfAnotherRoleIsRefused() {
    FakeJdbc db =
        new FakeJdbc(
            "PostgreSQL",
            sql ->
                sql.equals(CITUS_CHECK)
                    ? List.of(row("shop", true))
                    : List.of(
                        row(
                            "app",
                            true,
                            "0.0.1",
                            "function citus_ext.version() (owner mallory)",
                            true,
                            null)));
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                callback.handle(
                    Event.BEFORE_MIGRATE, FakeJdbc.callbackContext(ON, db.connection())));
    assertEquals(
        "citus_ext: schema citus_ext holds objects of roles other than its owner app and the"
            + " superusers: function citus_ext.version() (owner mallory). liquibase-citus will"
            + " neither call nor install into it. Check who created them; drop them (or the schema,"
            + " DROP SCHEMA citus_ext CASCADE) and run again.",
        e.getMessage());
    assertTrue(e.getCause() instanceof UntrustedLibraryException, String.valueOf(e.getCause()));
    assertEquals(2, db.sent.size(), "nothing installed: " + db.sent);
  }

  @Test
  void aRoleThatMayNotInstallIsToldWhoCan() {
    SQLException denied = new SQLException("permission denied for database shop\n", "42501");
    List<String> executed = new ArrayList<>();
    FakeJdbc db =
        new FakeJdbc(
            "PostgreSQL",
            sql -> {
              if (sql.equals(CITUS_CHECK)) {
                return List.of(row("shop", true));
              }
              if (sql.startsWith("WITH me AS (")) {
                return List.of();
              }
              executed.add(sql);
              throw denied;
            });
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                callback.handle(
                    Event.BEFORE_MIGRATE, FakeJdbc.callbackContext(ON, db.connection())));
    assertEquals(
        "citus_ext: this role may not install or upgrade the library (permission denied for"
            + " database shop). Install it once as the database's owner or a superuser (run migrate"
            + " as that role, or CitusExtInstaller.ensureCurrent): migrations of other roles then"
            + " find it current (a library another role installed is not trusted by the rest).",
        e.getMessage());
    assertSame(denied, e.getCause());
    assertEquals(1, executed.size(), "stops at the first script");
    assertEquals(
        List.of("setAutoCommit(false)", "rollback", "setAutoCommit(true)"), db.transactions);
  }

  @Test
  void anyOtherFailureIsItsMessageStripped() {
    assertEquals(
        "citus_ext could not be installed: canceling statement due to lock timeout",
        CitusExtCallback.explain(
            new SQLException("  canceling statement due to lock timeout\n", "55P03")));
    assertEquals(
        "citus_ext could not be installed: no state",
        CitusExtCallback.explain(new SQLException("no state")));
  }

  @Test
  void aFailedQueryBecomesAFlywayException() {
    SQLException lost =
        new SQLException("An I/O error occurred while sending to the backend.", "08006");
    FakeJdbc db =
        new FakeJdbc(
            "PostgreSQL",
            sql -> {
              throw lost;
            });
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                callback.handle(
                    Event.BEFORE_MIGRATE, FakeJdbc.callbackContext(ON, db.connection())));
    assertEquals(
        "citus_ext could not be installed: An I/O error occurred while sending to the backend.",
        e.getMessage());
    assertSame(lost, e.getCause());
  }

  /**
   * Runs {@code test} with the system property set to {@code value} (null: unset), then restores
   * it.
   */
  private static void withSystemProperty(String value, Runnable test) {
    String before = System.getProperty(CitusExtCallback.ENABLED);
    try {
      if (value == null) {
        System.clearProperty(CitusExtCallback.ENABLED);
      } else {
        System.setProperty(CitusExtCallback.ENABLED, value);
      }
      test.run();
    } finally {
      if (before == null) {
        System.clearProperty(CitusExtCallback.ENABLED);
      } else {
        System.setProperty(CitusExtCallback.ENABLED, before);
      }
    }
  }
}
