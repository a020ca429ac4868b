package io.github.liquibasecitus.operations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A job as read from the coordinator's catalogs: its state, its tasks and the moves they are. */
class JobSnapshotTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static JobSnapshot job(String state, JobSnapshot.Task... tasks) {
    return new JobSnapshot(7, state, T0, null, T0, List.of(tasks));
  }

  private static JobSnapshot.Task task(long id, String status, String command) {
    return new JobSnapshot.Task(id, status, 0, null, command, null);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"finished", "cancelled", "failed"})
  void theseStatesEndAJob(String state) {
    assertTrue(job(state).ended());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"scheduled", "running", "cancelling", "failing", "FINISHED"})
  void theseDoNot(String state) {
    assertFalse(job(state).ended());
  }

  @Test
  void tasksAreCountedByStatusAndNumberedFromOne() {
    JobSnapshot.Task a = task(11, "done", "x");
    JobSnapshot.Task b = task(12, "running", "y");
    JobSnapshot.Task c = task(13, "done", "z");
    JobSnapshot job = job("running", a, b, c);
    assertEquals(2, job.count("done"));
    assertEquals(1, job.count("running"));
    assertEquals(0, job.count("error"));
    assertEquals(1, job.position(a));
    assertEquals(3, job.position(c));
    assertEquals(0, job.position(task(99, "done", "x")), "not a task of this job");
  }

  @Test
  void aMoveOrCopyNamesShardSourceAndTarget() {
    assertArrayEquals(
        new long[] {102008, 2, 3},
        task(1, "done", "SELECT pg_catalog.citus_move_shard_placement(102008,2,3,'auto')")
            .move()
            .orElseThrow());
    assertArrayEquals(
        new long[] {102010, 14, 15},
        task(
                2,
                "done",
                "SELECT pg_catalog.citus_copy_shard_placement(102010, 14,  15, transfer_mode"
                    + " := 'block_writes')")
            .move()
            .orElseThrow());
  }

  @Test
  void otherTasksAreNoMove() {
    assertEquals(
        Optional.empty(),
        task(3, "done", "SELECT pg_catalog.replicate_reference_tables('block_writes')").move());
    assertEquals(Optional.empty(), task(4, "done", null).move());
    assertEquals(
        Optional.empty(),
        task(5, "done", "SELECT pg_catalog.citus_move_shard_placement(shard_id => 1)").move());
  }
}
