package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No password reaches Maven's log, at any level, in a message or a stack trace. */
class RedactingLogTest {

  @Test
  void aKnownSecretIsTakenOutAtEveryLevel() {
    RecordingLog maven = new RecordingLog(true, true);
    RedactingLog log = new RedactingLog(maven);
    log.secret("hunter2");
    log.debug("password hunter2");
    log.info("password hunter2");
    log.warn("password hunter2 (hunter2)");
    log.error("password hunter2");
    assertEquals(
        List.of(
            "debug: password ***",
            "info: password ***",
            "warn: password *** (***)",
            "error: password ***"),
        maven.lines);
  }

  @Test
  void aUrlsPasswordIsTakenOutEvenIfNotKnown() {
    RedactingLog log = new RedactingLog(new RecordingLog(true, true));
    assertEquals(
        "jdbc:postgresql://db:5432/citus?user=app&password=***&ssl=true",
        log.redact("jdbc:postgresql://db:5432/citus?user=app&password=s3cret&ssl=true"));
    assertEquals(
        "jdbc:postgresql://db/citus?PASSWORD=***;x=1",
        log.redact("jdbc:postgresql://db/citus?PASSWORD=s3cret;x=1"));
    assertEquals(
        "postgresql://app:***@db:5432/citus", log.redact("postgresql://app:s3cret@db:5432/citus"));
    assertEquals("jdbc:postgresql://db:5432/citus", log.redact("jdbc:postgresql://db:5432/citus"));
  }

  @Test
  void anEmptyOrNullSecretIsNoSecret() {
    RedactingLog log = new RedactingLog(new RecordingLog(true, true));
    log.secret("");
    log.secret(null);
    assertEquals("a b", log.redact("a b"));
    assertNull(log.redact(null));
  }

  @Test
  void debugAndInfoAreNotWrittenWhenSwitchedOff() {
    RecordingLog maven = new RecordingLog(false, false);
    RedactingLog log = new RedactingLog(maven);
    log.debug("a");
    log.debug("b", new IllegalStateException("c"));
    log.debug(new IllegalStateException("d"));
    log.info("e");
    assertEquals(List.of(), maven.lines);
    assertFalse(log.isDebugEnabled());
    assertFalse(log.isInfoEnabled());
    assertTrue(log.isWarnEnabled());
    assertTrue(log.isErrorEnabled());
  }

  @Test
  void aStackTraceIsRedactedAndFollowsTheMessage() {
    RecordingLog maven = new RecordingLog(true, true);
    RedactingLog log = new RedactingLog(maven);
    log.secret("hunter2");
    log.warn("could not connect", new SQLException("password hunter2 was refused"));
    assertEquals(1, maven.lines.size());
    String line = maven.lines.get(0);
    assertTrue(
        line.startsWith("warn: could not connect\njava.sql.SQLException: password *** was refused"),
        line);
    assertTrue(line.contains("\tat io.github.liquibasecitus.maven.RedactingLogTest."), line);
    assertFalse(line.contains("hunter2"), line);
  }

  @Test
  void aThrowableAloneIsItsRedactedTrace() {
    RecordingLog maven = new RecordingLog(true, true);
    RedactingLog log = new RedactingLog(maven);
    log.error(new IllegalStateException("cannot open postgresql://app:s3cret@db/citus"));
    log.debug(new IllegalStateException("at password=s3cret"));
    assertEquals(2, maven.lines.size());
    assertTrue(
        maven
            .lines
            .get(0)
            .startsWith(
                "error: java.lang.IllegalStateException: cannot open postgresql://app:***@db/citus"),
        maven.lines.get(0));
    assertTrue(
        maven.lines.get(1).startsWith("debug: java.lang.IllegalStateException: at password=***"),
        maven.lines.get(1));
  }

  @Test
  void noThrowableIsTheMessageAlone() {
    RecordingLog maven = new RecordingLog(true, true);
    RedactingLog log = new RedactingLog(maven);
    log.debug("d", null);
    log.info("i", null);
    log.warn("w", null);
    log.error("e", null);
    assertEquals(List.of("debug: d", "info: i", "warn: w", "error: e"), maven.lines);
  }
}
