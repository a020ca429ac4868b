package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FunctionCallTest {

  @Test
  void namedArgumentsLeaveOutThoseNotGiven() {
    assertEquals(
        "SELECT citus_ext.f(p_a => 'x', p_c => 3, p_d => true)",
        FunctionCall.of("citus_ext.f")
            .arg("p_a", SqlText.quoteLiteral("x"))
            .arg("p_b", (String) null)
            .arg("p_c", 3)
            .arg("p_d", true)
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
