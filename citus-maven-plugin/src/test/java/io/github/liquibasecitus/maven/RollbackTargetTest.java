package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.text.SimpleDateFormat;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class RollbackTargetTest {

  @Test
  void countTagAndDatePickTheirCommands() throws Exception {
    assertEquals(
        new RollbackTarget("rollbackCount", "count", 2), RollbackTarget.of(2, null, null, false));
    assertEquals(
        new RollbackTarget("rollbackSql", "tag", "v1"), RollbackTarget.of(null, "v1", null, true));
    RollbackTarget date = RollbackTarget.of(null, null, "2026-11-23T14:30:00", false);
    assertEquals("rollbackToDate", date.command());
    assertEquals(
        new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss").parse("2026-11-23T14:30:00"), date.value());
    assertEquals("rollbackToDateSql", RollbackTarget.of(null, null, "2026-11-23", true).command());
    assertEquals(
        new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").parse("2026-11-23 00:00:00"),
        RollbackTarget.of(null, null, "2026-11-23", true).value());
    assertEquals(date.value(), RollbackTarget.of(null, null, "2026-11-23 14:30:00", false).value());
  }

  @Test
  void exactlyOneTargetIsRequired() {
    MojoFailureException none =
        assertThrows(MojoFailureException.class, () -> RollbackTarget.of(null, null, null, false));
    assertEquals(
        "Say what to roll back with exactly one of -Dcitus.rollbackCount=N, -Dcitus.rollbackTag=TAG or"
            + " -Dcitus.rollbackDate=yyyy-MM-dd['T'HH:mm:ss]",
        none.getMessage());
    assertThrows(MojoFailureException.class, () -> RollbackTarget.of(1, "v1", null, false));
  }

  @Test
  void badValuesAreNamed() {
    assertEquals(
        "citus.rollbackCount must be at least 1, not 0",
        assertThrows(MojoFailureException.class, () -> RollbackTarget.of(0, null, null, false))
            .getMessage());
    assertEquals(
        "citus.rollbackDate '23/11/2026' is not a date like 2026-11-23 or 2026-11-23T14:30:00",
        assertThrows(
                MojoFailureException.class,
                () -> RollbackTarget.of(null, null, "23/11/2026", false))
            .getMessage());
    // Not lenient: there is no 31st of November.
    assertThrows(
        MojoFailureException.class, () -> RollbackTarget.of(null, null, "2026-11-31", false));
  }
}
