package io.github.liquibasecitus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessesTest {

  @Test
  void returnsWhatTheCommandPrintedOnBothStreams() {
    assertEquals("out\nerr\n", Processes.output(List.of("sh", "-c", "echo out; echo err >&2")));
  }

  @Test
  void aFailedCommandNamesItsExitCodeAndOutput() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Processes.output(List.of("sh", "-c", "echo nope; exit 3")));
    assertTrue(
        e.getMessage().startsWith("Command failed with exit code 3: [sh, -c"), e.getMessage());
    assertTrue(e.getMessage().endsWith("\nnope\n"), e.getMessage());
  }

  @Test
  void theDeadlineHoldsWhenTheCommandKeepsItsOutputOpen() {
    // Reading to the end of the output first would wait for the command and then see it succeed.
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Processes.output(List.of("sh", "-c", "sleep 30"), Duration.ofMillis(300)));
    assertEquals("Timed out after PT0.3S: [sh, -c, sleep 30]", e.getMessage());
  }

  @Test
  void aCommandThatLeavesAChildHoldingItsOutputReturnsWhenItEnds() {
    // The child keeps the output open for a minute; the command itself is done at once.
    assertEquals(
        "started\n",
        Processes.output(List.of("sh", "-c", "sleep 60 & echo started"), Duration.ofSeconds(20)));
  }
}
