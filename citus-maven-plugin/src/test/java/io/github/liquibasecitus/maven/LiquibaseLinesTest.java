package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where Liquibase's log lines go in Maven's log. */
class LiquibaseLinesTest {

  private static List<String> forward(Level level, String message, Throwable e) {
    RecordingLog log = new RecordingLog(true, true);
    LiquibaseLines.forward(log, level, message, e);
    return log.lines;
  }

  @Test
  void warningsAreWarningsTheirThrowableAtDebugLevel() {
    assertEquals(
        List.of(
            "warn: Unknown parameter 'x'",
            "debug: null | java.lang.IllegalArgumentException: bad x"),
        forward(Level.WARNING, "Unknown parameter 'x'", new IllegalArgumentException("bad x")));
    assertEquals(List.of("warn: careful"), forward(Level.WARNING, "careful", null));
  }

  static Stream<Arguments> debugLevels() {
    return Stream.of(
        Arguments.of(Level.SEVERE),
        Arguments.of(Level.INFO),
        Arguments.of(Level.CONFIG),
        Arguments.of(Level.FINE),
        Arguments.of(Level.FINEST));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("debugLevels")
  void everythingElseIsDebugErrorsIncluded(Level level) {
    assertEquals(
        List.of("debug: Migration failed | java.lang.IllegalStateException: boom"),
        forward(level, "Migration failed", new IllegalStateException("boom")));
  }

  @Test
  void offIsNothing() {
    assertEquals(List.of(), forward(Level.OFF, "anything", new IllegalStateException("x")));
  }

  @Test
  void aWaitForTheLockIsInformationWithTheWayOut() {
    String wayOut =
        "info: Waiting for Liquibase's changelog lock, held by another update. If none runs (a"
            + " build was killed), mvn citus:releaseLocks frees it.";
    assertEquals(List.of(wayOut), forward(Level.INFO, "Waiting for changelog lock....", null));
    assertEquals(
        List.of(wayOut), forward(Level.FINE, "Waiting for changelog lock to be released", null));
  }
}
