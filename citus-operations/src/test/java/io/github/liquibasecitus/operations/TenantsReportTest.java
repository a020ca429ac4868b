package io.github.liquibasecitus.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantsReportTest {
  private static final String W1 = "127.0.0.1:9701";
  private static final String W2 = "127.0.0.1:9702";

  private static ClusterStatus cluster(
      List<ClusterStatus.Group> schemas, List<ClusterStatus.Group> tenants) {
    return new ClusterStatus(
        List.of(
            new ClusterStatus.Node("127.0.0.1", 9700, 0, true, true, false, 0, 0L),
            new ClusterStatus.Node("127.0.0.1", 9701, 1, false, true, true, 3, 0L),
            new ClusterStatus.Node("127.0.0.1", 9702, 2, false, true, true, 1, 0L)),
        schemas,
        tenants,
        true,
        null,
        List.of(),
        true);
  }

  private static final TenantActivity.Reading OFF =
      new TenantActivity.Reading("none", Map.of(), null);

  @Test
  void bothKindsBySizeWithTrackingOffSaysHowToTurnItOn() {
    TenantsReport report =
        new TenantsReport(
            cluster(
                List.of(
                    new ClusterStatus.Group("billing", W1, 2, 12288L, "billing", 4),
                    new ClusterStatus.Group("users", W2, 1, 16384L, "users", 5)),
                List.of(new ClusterStatus.Group("acme", W1, 3, 24576L, "app", 6))),
            OFF,
            Pins.NONE);
    assertEquals(
        List.of(
            "Tenants: 3 (2 distributed schema(s), 1 of citus_ext), by bytes",
            "  TENANT   KIND    NODE            TABLES  SIZE   QUERIES  CPU  OWNER",
            "  acme     tenant  127.0.0.1:9701  3       24 kB  -        -    app",
            "  users    schema  127.0.0.1:9702  1       16 kB  -        -    users",
            "  billing  schema  127.0.0.1:9701  2       12 kB  -        -    billing",
            "Activity: not tracked (citus.stat_tenants_track = none). To see queries and CPU per"
                + " tenant, on every node: ALTER SYSTEM SET citus.stat_tenants_track = 'all';"
                + " SELECT pg_reload_conf(); It costs a little bookkeeping per query, for at most"
                + " citus.stat_tenants_limit tenants per node."),
        report.lines(TenantsReport.Sort.BYTES, 0));
    assertEquals(
        List.of("Tenants: 3 (2 distributed schema(s), 1 of citus_ext), by name, the first 1"),
        report.lines(TenantsReport.Sort.NAME, 1).subList(0, 1));
    assertEquals("acme", report.sorted(TenantsReport.Sort.NAME, 1).get(0).name());
  }

  @Test
  void activityIsSummedOverNodesAndSortsTheList() {
    TenantActivity.Reading on =
        new TenantActivity.Reading(
            "all",
            Map.of(
                new TenantActivity.Key(4, "billing"), new TenantActivity(5, 10, 0.5, 0.25),
                new TenantActivity.Key(5, "users"), new TenantActivity(1, 0, 0.01, 0)),
            null);
    TenantsReport report =
        new TenantsReport(
            cluster(
                List.of(
                    new ClusterStatus.Group("billing", W1, 2, 12288L, "billing", 4),
                    new ClusterStatus.Group("users", W2, 1, 16384L, "users", 5)),
                List.of()),
            on,
            Pins.NONE);
    List<TenantsReport.Tenant> byActivity = report.sorted(TenantsReport.Sort.ACTIVITY, 0);
    assertEquals("billing", byActivity.get(0).name());
    assertEquals(15, byActivity.get(0).queries());
    assertEquals(
        "  billing  schema  127.0.0.1:9701  2       12 kB  15       0.750 s  billing",
        report.lines(TenantsReport.Sort.ACTIVITY, 0).get(2));
  }

  @Test
  void aNodeWithMoreThanItsShareAndATenantThatIsMostOfItsNodeAreNamedWithTheCommand() {
    TenantsReport report =
        new TenantsReport(
            cluster(
                List.of(
                    new ClusterStatus.Group("Billing", W1, 2, 90_000L, "billing", 4),
                    new ClusterStatus.Group("users", W1, 1, 10_000L, "users", 5)),
                List.of(new ClusterStatus.Group("o'brien", W2, 1, 5_000L, "app", 6))),
            OFF,
            Pins.NONE);
    assertEquals(
        List.of(
            "127.0.0.1:9701 holds 95% of the tenants' bytes, 1.9 times its share over 2 nodes:"
                + " rebalance by size: mvn citus:rebalance -Dcitus.rebalanceStrategy=by_disk_size"
                + " (first with -Dcitus.dryRun=true)",
            "schema Billing is 90% of the tenants' bytes on 127.0.0.1:9701: move the others off"
                + " it, or give it a node of its own: mvn citus:moveTenant -Dcitus.schema=Billing"
                + " -Dcitus.node=127.0.0.1:9702 (first with -Dcitus.dryRun=true)"),
        report.findings());
    assertEquals(
        "SELECT citus_add_node('new-host', 5432); then mvn citus:moveTenant"
            + " -Dcitus.tenant='o'\\''brien' -Dcitus.node=new-host:5432 (first with"
            + " -Dcitus.dryRun=true)",
        TenantsReport.move(report.sorted(TenantsReport.Sort.NAME, 0).get(1), null));
  }

  @Test
  void aBalancedClusterHasNoFindingsAndAnUnknownOrderIsRefused() {
    TenantsReport report =
        new TenantsReport(
            cluster(
                List.of(
                    new ClusterStatus.Group("a", W1, 1, 100L, "a", 4),
                    new ClusterStatus.Group("b", W2, 1, 100L, "b", 5)),
                List.of()),
            OFF,
            Pins.NONE);
    assertEquals(List.of(), report.findings());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TenantsReport.Sort.parse("citus.tenants.sort", "size"));
    assertEquals(
        "citus.tenants.sort 'size' is not known: use bytes, activity or name", e.getMessage());
  }
}
