package io.github.liquibasecitus.check.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.flyway.FlywayCheck.MigrationSet;
import io.github.liquibasecitus.check.flyway.FlywayCheck.Options;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the apply mode places what Flyway and Citus said of a migration. */
class FlywayApplyTest {
  private static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();
  private static final Options OPTIONS =
      new Options(
          List.of(new MigrationSet("orders", List.of("filesystem:flyway/orders"), null, null)),
          RESOURCES,
          List.of(),
          true,
          false,
          null);

  @Test
  void aFailureIsPlacedAtTheScriptAndLineFlywayNames() {
    String failure =
        "Migration V2__stamp_updates.sql failed\n"
            + "-----------------------------------\n"
            + "SQL State  : 0A000\n"
            + "Message    : ERROR: triggers are not supported on distributed tables\n"
            + "Location   : "
            + RESOURCES.resolve("flyway/orders/V2__stamp_updates.sql")
            + " ("
            + RESOURCES.resolve("flyway/orders/V2__stamp_updates.sql")
            + ")\n"
            + "Line       : 8\n"
            + "Statement  : CREATE TRIGGER stamp ...";
    assertEquals(
        new Location("flyway/orders/V2__stamp_updates.sql", 8, "V2__stamp_updates", null),
        FlywayApply.locate(failure, OPTIONS));
  }

  @Test
  void aFailureThatNamesOnlyTheScriptIsPlacedAtIt() {
    assertEquals(
        new Location("flyway/orders/V3__index_updated.sql", 1, "V3__index_updated", null),
        FlywayApply.locate(
            "Flyway migrate: V3__index_updated.sql runs CONCURRENTLY while"
                + " postgresql.transactional.lock is true",
            OPTIONS));
    assertEquals(
        new Location("flyway/orders/V1__orders.sql", 1, "V1__orders", null),
        FlywayApply.locate("flyway/orders/V1__orders.sql", OPTIONS),
        "a traced step's name");
    assertEquals(
        new Location(null, 0, null, null), FlywayApply.locate("connection refused", OPTIONS));
  }
}
