package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CitusVersionTest {

  @Test
  void thePackagingSuffixDoesNotCount() {
    assertTrue(CitusVersion.parse("13.2-1").atLeast("13.2"));
    assertTrue(CitusVersion.parse("14.0-1").atLeast("13.2"));
    assertFalse(CitusVersion.parse("13.1-1").atLeast("13.2"));
    assertFalse(CitusVersion.parse("12.1-1").atLeast("13.2"));
    assertEquals("13.2", CitusVersion.parse("13.2-1").number());
    assertEquals("13.2-1", CitusVersion.parse("13.2-1").toString());
  }

  @Test
  void missingNumbersAreZero() {
    assertEquals(0, CitusVersion.parse("13").compareTo(CitusVersion.parse("13.0.0")));
    assertTrue(CitusVersion.parse("13.0.1").compareTo(CitusVersion.parse("13")) > 0);
    assertTrue(CitusVersion.parse("12.1").compareTo(CitusVersion.parse("12.10")) < 0);
  }

  @Test
  void theSupportedRangeIsTwelveOneToThirteen() {
    assertTrue(CitusVersion.parse("12.1-1").atLeast("12.1"));
    assertFalse(CitusVersion.parse("12.0-1").atLeast("12.1"));
    assertTrue(CitusVersion.parse("14.0").atLeast("14"));
  }

  @Test
  void textThatIsNoVersionIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CitusVersion.parse("thirteen"));
    assertEquals(
        "'thirteen' is not a Citus version (numbers and dots, e.g. 13.2 or 13.2-1)",
        e.getMessage());
  }
}
