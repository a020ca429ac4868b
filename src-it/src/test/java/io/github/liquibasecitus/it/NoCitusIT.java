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
