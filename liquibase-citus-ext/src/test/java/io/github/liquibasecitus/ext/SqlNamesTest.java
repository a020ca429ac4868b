package io.github.liquibasecitus.ext;

import static org.junit.jupiter.api.Assertions.assertEquals;

import liquibase.database.core.PostgresDatabase;
import org.junit.jupiter.api.Test;

class SqlNamesTest {
  private final PostgresDatabase db = new PostgresDatabase();

  @Test
  void identifiersAreAlwaysQuotedWithQuotesDoubled() {
    assertEquals("\"users\"", SqlNames.quoteIdentifier("users"));
    assertEquals("\"a\"\"; DROP TABLE x; --\"", SqlNames.quoteIdentifier("a\"; DROP TABLE x; --"));
  }

  @Test
  void literalsDoubleQuotesAndUseEscapeFormForBackslashes() {
    assertEquals("'it''s'", SqlNames.quoteLiteral("it's"));
    assertEquals("E'a\\\\''b'", SqlNames.quoteLiteral("a\\'b"));
    assertEquals("'$$;ünï'", SqlNames.quoteLiteral("$$;ünï"));
  }

  @Test
  void namesFollowLiquibaseCaseRules() {
    assertEquals(
        "\"users\"", SqlNames.identifier(db, "USERS", liquibase.structure.core.Table.class));
    assertEquals(
        "\"Users\"", SqlNames.identifier(db, "Users", liquibase.structure.core.Table.class));
    assertEquals("'\"app\".\"Users\"'::regclass", SqlNames.regclass(db, "app", "Users"));
    assertEquals("'\"users\"'::regclass", SqlNames.regclass(db, null, "users"));
    assertEquals("'\"svc\"'::regnamespace", SqlNames.regnamespace(db, "svc"));
  }

  @Test
  void hostileTableNameStaysOneLiteral() {
    assertEquals(
        "'\"app\".\"x\"\"'';select 1;--\"'::regclass",
        SqlNames.regclass(db, "app", "x\"';select 1;--"));
  }
}
