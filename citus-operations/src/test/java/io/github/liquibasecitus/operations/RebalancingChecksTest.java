package io.github.liquibasecitus.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions of the rebalancing API that need no cluster: versions, nodes, workers, layout. */
class RebalancingChecksTest {

  @Test
  void nodesAreHostColonPort() {
    assertEquals(new NodeAddress("10.0.0.5", 5432), NodeAddress.parse("10.0.0.5:5432"));
    assertEquals(new NodeAddress("::1", 9700), NodeAddress.parse("::1:9700"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeAddress.parse("worker-1"));
    assertEquals(
        "node 'worker-1' is not host:port, e.g. 10.0.0.12:5432 (as in pg_dist_node)",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NodeAddress.parse("worker-1:x"));
  }

  @Test
  void aCoordinatorWithoutFreeBackgroundWorkersIsWarnedAbout() {
    assertNull(Preflight.backgroundWorkerWarning(32, 3, 1));
    assertEquals(
        "The coordinator runs 7 background workers of max_worker_processes = 8; a rebalance job"
            + " needs 2 more (Citus' task queue monitor and a task executor) and would wait until"
            + " they are free. Raise max_worker_processes (needs a restart), or drop Citus"
            + " databases nobody uses (each runs a maintenance daemon).",
        Preflight.backgroundWorkerWarning(8, 7, 4));
    assertTrue(
        Preflight.backgroundWorkerWarning(32, 3, 0)
            .startsWith("citus.max_background_task_executors is 0"));
  }

  @Test
  void watchSettingsAreChecked() {
    assertThrows(
        IllegalArgumentException.class, () -> new Watch(Duration.ZERO, Duration.ZERO, null, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Watch(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(-1), false));
  }

  @Test
  void theLayoutShowsEachNodeBeforeAndAfter() {
    ClusterStatus before =
        new ClusterStatus(
            List.of(
                new ClusterStatus.Node("/tmp/sock", 5432, 0, true, true, false, 0, 0L),
                new ClusterStatus.Node("w1", 5432, 1, false, true, true, 4, 4096L * 1024),
                new ClusterStatus.Node("w2", 5432, 2, false, true, true, 0, 0L)),
            List.of(
                new ClusterStatus.Group("billing", "w1:5432", 2, 1024L, "billing", 1),
                new ClusterStatus.Group("users", "w1:5432", 1, 1024L, "users", 2)),
            List.of(new ClusterStatus.Group("acme", "w1:5432", 3, 2048L, "app", 3)),
            true,
            null,
            List.of(),
            true);
    ClusterStatus after =
        new ClusterStatus(
            List.of(
                new ClusterStatus.Node("/tmp/sock", 5432, 0, true, true, false, 0, 0L),
                new ClusterStatus.Node("w1", 5432, 1, false, true, true, 2, 2048L * 1024),
                new ClusterStatus.Node("w2", 5432, 2, false, true, true, 2, 2048L * 1024)),
            List.of(
                new ClusterStatus.Group("billing", "w2:5432", 2, 1024L, "billing", 4),
                new ClusterStatus.Group("users", "w1:5432", 1, 1024L, "users", 5)),
            List.of(new ClusterStatus.Group("acme", "w2:5432", 3, 2048L, "app", 6)),
            true,
            null,
            List.of(),
            true);
    assertEquals(
        List.of(
            "  NODE     SHARD GROUPS  SCHEMAS  TENANTS  SIZE",
            "  w1:5432  4 -> 2        2 -> 1   1 -> 0   4096 kB -> 2048 kB",
            "  w2:5432  0 -> 2        0 -> 1   0 -> 1   0 bytes -> 2048 kB"),
        LayoutReport.lines(before, after));
  }
}
