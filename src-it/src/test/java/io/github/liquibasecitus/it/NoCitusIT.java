package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.DatabaseServer;
import io.github.liquibasecitus.cluster.junit.PlainPostgresTest;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** On PostgreSQL without Citus the library refuses to install, saying why. */
@PlainPostgresTest
class NoCitusIT {

  @Test
  void installingWithoutCitusSaysCitusIsNotInstalled(DatabaseServer postgres) {
    SQLException e = null;
    try {
      Db.installLibrary(postgres);
    } catch (SQLException refused) {
      e = refused;
    }
    assertTrue(
        e != null && e.getMessage().contains("Citus is not installed in database postgres"),
        String.valueOf(e));
    assertTrue(e.getMessage().contains("CREATE EXTENSION citus"), e.getMessage());
  }

  /**
   * Flyway with the citus_ext callback on plain PostgreSQL: one line saying what is missing and how
   * to switch the callback off; switched off (a placeholder), the migrations run.
   */
  @Test
  void flywaysCallbackSaysOneLineAndCanBeSwitchedOff(DatabaseServer postgres) throws Exception {
    String schema = io.github.liquibasecitus.cluster.junit.TestNames.unique("plain");
    org.flywaydb.core.api.configuration.FluentConfiguration config =
        org.flywaydb.core.Flyway.configure()
            .dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
            .schemas(schema)
            .locations(
                "filesystem:" + LiquibaseRun.REPO.resolve("src-it/src/test/resources/flyway-plain"))
            .callbacks(new io.github.liquibasecitus.flyway.CitusExtCallback());
    org.flywaydb.core.api.FlywayException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.flywaydb.core.api.FlywayException.class, () -> config.load().migrate());
    String message = MicroservicesTutorialIT.rootMessage(refused);
    assertTrue(
        message.contains(
            "citus_ext: database postgres has no citus extension: connect to the Citus"
                + " coordinator's database"),
        message);
    assertTrue(message.contains("citus.flyway.enabled=false"), message);
    org.junit.jupiter.api.Assertions.assertFalse(
        message.contains("pg_catalog"), "no catalog query in the message: " + message);

    config.placeholders(java.util.Map.of("citus.flyway.enabled", "false"));
    org.junit.jupiter.api.Assertions.assertEquals(1, config.load().migrate().migrationsExecuted);

    config.placeholders(java.util.Map.of("citus.flyway.enabled", "no"));
    org.flywaydb.core.api.FlywayException badSwitch =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.flywaydb.core.api.FlywayException.class, () -> config.load().migrate());
    assertTrue(
        MicroservicesTutorialIT.rootMessage(badSwitch)
            .contains("citus.flyway.enabled is 'no': use true or false"),
        MicroservicesTutorialIT.rootMessage(badSwitch));
  }

  @Test
  void aCitusChangeOnPlainPostgresFailsSayingCitusIsNotInstalled(DatabaseServer postgres)
      throws Exception {
    Exception e = null;
    try {
      LiquibaseRun.of(postgres, "src-it/src/test/resources/changelogs/refused.xml")
          .param("schema", "plain")
          .update();
    } catch (Exception failed) {
      e = failed;
    }
    String message = MicroservicesTutorialIT.rootMessage(e);
    assertTrue(message.contains("Citus is not installed in database postgres"), message);
  }
}
