package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.operations.RebalanceOptions;
import io.github.liquibasecitus.operations.Rebalancing;
import io.github.liquibasecitus.operations.TenantsReport;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.CitusExt;
import io.github.liquibasecitus.sql.TransferMode;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins on the real cluster: a schema pinned where it is stays there through a rebalance that moves
 * the others, a schema pinned elsewhere is moved to its pin, the dry run says which strategy
 * honours them, citus:tenants' report shows them, and only the schema's owner may pin it.
 */
@CitusTest
class PinsIT {

  @Test
  void aRebalanceLeavesPinnedSchemasOnTheirNodes(CitusCluster cluster) throws Exception {
    CitusCluster scratch = cluster.newDatabase(TestNames.unique("pins")).orElse(null);
    assumeTrue(scratch != null, "this cluster cannot create databases on its workers");
    try (scratch;
        Db db = Db.connect(scratch)) {
      Db.installLibrary(scratch);
      RebalanceIT.skewed(scratch, db, 4, 0, 2000);
      List<String> workers = RebalanceIT.workers(db);
      String first = workers.get(0);
      String second = workers.get(1);
      assertEquals(first, node(db, "svc1"));
      assertEquals(first, node(db, "svc2"));

      CitusExt ext = new CitusExt(db.connection());
      String[] f = first.split(":");
      String[] s = second.split(":");
      ext.pin(true, "svc1", f[0], Integer.parseInt(f[1]), false);
      ext.pin(true, "svc2", s[0], Integer.parseInt(s[1]), false);

      Watch quick = new Watch(Duration.ofMillis(200), Duration.ZERO, null, false);
      try (Connection c = scratch.connect()) {
        RebalanceIT.Lines lines = new RebalanceIT.Lines();
        Rebalancing.Outcome dry =
            new Rebalancing(c, lines)
                .rebalance(
                    new Rebalancing.Request(
                        new RebalanceOptions(null, false, TransferMode.BLOCK_WRITES, null, null),
                        true,
                        true,
                        false,
                        quick));
        assertTrue(
            lines.any("2 tenant(s) pinned (schema svc1 on " + first)
                && lines.any("rebalancing with strategy citus_ext_pinned"),
            lines.toString());
        assertTrue(
            dry.plan().moves().stream()
                .anyMatch(m -> m.what().startsWith("schema svc2") && m.to().equals(second)),
            dry.plan().moves().toString());
        assertTrue(
            dry.plan().moves().stream().noneMatch(m -> m.what().startsWith("schema svc1")),
            dry.plan().moves().toString());

        new Rebalancing(c, new RebalanceIT.Lines())
            .rebalance(
                new Rebalancing.Request(
                    new RebalanceOptions(null, false, TransferMode.BLOCK_WRITES, null, null),
                    false,
                    true,
                    false,
                    quick));
        assertEquals(first, node(db, "svc1"));
        assertEquals(second, node(db, "svc2"));

        TenantsReport report = TenantsReport.read(c);
        assertEquals(
            first,
            report.tenants().stream()
                .filter(t -> t.name().equals("svc1"))
                .findFirst()
                .orElseThrow()
                .pin());
        assertTrue(
            report.lines(TenantsReport.Sort.NAME, 0).stream().anyMatch(l -> l.contains("PINNED")),
            report.lines(TenantsReport.Sort.NAME, 0).toString());
      }

      // Only the schema's owner (or a member of it) may pin it.
      String role = TestNames.unique("pinner");
      db.exec("CREATE ROLE " + role);
      db.exec("GRANT USAGE ON SCHEMA svc3 TO " + role);
      db.exec("SET ROLE " + role);
      String refused =
          db.error("SELECT citus_ext.pin_schema('svc3', ?, ?)", s[0], Integer.parseInt(s[1]));
      db.exec("RESET ROLE");
      assertTrue(refused.contains("row-level security"), refused);

      ext.unpin(true, "svc2");
      assertEquals(1L, db.<Long>one("SELECT count(*) FROM citus_ext.pin"));
    }
  }

  private static String node(Db db, String schema) throws Exception {
    return db.one(
        "SELECT DISTINCT nodename || ':' || nodeport FROM citus_shards"
            + " WHERE table_name::text LIKE ? || '.%'",
        schema);
  }
}
