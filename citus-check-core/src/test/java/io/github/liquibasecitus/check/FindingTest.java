package io.github.liquibasecitus.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A finding's one line, its location as people read it, and the severities. */
class FindingTest {
  private static final Rule FK =
      new Rule(
          "CITUS001",
          Severity.ERROR,
          "Foreign key leaves its schema",
          "Citus refuses it.",
          "Keep keys inside the schema.");
  private static final Rule PK =
      new Rule("CITUS010", Severity.WARNING, "No primary key", "Online moves fail.", "Add one.");

  static Stream<Arguments> locations() {
    return Stream.of(
        Arguments.of(
            new Location("db/tenants.xml", 42, "acme-tables::platform", "app.orders"),
            "db/tenants.xml:42 changeset acme-tables::platform (app.orders)"),
        Arguments.of(new Location("db/tenants.xml", 0, null, null), "db/tenants.xml"),
        Arguments.of(
            new Location("db/tenants.xml", 7, null, "app.orders"), "db/tenants.xml:7 (app.orders)"),
        Arguments.of(new Location(null, 0, "id::me", null), "changeset id::me"),
        Arguments.of(
            new Location(null, 0, "id::me", "app.orders"), "changeset id::me (app.orders)"),
        Arguments.of(Location.ofObject("node 127.0.0.1:9701"), "node 127.0.0.1:9701"),
        Arguments.of(new Location(null, 12, null, null), ""));
  }

  @ParameterizedTest(name = "''{1}''")
  @MethodSource("locations")
  void aLocationSaysAsMuchAsIsKnown(Location location, String described) {
    assertEquals(described, location.describe());
  }

  @Test
  void aFindingIsOneLineWithItsFix() {
    Finding f =
        FK.at(
            new Location("db/app.xml", 12, "fk::me", null),
            "foreign key orders_customer_fk references billing.customers.");
    assertEquals(
        "CITUS001 error db/app.xml:12 changeset fk::me: foreign key orders_customer_fk references"
            + " billing.customers. Fix: Keep keys inside the schema.",
        f.line());
  }

  @Test
  void aSpecificFixReplacesTheRulesAndABlankOneIsLeftOut() {
    Location at = Location.ofObject("public.log");
    assertEquals(
        "CITUS010 warning public.log: public.log has no primary key. Fix: ALTER TABLE public.log"
            + " ADD PRIMARY KEY (id)",
        PK.at(at, "public.log has no primary key.", "ALTER TABLE public.log ADD PRIMARY KEY (id)")
            .line());
    assertEquals(
        "CITUS010 warning public.log: public.log has no primary key.",
        PK.at(at, "public.log has no primary key.", "  ").line());
    assertEquals(
        "CITUS010 warning public.log: public.log has no primary key.",
        PK.at(at, "public.log has no primary key.", null).line());
  }

  @Test
  void reGradingKeepsEverythingElse() {
    Finding f = PK.at(Location.ofObject("public.log"), "no primary key");
    Finding graded = f.withSeverity(Severity.INFO);
    assertEquals(
        new Finding(
            PK, Severity.INFO, Location.ofObject("public.log"), "no primary key", "Add one."),
        graded);
    assertEquals("CITUS010 info public.log: no primary key Fix: Add one.", graded.line());
  }

  @Test
  void severitiesParseInAnyCaseAndCompareByGravity() {
    assertEquals(Severity.WARNING, Severity.parse(" Warning ", "x"));
    assertEquals(Severity.INFO, Severity.parse("INFO", "x"));
    assertEquals("warning", Severity.WARNING.label());
    assertTrue(Severity.ERROR.atLeast(Severity.WARNING));
    assertTrue(Severity.WARNING.atLeast(Severity.WARNING));
    assertFalse(Severity.INFO.atLeast(Severity.WARNING));
    assertFalse(Severity.WARNING.atLeast(Severity.ERROR));
  }

  @Test
  void anUnknownSeverityNamesTheSettingAndTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Severity.parse(null, "severity of CITUS009"));
    assertEquals(
        "severity of CITUS009 'null' is not a severity: use error, warning or info",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Severity.parse("notice", "failOn"));
    assertEquals("failOn 'notice' is not a severity: use error, warning or info", e.getMessage());
  }

  @Test
  void findingsAreOrderedBySeverityFileLineAndRule() {
    Finding clusterWarning = PK.at(Location.ofObject("public.log"), "w");
    Finding late = FK.at(new Location("db/b.xml", 30, "b::me", null), "late");
    Finding early = FK.at(new Location("db/b.xml", 4, "a::me", null), "early");
    Finding otherFile = FK.at(new Location("db/a.xml", 99, "c::me", null), "other file");
    CheckResult result =
        new CheckResult(List.of(FK, PK), List.of(clusterWarning, late, early, otherFile));
    assertEquals(List.of(otherFile, early, late, clusterWarning), result.findings());
  }

  @Test
  void twoResultsTogetherNameEachRuleOnce() {
    Finding fk = FK.at(Location.ofObject("app.orders"), "fk");
    Finding pk = PK.at(Location.ofObject("public.log"), "pk");
    CheckResult changeLog = new CheckResult(List.of(FK, PK), List.of(pk));
    CheckResult cluster = new CheckResult(List.of(PK, FK), List.of(fk));
    CheckResult both = changeLog.and(cluster);
    assertEquals(List.of(FK, PK), both.rules());
    assertEquals(List.of(fk, pk), both.findings());
    assertEquals("2 rules, 1 error, 1 warning, 0 infos", both.summary());
  }

  @Test
  void aSingleRuleIsStillCountedInThePlural() {
    CheckResult r =
        new CheckResult(
            List.of(PK),
            List.of(
                PK.at(Location.ofObject("a"), "a").withSeverity(Severity.INFO),
                PK.at(Location.ofObject("b"), "b").withSeverity(Severity.INFO)));
    assertEquals("1 rules, 0 errors, 0 warnings, 2 infos", r.summary());
    assertEquals(2, r.count(Severity.INFO));
    assertFalse(r.fails(Severity.WARNING));
  }
}
