package io.github.liquibasecitus.check.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.check.CheckSettings;
import io.github.liquibasecitus.check.flyway.FlywayCheck.MigrationSet;
import io.github.liquibasecitus.check.flyway.FlywayCheck.Options;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flyway SQL migrations in sets, as a pipeline's flyway:migrate executions run them. */
class FlywayCheckTest {
  private static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();
  private static final Map<String, String> NAMES = Map.of("orders", "orders", "billing", "billing");

  private static List<String> findings(boolean transactionalLock, MigrationSet... sets)
      throws Exception {
    return FlywayCheck.run(
            new Options(
                List.of(sets), RESOURCES, List.of(RESOURCES), transactionalLock, false, null),
            CheckSettings.defaults())
        .findings()
        .stream()
        .map(
            f ->
                f.rule().id()
                    + " "
                    + f.severity().label()
                    + " "
                    + f.location().describe()
                    + ": "
                    + f.message())
        // CITUS036 (no lock_timeout) has tests of its own (SqlReaderTest, ChangeLogCheckTest).
        .filter(f -> !f.startsWith("CITUS036 "))
        .toList();
  }

  private static MigrationSet set(String name, String location, String schema) {
    return new MigrationSet(name, List.of(location), NAMES, schema);
  }

  @Test
  void scriptsRunInFlywaysOrder() throws Exception {
    List<String> order =
        FlywayCheck.scripts(
                set("orders", "filesystem:flyway/orders", "orders"),
                new Options(List.of(), RESOURCES, List.of(), true, false, null))
            .stream()
            .map(s -> s.path().getFileName().toString())
            .toList();
    assertEquals(
        List.of(
            "V1__orders.sql",
            "V2__stamp_updates.sql",
            "V3__index_updated.sql",
            "V10__after_nine.sql",
            "R__open_orders.sql"),
        order);
  }

  @Test
  void eachSetOnTheSchemasTheOnesBeforeItMade() throws Exception {
    assertEquals(
        List.of(
            "CITUS001 error flyway/billing/V1__invoices.sql:1 changeset V1__invoices"
                + " (billing.invoices): foreign key from billing.invoices (distributed-schema) to"
                + " orders.orders (distributed-schema)",
            "CITUS015 error flyway/orders/V2__stamp_updates.sql:8 changeset V2__stamp_updates"
                + " (orders.orders): CREATE TRIGGER stamp on orders.orders (a table of a"
                + " distributed schema)",
            "CITUS019 error flyway/orders/V3__index_updated.sql:2 changeset V3__index_updated:"
                + " V3__index_updated runs 1 statement(s) with CONCURRENTLY outside a transaction"
                + " (line 2) while Flyway's postgresql.transactional.lock is true: the first"
                + " waits for Flyway's own lock forever",
            "CITUS014 info flyway/orders/V4__Backfill.java: Java migration V4__Backfill.java is not"
                + " checked: the check reads SQL, not compiled code"),
        findings(
            true,
            set("platform", "classpath:flyway/platform", null),
            set("orders", "filesystem:flyway/orders", "orders"),
            set("billing", "flyway/billing", "billing")));
  }

  @Test
  void transactionsAsFlywayDecidesThem() throws Exception {
    assertEquals(
        List.of(
            "CITUS027 error flyway/mixed/V2__index_and_backfill.sql:1 changeset"
                + " V2__index_and_backfill: V2__index_and_backfill mixes 1 statement(s) that cannot"
                + " run in a transaction with 1 that can; Flyway refuses it (mixed is false)",
            "CITUS016 error flyway/mixed/V3__index_in_transaction.sql:1 changeset"
                + " V3__index_in_transaction (public.t_1): CREATE INDEX CONCURRENTLY in a step that"
                + " runs in a transaction",
            "CITUS016 error flyway/mixed/V4__detach.sql:1 changeset V4__detach (public.t):"
                + " ALTER TABLE ... DETACH PARTITION CONCURRENTLY in a step that runs in a"
                + " transaction"),
        findings(true, set("mixed", "filesystem:flyway/mixed", null)));
  }

  @Test
  void withoutTheTransactionalLockTheConcurrentIndexIsFine() throws Exception {
    assertEquals(
        List.of(),
        findings(
                false,
                set("platform", "classpath:flyway/platform", null),
                set("orders", "filesystem:flyway/orders", "orders"))
            .stream()
            .filter(f -> f.startsWith("CITUS019") || f.startsWith("CITUS016"))
            .toList());
  }

  @Test
  void theProjectsFlywayExamplesAreClean() throws Exception {
    Path examples = Path.of("../examples").toAbsolutePath().normalize();
    Map<String, String> services =
        Map.of(
            "user_service", "user_service",
            "time_service", "time_service",
            "ping_service", "ping_service");
    List<MigrationSet> microservices =
        List.of(
            new MigrationSet("platform", List.of("filesystem:db/platform"), services, null),
            new MigrationSet(
                "user-service", List.of("filesystem:db/user-service"), services, "user_service"),
            new MigrationSet(
                "time-service", List.of("filesystem:db/time-service"), services, "time_service"),
            new MigrationSet(
                "ping-service", List.of("filesystem:db/ping-service"), services, "ping_service"));
    assertEquals(
        List.of(),
        FlywayCheck.run(
                new Options(
                    microservices,
                    examples.resolve("flyway-microservices"),
                    List.of(),
                    false,
                    false,
                    null),
                CheckSettings.defaults())
            .findings());
    assertEquals(
        List.of(),
        FlywayCheck.run(
                new Options(
                    List.of(
                        new MigrationSet(
                            "default", List.of("filesystem:db/migration"), Map.of(), null)),
                    examples.resolve("flyway-multi-tenant"),
                    List.of(),
                    false,
                    false,
                    null),
                CheckSettings.defaults())
            .findings());
  }
}
