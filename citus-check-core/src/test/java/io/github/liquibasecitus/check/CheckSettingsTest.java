package io.github.liquibasecitus.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which rules run, how grave their findings are, and from which severity the check fails. */
class CheckSettingsTest {
  private static final Rule FK =
      new Rule("CITUS001", Severity.ERROR, "Foreign key leaves its schema", "d", "Keep keys in.");
  private static final Rule PUBLIC =
      new Rule("CITUS006", Severity.ERROR, "Public distributed", "d", "Use your own schema.");
  private static final Rule PK =
      new Rule("CITUS010", Severity.WARNING, "No primary key", "d", "Add one.");
  private static final List<Rule> KNOWN = List.of(PK, FK, PUBLIC);

  private static final Finding FK_FOUND = FK.at(Location.ofObject("app.orders"), "fk");
  private static final Finding PK_FOUND = PK.at(Location.ofObject("public.log"), "no pk");

  @Test
  void defaultsRunEveryRuleAsItIsAndFailOnErrors() {
    CheckSettings defaults = CheckSettings.defaults();
    assertEquals(KNOWN, defaults.enabled(KNOWN));
    List<Finding> kept = defaults.apply(List.of(FK_FOUND, PK_FOUND));
    assertSame(FK_FOUND, kept.get(0));
    assertSame(PK_FOUND, kept.get(1));
    assertEquals(Severity.ERROR, defaults.failOn());
  }

  @Test
  void disabledRulesAreMatchedTrimmedInAnyCaseAndTheirFindingsDropped() {
    CheckSettings settings = CheckSettings.of(List.of(" citus010 "), Map.of(), "error", KNOWN);
    assertFalse(settings.enabled(PK));
    assertTrue(settings.enabled(FK));
    assertEquals(List.of(FK, PUBLIC), settings.enabled(KNOWN));
    assertEquals(List.of(FK_FOUND), settings.apply(List.of(PK_FOUND, FK_FOUND)));
  }

  @Test
  void reGradedRulesChangeOnlyTheirFindingsSeverity() {
    CheckSettings settings =
        CheckSettings.of(List.of(), Map.of("citus010", " Error "), "error", KNOWN);
    List<Finding> kept = settings.apply(List.of(PK_FOUND, FK_FOUND));
    assertEquals(PK_FOUND.withSeverity(Severity.ERROR), kept.get(0));
    assertEquals(Severity.ERROR, kept.get(0).severity());
    assertEquals("no pk", kept.get(0).message());
    assertSame(FK_FOUND, kept.get(1));
  }

  @Test
  void anUnknownDisabledRuleIsAnErrorListingTheRules() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckSettings.of(List.of("CITUS01"), Map.of(), "error", KNOWN));
    assertEquals(
        "disabled rule 'CITUS01' is not a rule of citus:check; the rules are"
            + " [CITUS001, CITUS006, CITUS010]",
        e.getMessage());
  }

  @Test
  void aNullDisabledRuleIsAnErrorToo() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckSettings.of(Arrays.asList((String) null), Map.of(), "error", KNOWN));
    assertEquals(
        "disabled rule 'null' is not a rule of citus:check; the rules are"
            + " [CITUS001, CITUS006, CITUS010]",
        e.getMessage());
  }

  @Test
  void anUnknownReGradedRuleIsNamedAsGiven() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckSettings.of(List.of(), Map.of("citus42", "info"), "error", KNOWN));
    assertEquals(
        "re-graded rule 'citus42' is not a rule of citus:check; the rules are"
            + " [CITUS001, CITUS006, CITUS010]",
        e.getMessage());
  }

  @Test
  void anUnknownSeverityNamesTheRule() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckSettings.of(List.of(), Map.of(" citus010 ", "fatal"), "error", KNOWN));
    assertEquals(
        "severity of citus010 'fatal' is not a severity: use error, warning or info",
        e.getMessage());
  }

  @ParameterizedTest(name = "failOn ''{0}''")
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "error", "ERROR", " Error "})
  void failOnErrorIsTheDefault(String failOn) {
    assertEquals(Severity.ERROR, CheckSettings.of(List.of(), Map.of(), failOn, KNOWN).failOn());
  }

  @Test
  void failOnWarningOrNever() {
    assertEquals(
        Severity.WARNING, CheckSettings.of(List.of(), Map.of(), " Warning", KNOWN).failOn());
    assertNull(CheckSettings.of(List.of(), Map.of(), "NEVER", KNOWN).failOn());
  }

  @ParameterizedTest(name = "failOn ''{0}''")
  @ValueSource(strings = {"info", "errors", "always", "none"})
  void anyOtherFailOnIsAnError(String failOn) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckSettings.of(List.of(), Map.of(), failOn, KNOWN));
    assertEquals(
        "failOn '" + failOn + "' is not known: use error (the default), warning or never",
        e.getMessage());
  }
}
