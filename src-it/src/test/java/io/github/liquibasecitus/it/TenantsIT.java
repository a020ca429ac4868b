package io.github.liquibasecitus.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.operations.TenantsReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * citus:tenants on the real cluster: both kinds of tenant with their node, tables and bytes; with
 * Citus' tenant statistics on, the queries a test ran; a node holding every tenant named with the
 * command that helps; the goal itself in a real build.
 */
@CitusTest
class TenantsIT {

  @Test
  void tenantsOfBothKindsWithSizesActivityAndSkew(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    CitusCluster scratch = cluster.newDatabase(TestNames.unique("tenants")).orElse(null);
    assumeTrue(scratch != null, "this cluster cannot create databases on its workers");
    try (scratch;
        Db db = Db.connect(scratch)) {
      Db.installLibrary(scratch);
      db.exec("SET citus.enable_schema_based_sharding TO off");
      for (String schema : List.of("billing", "users")) {
        db.exec("CREATE SCHEMA " + schema);
        db.exec("CREATE TABLE " + schema + ".items (id bigint PRIMARY KEY, v text)");
        db.exec(
            "INSERT INTO "
                + schema
                + ".items SELECT g, repeat('x', 100) FROM generate_series(1, "
                + (schema.equals("billing") ? 20000 : 200)
                + ") g");
        db.exec("SELECT citus_schema_distribute(?::regnamespace)", schema);
      }
      db.exec("CREATE TABLE public.acme_orders (id bigint PRIMARY KEY)");
      db.exec(
          "SELECT citus_ext.create_single_shard_table('public.acme_orders', tenant_id => 'acme')");

      TenantsReport report;
      try (var c = scratch.connect()) {
        report = TenantsReport.read(c);
      }
      Map<String, TenantsReport.Tenant> byName =
          report.tenants().stream()
              .collect(Collectors.toMap(TenantsReport.Tenant::name, Function.identity()));
      assertEquals(List.of("acme", "billing", "users"), byName.keySet().stream().sorted().toList());
      assertEquals("schema", byName.get("billing").kind());
      assertEquals("tenant", byName.get("acme").kind());
      assertEquals(1, byName.get("billing").tables());
      assertTrue(byName.get("billing").bytes() > byName.get("users").bytes(), byName.toString());
      assertEquals(
          "billing", report.sorted(TenantsReport.Sort.BYTES, 1).get(0).name(), byName.toString());
      for (TenantsReport.Tenant t : report.tenants()) {
        assertNotNull(t.node(), t.toString());
      }

      // Every tenant on one worker: the node and the big tenant are named, with the command.
      String first =
          db.one(
              "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid > 0"
                  + " ORDER BY groupid LIMIT 1");
      String host = first.substring(0, first.lastIndexOf(':'));
      int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
      for (String schema : List.of("billing", "users")) {
        if (!first.equals(byName.get(schema).node())) {
          db.exec(
              "SELECT citus_schema_move(?::regnamespace, ?, ?, 'block_writes')",
              schema,
              host,
              port);
        }
      }
      if (!first.equals(byName.get("acme").node())) {
        db.exec("SELECT citus_ext.move_tenant('acme', ?, ?, 'block_writes')", host, port);
      }
      try (var c = scratch.connect()) {
        List<String> findings = TenantsReport.read(c).findings();
        assertTrue(
            findings.stream()
                .anyMatch(
                    f -> f.startsWith(first + " holds 100% of the tenants' bytes, 2.0 times")),
            findings.toString());
        assertTrue(
            findings.stream()
                .anyMatch(
                    f ->
                        f.startsWith("schema billing is ")
                            && f.contains(
                                "mvn citus:moveTenant -Dcitus.schema=billing -Dcitus.node=")),
            findings.toString());
      }

      // Citus' tenant statistics: on every node, then the queries this test runs are counted.
      try {
        setTracking(db, "'all'");
        for (int i = 0; i < 5; i++) {
          db.one("SELECT v FROM billing.items WHERE id = ?", (long) i + 1);
        }
        try (var c = scratch.connect()) {
          TenantsReport tracked = TenantsReport.read(c);
          assertTrue(tracked.activity().tracking());
          TenantsReport.Tenant billing =
              tracked.tenants().stream().filter(t -> t.name().equals("billing")).findFirst().get();
          assertNotNull(billing.activity(), tracked.tenants().toString());
          // Counted where the queries ran; a backend that had not yet reloaded may miss some.
          assertTrue(billing.activity().queries() >= 1, billing.toString());
          assertEquals("billing", tracked.sorted(TenantsReport.Sort.ACTIVITY, 1).get(0).name());
          TenantsReport.Tenant acme =
              tracked.tenants().stream().filter(t -> t.name().equals("acme")).findFirst().get();
          assertNull(acme.activity(), "Citus does not count single-shard tables outside schemas");
        }
      } finally {
        setTracking(db, "DEFAULT");
      }

      // The goal, in a real build: the table, the findings, one summary line naming the cluster.
      MavenBuild build = MavenBuild.of(MavenBuild.testProject("plugin-project"), work);
      MavenBuild.Result result = build.runOn(scratch, "citus:tenants", "-Dcitus.top=2");
      assertTrue(result.succeeded(), result.output());
      String output = result.output();
      assertTrue(
          output.contains(
              "Tenants: 3 (2 distributed schema(s), 1 of citus_ext), by bytes, the" + " first 2"),
          output);
      assertTrue(
          output.contains("[WARNING] " + first + " holds 100% of the tenants' bytes"), output);
      assertTrue(
          output.contains("Activity: not tracked (citus.stat_tenants_track = none)"), output);
      assertTrue(
          output.matches("(?s).*citus:tenants: 3 tenant\\(s\\), \\d+ out of balance \\(.*\\).*"),
          output);
      // The same as a JSON document: to a file, and on standard output under mvn -q.
      Path jsonFile = work.resolve("tenants.json");
      MavenBuild.Result json =
          build.runOn(
              scratch, "citus:tenants", "-Dcitus.format=json", "-Dcitus.outputFile=" + jsonFile);
      assertTrue(json.succeeded(), json.output());
      JsonNode doc = new ObjectMapper().readTree(jsonFile.toFile());
      assertEquals("tenants", doc.get("document").asText());
      assertEquals(3, doc.get("total").asInt());
      assertEquals("billing", doc.get("tenants").get(0).get("name").asText(), doc.toString());
      assertEquals(first, doc.get("tenants").get(0).get("node").asText());
      assertTrue(doc.get("tenants").get(0).get("bytes").asLong() > 0, doc.toString());
      assertEquals("none", doc.get("activity").get("track").asText());
      assertTrue(doc.get("findings").size() >= 1, doc.toString());
      MavenBuild.Result quiet = build.runOn(scratch, "-q", "citus:status", "-Dcitus.format=json");
      assertTrue(quiet.succeeded(), quiet.output());
      JsonNode status = new ObjectMapper().readTree(quiet.output().strip());
      assertEquals("status", status.get("document").asText(), quiet.output());
      assertEquals(2, status.get("schemas").size(), quiet.output());
      assertEquals(3, status.get("nodes").size(), quiet.output());
      MavenBuild.Result badFormat = build.runOn(scratch, "citus:tenants", "-Dcitus.format=yaml");
      assertFalse(badFormat.succeeded());
      assertTrue(
          badFormat
              .output()
              .contains("citus:tenants: citus.format 'yaml' is not known: use text or json"),
          badFormat.output());

      MavenBuild.Result mistyped =
          build.runOn(scratch, "citus:tenants", "-Dcitus.tenants.sort=size");
      assertFalse(mistyped.succeeded());
      assertTrue(
          mistyped
              .output()
              .contains(
                  "citus:tenants: citus.tenants.sort 'size' is not known: use bytes, activity or"
                      + " name"),
          mistyped.output());
    }
  }

  /** citus.stat_tenants_track on every node (a server setting: ALTER SYSTEM, then a reload). */
  private static void setTracking(Db db, String value) throws Exception {
    String set =
        value.equals("DEFAULT")
            ? "ALTER SYSTEM RESET citus.stat_tenants_track"
            : "ALTER SYSTEM SET citus.stat_tenants_track = " + value;
    db.rows("SELECT * FROM run_command_on_all_nodes(?)", set);
    db.rows("SELECT * FROM run_command_on_all_nodes('SELECT pg_reload_conf()')");
    String expected = value.equals("DEFAULT") ? "none" : value.replace("'", "");
    await("citus.stat_tenants_track = " + expected + " on every node")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                db.<Boolean>one(
                    "SELECT bool_and(result = ?) FROM"
                        + " run_command_on_all_nodes('SHOW citus.stat_tenants_track')",
                    expected));
  }
}
