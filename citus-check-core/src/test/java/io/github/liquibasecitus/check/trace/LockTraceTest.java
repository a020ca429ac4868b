package io.github.liquibasecitus.check.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.Location;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockTraceTest {
  /** A coordinator (node 1) with orders.items (shards 102 and 103) and two workers. */
  private static LockTrace.Sample sample(long coordinatorFile, long shardFile, String locks) {
    String coordinator =
        "{\"coordinator\": true, \"tables\": [[500, "
            + coordinatorFile
            + ", \"orders\", \"items\"], [501, 501, \"orders\", \"notes\"]],"
            + " \"locks\": "
            + locks
            + ", \"nodes\": [[1, \"/tmp/s\", 5432], [2, \"w1\", 5433], [3, \"w2\", 5434]],"
            + " \"shards\": [[102, 500], [103, 500], [104, 501]]}";
    String worker1 =
        "{\"coordinator\": false, \"tables\": [[900, 900, \"orders\", \"items\"],"
            + " [901, "
            + shardFile
            + ", \"orders\", \"items_102\"], [902, 902, \"orders\", \"notes_104\"]],"
            + " \"locks\": [[900, \"ShareLock\"], [901, \"ShareLock\"], [901, \"AccessShareLock\"]],"
            + " \"nodes\": null, \"shards\": null}";
    String worker2 =
        "{\"coordinator\": false, \"tables\": [[700, 700, \"orders\", \"items_103\"]],"
            + " \"locks\": [[700, \"ShareLock\"], [12345, \"AccessExclusiveLock\"]],"
            + " \"nodes\": null, \"shards\": null}";
    return LockTrace.Sample.parse(
        List.of(
            new String[] {"1", coordinator},
            new String[] {"2", worker1},
            new String[] {"3", worker2}));
  }

  @Test
  void locksAreGroupedByTableWithTheStrongestModeAndWhereTheyWereHeld() {
    LockTrace.Sample s = sample(500, 901, "[[500, \"ShareLock\"], [501, \"RowExclusiveLock\"]]");
    assertEquals(
        Map.of(
            "orders.items",
            new LockTrace.Held("ShareLock", "the coordinator and 2 shards on 2 workers")),
        LockTrace.locks(s),
        "the shell table on worker 1 counts with the table; weak locks, and relations the probe"
            + " cannot see (created by the step), are left out");
  }

  @Test
  void aChangedFileIsARewriteOfTheTableItBelongsTo() {
    LockTrace.Sample before = sample(500, 901, "null");
    LockTrace.Sample after = sample(600, 950, "null");
    assertEquals(
        Map.of(
            "orders.items",
            new LockTrace.Held("AccessExclusiveLock", "the coordinator and 1 shard on 1 worker")),
        LockTrace.rewrites(before, after));
    assertEquals(Map.of(), LockTrace.rewrites(before, before));
  }

  @Test
  void findingsSayTheLockWhatWaitsAndHowLong() {
    LockTrace.Step step =
        new LockTrace.Step(
            "db/changelog.xml::index::dev",
            85,
            Map.of(
                "orders.items",
                new LockTrace.Held(
                    "AccessExclusiveLock", "the coordinator and 2 shards on 2 workers")),
            List.of("not propagating CREATE ROLE/USER commands to other nodes"));
    List<Finding> found =
        LockTrace.findings(
            List.of(step),
            name -> new Location("db/changelog.xml", 7, name, null),
            "a throwaway cluster of its own");
    assertEquals(2, found.size());
    assertEquals("CITUS206", found.get(0).rule().id());
    assertEquals(
        "on a throwaway cluster of its own, held from its first statement until commit (its"
            + " statements took 85 ms there): AccessExclusiveLock on orders.items (the coordinator and 2 shards on 2 workers): reads and writes of"
            + " orders.items wait",
        found.get(0).message());
    assertEquals("CITUS208", found.get(1).rule().id());
    assertEquals(
        "while it ran: not propagating CREATE ROLE/USER commands to other nodes",
        found.get(1).message());
  }

  @Test
  void theProbeNamesOnlyCatalogObjectsAndTakesTheTracedProcessAsANumber() {
    String command = String.format(java.util.Locale.ROOT, LockTrace.NODE_COMMAND, 10000012345L);
    assertTrue(command.contains("t.global_pid OPERATOR(pg_catalog.=) 10000012345 "), command);
    // Every function, table and operator is pg_catalog's.
    String unqualified =
        command
            .replaceAll("pg_catalog\\.[a-z_\"=!~]+", "")
            .replaceAll("'[^']*'", "")
            .replaceAll(
                "\\b(SELECT|FROM|JOIN|ON|WHERE|AND|NOT|ANY|CASE|WHEN|THEN|END|OPERATOR)\\b", "")
            .replaceAll("\\b[a-z]\\.[a-z_]+\\b", "")
            .replaceAll("[^a-zA-Z_]+", " ")
            .trim();
    assertEquals("c n l t d s", unqualified.replaceAll("\\s+", " "));
    assertEquals(
        "SELECT r.nodeid, r.success, r.result FROM pg_catalog.run_command_on_all_nodes(?) r",
        LockTrace.PROBE);
  }
}
