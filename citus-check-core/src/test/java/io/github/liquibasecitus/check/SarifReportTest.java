package io.github.liquibasecitus.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SARIF report says of a rule and a finding beyond the schema (see ReportsTest). */
class SarifReportTest {
  private static final Rule HINT =
      new Rule("CITUS020", Severity.INFO, "A hint", "What it finds.", "What to do.");

  @Test
  void infoIsANoteAndTheFixFollowsTheMessage(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reports/citus-check.sarif");
    CheckResult result =
        new CheckResult(
            List.of(HINT),
            List.of(HINT.at(new Location("db/app.xml", 0, "t::me", "app.t"), "app.t is odd.")));
    SarifReport.write(result, file, "1.2.3");
    JsonNode run = new ObjectMapper().readTree(file.toFile()).get("runs").get(0);

    JsonNode driver = run.get("tool").get("driver");
    assertEquals("citus:check", driver.get("name").asText());
    assertEquals("1.2.3", driver.get("version").asText());
    JsonNode rule = driver.get("rules").get(0);
    assertEquals("CITUS020", rule.get("id").asText());
    assertEquals("A hint", rule.get("shortDescription").get("text").asText());
    assertEquals("What it finds.", rule.get("fullDescription").get("text").asText());
    assertEquals("What to do.", rule.get("help").get("text").asText());
    assertEquals("note", rule.get("defaultConfiguration").get("level").asText());

    JsonNode finding = run.get("results").get(0);
    assertEquals("note", finding.get("level").asText());
    assertEquals("app.t is odd. Fix: What to do.", finding.get("message").get("text").asText());
    JsonNode location = finding.get("locations").get(0);
    JsonNode physical = location.get("physicalLocation");
    assertEquals("db/app.xml", physical.get("artifactLocation").get("uri").asText());
    assertEquals("%SRCROOT%", physical.get("artifactLocation").get("uriBaseId").asText());
    assertFalse(physical.has("region"), "no line, no region");
    JsonNode logical = location.get("logicalLocations").get(0);
    assertEquals("changeset t::me", logical.get("fullyQualifiedName").asText());
    assertEquals("module", logical.get("kind").asText());
  }

  @Test
  void aClusterFindingIsAMemberWithoutAFileAndABlankFixIsLeftOut(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("citus-check.sarif");
    CheckResult result =
        new CheckResult(
            List.of(HINT), List.of(HINT.at(Location.ofObject("app.t"), "app.t is odd.", " ")));
    SarifReport.write(result, file, "1.2.3");
    JsonNode finding =
        new ObjectMapper().readTree(file.toFile()).get("runs").get(0).get("results").get(0);
    assertEquals("app.t is odd.", finding.get("message").get("text").asText());
    JsonNode location = finding.get("locations").get(0);
    assertFalse(location.has("physicalLocation"));
    JsonNode logical = location.get("logicalLocations").get(0);
    assertEquals("app.t", logical.get("fullyQualifiedName").asText());
    assertEquals("member", logical.get("kind").asText());
  }
}
