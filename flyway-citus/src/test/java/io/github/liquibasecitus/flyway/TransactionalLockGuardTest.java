package io.github.liquibasecitus.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TransactionalLockGuardTest {

  @Test
  void onlyStatementsCountNotCommentsLiteralsOrBodies() {
    String code =
        TransactionalLockGuard.code(
            "-- built concurrently\n/* concurrently */ CREATE INDEX CONCURRENTLY i ON t (a);\n"
                + "SELECT 'concurrently', \"concurrently\";\n"
                + "DO $x$ BEGIN EXECUTE 'CREATE INDEX CONCURRENTLY'; END $x$;");
    assertEquals(
        "CREATE INDEX CONCURRENTLY i ON t (a); SELECT , ; DO ;",
        code.replaceAll("\\s+", " ").trim());
  }
}
