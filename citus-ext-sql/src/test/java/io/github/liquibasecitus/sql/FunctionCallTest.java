package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FunctionCallTest {

  @Test
  void namedArgumentsLeaveOutThoseNotGiven() {
    assertEquals(
        "SELECT citus_ext.f(a => 'x', c => 3, d => true)",
        FunctionCall.of("citus_ext.f")
            .arg("a", SqlText.quoteLiteral("x"))
            .arg("b", (String) null)
            .arg("c", 3)
            .arg("d", true)
            .sql());
  }

  @Test
  void withoutArgumentsTheFunctionsDefaultsApply() {
    assertEquals("SELECT citus_ext.version()", FunctionCall.of("citus_ext.version").sql());
    assertEquals("citus_ext.version()", FunctionCall.of("citus_ext.version").expression());
  }

  @Test
  void nullNumbersAndBooleansAreLeftOutAndTheOrderIsTheCallers() {
    assertEquals(
        "f(b => false, a => -1)",
        FunctionCall.of("f")
            .arg("n", (Integer) null)
            .arg("b", false)
            .arg("c", (Boolean) null)
            .arg("a", -1)
            .expression());
  }
}
