package io.github.liquibasecitus.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status as people read it: aligned columns, host:port, long lists summarised per node. */
class StatusReportTest {
  private static final List<ClusterStatus.Node> NODES =
      List.of(
          new ClusterStatus.Node("127.0.0.1", 9700, 0, true, true, false, 0, 0L),
          new ClusterStatus.Node("127.0.0.1", 9701, 1, false, true, true, 2, 49152L),
          new ClusterStatus.Node("127.0.0.1", 9702, 2, false, false, true, 1, 16384L));

  @Test
  void sectionsWithAlignedColumns() {
    ClusterStatus status =
        new ClusterStatus(
            NODES,
            List.of(
                new ClusterStatus.Group(
                    "user_service", "127.0.0.1:9701", 3, 49152L, "user_service", 1),
                new ClusterStatus.Group("ping", null, 0, null, "postgres", 2)),
            List.of(new ClusterStatus.Group("acme", "127.0.0.1:9702", 2, 16384L, "app", 3)),
            true,
            null,
            List.of("public.audit"),
            true);
    assertEquals(
        List.of(
            "Nodes: 3",
            "  NODE            ROLE         STATE     SHARDS        SHARD GROUPS  SIZE",
            "  127.0.0.1:9700  coordinator  active    no shards     0             0 bytes",
            "  127.0.0.1:9701  worker       active    holds shards  2             48 kB",
            "  127.0.0.1:9702  worker       inactive  holds shards  1             16 kB",
            "Distributed schemas: 2",
            "  SCHEMA        NODE            TABLES  SIZE   OWNER",
            "  user_service  127.0.0.1:9701  3       48 kB  user_service",
            "  ping          -               0       -      postgres",
            "Tenants: 1",
            "  TENANT  NODE            TABLES  SIZE   OWNER",
            "  acme    127.0.0.1:9702  2       16 kB  app",
            "Tables not distributed: 1",
            "  TABLE",
            "  public.audit"),
        new StatusReport(false, "-Dall").lines(status));
  }

  @Test
  void moreThanFiftyAreSummarisedPerNodeUnlessAllAreAskedFor() {
    List<ClusterStatus.Group> tenants = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      tenants.add(
          new ClusterStatus.Group(
              "t" + i, "127.0.0.1:" + (i % 2 == 0 ? 9701 : 9702), 2, 8192L, "app", 4));
    }
    ClusterStatus status =
        new ClusterStatus(NODES, List.of(), tenants, true, null, List.of(), true);
    List<String> lines = new StatusReport(false, "-Dcitus.status.all=true").lines(status);
    assertEquals(
        List.of(
            "Distributed schemas: none",
            "Tenants: 51",
            "  NODE            TENANTS  TABLES  SIZE",
            "  127.0.0.1:9701  26       52      208 kB",
            "  127.0.0.1:9702  25       50      200 kB",
            "  (51 in all, per node; -Dcitus.status.all=true lists each)",
            "Tables not distributed: none"),
        lines.subList(5, lines.size()));
    assertEquals(5 + 1 + 2 + 51 + 1, new StatusReport(true, "").lines(status).size());
  }

  @Test
  void noTenantsSectionWithoutTheLibrary() {
    ClusterStatus status =
        new ClusterStatus(NODES, List.of(), List.of(), false, null, List.of(), false);
    assertEquals(
        List.of("Distributed schemas: none", "Tables not distributed: none"),
        new StatusReport(false, "").lines(status).subList(5, 7));
  }

  @Test
  void sizesAsPostgresPrintsThem() {
    assertEquals("8192 bytes", TextTable.size(8192L));
    assertEquals("10 kB", TextTable.size(10240L));
    assertEquals("12 MB", TextTable.size(12L * 1024 * 1024));
    assertEquals(null, TextTable.size(null));
  }
}
