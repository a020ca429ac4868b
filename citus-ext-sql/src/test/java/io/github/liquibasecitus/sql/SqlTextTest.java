package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SqlTextTest {

  @Test
  void identifiersAreAlwaysQuotedWithQuotesDoubled() {
    assertEquals("\"users\"", SqlText.quoteIdentifier("users"));
    assertEquals("\"a\"\"; DROP TABLE x; --\"", SqlText.quoteIdentifier("a\"; DROP TABLE x; --"));
    assertEquals("\"app\".\"Users\"", SqlText.qualified("app", "Users"));
    assertEquals("\"Users\"", SqlText.qualified(null, "Users"));
  }

  @Test
  void literalsDoubleQuotesAndUseEscapeFormForBackslashes() {
    assertEquals("'it''s'", SqlText.quoteLiteral("it's"));
    assertEquals("E'a\\\\''b'", SqlText.quoteLiteral("a\\'b"));
    assertEquals("'$$;ünï'", SqlText.quoteLiteral("$$;ünï"));
  }

  @Test
  void regclassAndRegnamespaceArePgCatalogs() {
    assertEquals("'\"a\".\"b\"'::pg_catalog.regclass", SqlText.regclass("\"a\".\"b\""));
    assertEquals("'\"s\"'::pg_catalog.regnamespace", SqlText.regnamespace("\"s\""));
  }

  @Test
  void namesOver63BytesAreRefusedWithTheirLength() {
    assertNull(SqlText.whyNotAnIdentifier("x".repeat(63)));
    assertEquals(
        "is 64 bytes long; PostgreSQL keeps only the first 63 bytes of a name: shorten it",
        SqlText.whyNotAnIdentifier("x".repeat(64)));
    // 32 two-byte characters: 64 bytes, though only 32 characters.
    assertEquals(
        "is 64 bytes long; PostgreSQL keeps only the first 63 bytes of a name: shorten it",
        SqlText.whyNotAnIdentifier("é".repeat(32)));
    assertEquals("must not contain a NUL character", SqlText.whyNotAnIdentifier("a\0b"));
  }

  @Test
  void aBackslashAloneAlsoTakesTheEscapeForm() {
    assertEquals("E'C:\\\\temp'", SqlText.quoteLiteral("C:\\temp"));
    assertEquals("''", SqlText.quoteLiteral(""));
    assertEquals("''''", SqlText.quoteLiteral("'"));
  }

  @Test
  void qualifiedNamesQuoteEachPartOnItsOwn() {
    assertEquals("\"a.b\".\"c\"\"d\"", SqlText.qualified("a.b", "c\"d"));
    assertEquals("\"\"", SqlText.quoteIdentifier(""));
    assertEquals(
        "'\"it''s\".\"t\"'::pg_catalog.regclass", SqlText.regclass(SqlText.qualified("it's", "t")));
  }

  @Test
  void namesOfExactly63BytesAreKept() {
    // 31 two-byte characters and one of one byte.
    assertNull(SqlText.whyNotAnIdentifier("é".repeat(31) + "x"));
    assertNull(SqlText.whyNotAnIdentifier(""));
  }
}
