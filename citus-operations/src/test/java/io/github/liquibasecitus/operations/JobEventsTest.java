package io.github.liquibasecitus.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator reads while a job runs: exact lines from snapshots, no cluster needed. */
class JobEventsTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final String MOVE_A =
      "SELECT pg_catalog.citus_move_shard_placement(102008,2,3,'auto')";
  private static final String MOVE_B =
      "SELECT pg_catalog.citus_move_shard_placement(102010,2,3,'auto')";
  private static final JobEvents.TaskNames NAMES =
      t -> t.id() == 1 ? "schema billing (a:1 to b:2)" : "tenant acme (a:1 to b:2)";

  private static JobSnapshot job(String state, Instant at, JobSnapshot.Task... tasks) {
    return new JobSnapshot(7, state, T0, null, at, List.of(tasks));
  }

  private static JobSnapshot.Task task(
      long id, String status, int retries, String message, Instant notBefore) {
    return new JobSnapshot.Task(id, status, retries, message, id == 1 ? MOVE_A : MOVE_B, notBefore);
  }

  @Test
  void aMoveStartingAndTheJobRunningAreOneLineEach() {
    JobSnapshot before =
        job("scheduled", T0, task(1, "runnable", 0, "", null), task(2, "blocked", 0, "", null));
    JobSnapshot now =
        job("running", T0, task(1, "running", 0, "", null), task(2, "blocked", 0, "", null));
    assertEquals(
        List.of(
            new JobEvents.Line(false, "job 7 is running"),
            new JobEvents.Line(false, "move 1 of 2: schema billing (a:1 to b:2)")),
        JobEvents.between(before, now, NAMES));
    assertEquals(List.of(), JobEvents.between(now, now, NAMES), "no change, no line");
  }

  @Test
  void aMoveThatStartedAndFinishedBetweenTwoReadingsIsNamedToo() {
    JobSnapshot before =
        job("running", T0, task(1, "running", 0, "", null), task(2, "blocked", 0, "", null));
    JobSnapshot now =
        job("running", T0, task(1, "done", 0, "", null), task(2, "done", 0, "", null));
    assertEquals(
        List.of(new JobEvents.Line(false, "move 2 of 2: tenant acme (a:1 to b:2) (done)")),
        JobEvents.between(before, now, NAMES));
  }

  @Test
  void aFailureCitusRetriesIsAWarningWithItsMessageAndWhen() {
    JobSnapshot before =
        job("running", T0, task(1, "running", 0, "", null), task(2, "blocked", 0, "", null));
    JobSnapshot now =
        job(
            "running",
            T0.plusSeconds(1),
            task(
                1,
                "runnable",
                1,
                "ERROR:  connection to the remote node localhost:9702 failed\nCONTEXT:  Citus Background Task Queue Executor: citus/postgres for (7/1)",
                T0.plusSeconds(6)),
            task(2, "blocked", 0, "", null));
    assertEquals(
        List.of(
            new JobEvents.Line(
                true,
                "move 1 of 2: schema billing (a:1 to b:2) failed (attempt 1); Citus retries it,"
                    + " again in 5 s: connection to the remote node localhost:9702 failed")),
        JobEvents.between(before, now, NAMES));
    JobSnapshot retrying =
        job(
            "running",
            T0.plusSeconds(7),
            task(1, "running", 1, "", null),
            task(2, "blocked", 0, "", null));
    assertEquals(
        List.of(new JobEvents.Line(false, "move 1 of 2: schema billing (a:1 to b:2) (attempt 2)")),
        JobEvents.between(now, retrying, NAMES));
  }

  @Test
  void aFailureForGoodSaysSo() {
    JobSnapshot before = job("running", T0, task(1, "running", 32, "", null));
    JobSnapshot now = job("failing", T0, task(1, "error", 33, "ERROR:  division by zero", null));
    assertEquals(
        List.of(
            new JobEvents.Line(false, "job 7 is failing"),
            new JobEvents.Line(
                true,
                "move 1 of 1: schema billing (a:1 to b:2) failed for good after 33 attempt(s):"
                    + " division by zero")),
        JobEvents.between(before, now, NAMES));
  }

  @Test
  void attachingShowsRetriesAlreadyUnderWay() {
    JobSnapshot now = job("running", T0, task(1, "runnable", 2, "boom", T0.plusSeconds(59)));
    assertEquals(
        List.of(
            new JobEvents.Line(
                true,
                "move 1 of 1: schema billing (a:1 to b:2) failed (attempt 2); Citus retries it,"
                    + " again in 59 s: boom")),
        JobEvents.between(null, now, NAMES));
  }

  @Test
  void progressSaysDoneOfAllTheMoveInFlightAndWhatIsLeft() {
    JobSnapshot now =
        job(
            "running",
            T0,
            task(1, "done", 0, "", null),
            task(2, "running", 0, "", null),
            new JobSnapshot.Task(3, "blocked", 0, "", MOVE_B, null),
            new JobSnapshot.Task(4, "blocked", 0, "", MOVE_B, null));
    String line =
        JobEvents.progress(
            now,
            List.of(
                new JobEvents.Running(2, "Copying Data", 12L * 1024 * 1024, 40L * 1024 * 1024, 0L)),
            Duration.ofSeconds(70),
            0,
            NAMES);
    assertEquals(
        "job 7: 1 of 4 done; move 2 of 4 tenant acme (a:1 to b:2), Copying Data 12 MB of 40 MB,"
            + " lag 0 bytes; 1m10s elapsed, about 3m30s left",
        line);
  }

  @Test
  void movesDoneBeforeWatchingDoNotSetThePace() {
    JobSnapshot now =
        job("running", T0, task(1, "done", 0, "", null), task(2, "runnable", 0, "", null));
    assertEquals(
        "job 7: 1 of 2 done; 5 s elapsed",
        JobEvents.progress(now, List.of(), Duration.ofSeconds(5), 1, NAMES));
  }

  @Test
  void stepsThatAreNotMovesAreSteps() {
    JobSnapshot.Task copy =
        new JobSnapshot.Task(
            9, "running", 0, "", "SELECT pg_catalog.replicate_reference_tables('auto')", null);
    assertEquals("step 1 of 3", JobEvents.step(copy, 1, 3));
    assertEquals(
        new long[] {102008, 2, 3}.length, task(1, "done", 0, "", null).move().orElseThrow().length);
    assertEquals(102008, task(1, "done", 0, "", null).move().orElseThrow()[0]);
  }

  @Test
  void durationsReadAsPeopleSayThem() {
    assertEquals("42 s", JobEvents.format(Duration.ofSeconds(42)));
    assertEquals("3m05s", JobEvents.format(Duration.ofSeconds(185)));
    assertEquals("1h02m", JobEvents.format(Duration.ofMinutes(62)));
  }
}
