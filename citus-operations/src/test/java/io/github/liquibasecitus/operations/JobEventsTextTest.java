package io.github.liquibasecitus.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** More of what an operator reads while a job runs (see JobEventsTest): edges of each line. */
class JobEventsTextTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final String MOVE =
      "SELECT pg_catalog.citus_move_shard_placement(102008,2,3,'auto')";
  private static final JobEvents.TaskNames NAMES = t -> "tenant t" + t.id();

  private static JobSnapshot job(String state, JobSnapshot.Task... tasks) {
    return new JobSnapshot(7, state, T0, null, T0, List.of(tasks));
  }

  private static JobSnapshot.Task move(long id, String status) {
    return new JobSnapshot.Task(id, status, 0, "", MOVE, null);
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of(Duration.ofSeconds(-5), "0 s"),
        Arguments.of(Duration.ZERO, "0 s"),
        Arguments.of(Duration.ofMillis(59_999), "59 s"),
        Arguments.of(Duration.ofSeconds(60), "1m00s"),
        Arguments.of(Duration.ofSeconds(3599), "59m59s"),
        Arguments.of(Duration.ofSeconds(3600), "1h00m"),
        Arguments.of(Duration.ofSeconds(3600 + 59), "1h00m"),
        Arguments.of(Duration.ofHours(25).plusMinutes(1), "25h01m"));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("durations")
  void durations(Duration d, String text) {
    assertEquals(text, JobEvents.format(d));
  }

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of("no ERROR prefix", "connection refused", "connection refused"),
        Arguments.of(
            "ERROR prefix with a tab, DETAIL kept on one line",
            "ERROR:\tdeadlock detected\nDETAIL:  Process 1 waits",
            "deadlock detected DETAIL:  Process 1 waits"),
        Arguments.of(
            "CONTEXT dropped, surrounding blanks stripped",
            "  ERROR:  out of memory  \nCONTEXT:  while copying",
            "out of memory"),
        Arguments.of("lines joined by one space", "one\n   two  \n\nthree", "one two three"),
        Arguments.of("lower-case error: kept", "error: lower case", "error: lower case"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void aTasksMessageIsOneLine(String description, String message, String line) {
    assertEquals(line, JobEvents.oneLine(message));
  }

  @Test
  void noMessageIsSaid() {
    assertEquals("(no message)", JobEvents.oneLine(null));
  }

  @Test
  void aJobThatEndsLogsNoNewStateLine() {
    JobSnapshot before = job("running", move(1, "running"));
    JobSnapshot now = job("finished", move(1, "done"));
    assertEquals(List.of(), JobEvents.between(before, now, NAMES));
  }

  @Test
  void aRetryWithoutAScheduledTimeSaysNoWhen() {
    JobSnapshot before = job("running", move(1, "running"));
    JobSnapshot now =
        job("running", new JobSnapshot.Task(1, "runnable", 1, "ERROR:  boom", MOVE, null));
    assertEquals(
        List.of(
            new JobEvents.Line(
                true, "move 1 of 1: tenant t1 failed (attempt 1); Citus retries it: boom")),
        JobEvents.between(before, now, NAMES));
  }

  @Test
  void aFailureWithoutAMessageSaysSo() {
    JobSnapshot now = job("failed", new JobSnapshot.Task(1, "error", 3, null, MOVE, null));
    assertEquals(
        List.of(
            new JobEvents.Line(
                true, "move 1 of 1: tenant t1 failed for good after 3 attempt(s): (no message)")),
        JobEvents.between(null, now, NAMES));
  }

  @Test
  void progressOfAMoveWithoutItsDetailsAndThePaceSoFar() {
    JobSnapshot now = job("running", move(1, "done"), move(2, "running"));
    assertEquals(
        "job 7: 1 of 2 done; move 2 of 2 tenant t2; 10 s elapsed, about 10 s left",
        JobEvents.progress(now, List.of(), Duration.ofSeconds(10), 0, NAMES));
  }

  @Test
  void progressOfAMoveCatchingUpShowsItsLagOnly() {
    JobSnapshot now = job("running", move(1, "running"));
    assertEquals(
        "job 7: 0 of 1 done; move 1 of 1 tenant t1, Catching Up, lag 20 kB; 2m05s elapsed",
        JobEvents.progress(
            now,
            List.of(new JobEvents.Running(1, "Catching Up", null, 8192L, 20L * 1024)),
            Duration.ofSeconds(125),
            0,
            NAMES));
  }

  @Test
  void progressWhenAllIsDoneSaysNothingIsLeft() {
    JobSnapshot now = job("running", move(1, "done"), move(2, "done"));
    assertEquals(
        "job 7: 2 of 2 done; 1h01m elapsed",
        JobEvents.progress(now, List.of(), Duration.ofMinutes(61), 0, NAMES));
  }
}
