package io.github.liquibasecitus.ext;

import static org.junit.jupiter.api.Assertions.assertEquals;

import liquibase.database.core.PostgresDatabase;
import org.junit.jupiter.api.Test;

class SqlNamesTest {
  private final PostgresDatabase db = new PostgresDatabase();

  @Test
  void namesFollowLiquibaseCaseRules() {
    assertEquals(
        "\"users\"", SqlNames.identifier(db, "USERS", liquibase.structure.core.Table.class));
    assertEquals(
        "\"Users\"", SqlNames.identifier(db, "Users", liquibase.structure.core.Table.class));
    assertEquals("'\"app\".\"Users\"'::pg_catalog.regclass", SqlNames.regclass(db, "app", "Users"));
    assertEquals("'\"users\"'::pg_catalog.regclass", SqlNames.regclass(db, null, "users"));
  }

  @Test
  void hostileTableNameStaysOneLiteral() {
    assertEquals(
        "'\"app\".\"x\"\"'';select 1;--\"'::pg_catalog.regclass",
        SqlNames.regclass(db, "app", "x\"';select 1;--"));
  }
}
