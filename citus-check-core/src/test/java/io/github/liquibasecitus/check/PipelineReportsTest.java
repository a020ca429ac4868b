package io.github.liquibasecitus.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineReportsTest {
  private static final Rule RULE =
      new Rule("CITUS015", Severity.ERROR, "Trigger on a distributed table", "why", "Fix it");
  private static final Rule CLUSTER =
      new Rule("CITUS107", Severity.WARNING, "Inactive node", "why", null);

  private static final CheckResult RESULT =
      new CheckResult(
          List.of(RULE, CLUSTER),
          List.of(
              RULE.at(
                  new Location("db/V2__a,b.sql", 7, "V2__a", "svc.t"),
                  "CREATE TRIGGER t on svc.t: 100% refused\nsecond line"),
              CLUSTER.at(Location.ofObject("127.0.0.1:1"), "node 127.0.0.1:1 is inactive")));

  @Test
  void gitHubAnnotationsAreWorkflowCommandsWithGitHubsEscaping() {
    assertEquals(
        List.of(
            "::error file=db/V2__a%2Cb.sql,line=7,title=CITUS015 Trigger on a distributed"
                + " table::CREATE TRIGGER t on svc.t: 100%25 refused%0Asecond line (changeset"
                + " V2__a). Fix: Fix it",
            "::warning title=CITUS107 Inactive node::node 127.0.0.1:1 is inactive"),
        PipelineReports.gitHubAnnotations(RESULT));
  }

  @Test
  void gitLabCodeQualityListsEachFindingWithAStableFingerprint(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gl-code-quality-report.json");
    PipelineReports.writeGitLabCodeQuality(RESULT, file);
    JsonNode issues = new ObjectMapper().readTree(file.toFile());
    assertEquals(2, issues.size());
    assertEquals("CITUS015", issues.get(0).get("check_name").asText());
    assertEquals("critical", issues.get(0).get("severity").asText());
    assertEquals("db/V2__a,b.sql", issues.get(0).get("location").get("path").asText());
    assertEquals(7, issues.get(0).get("location").get("lines").get("begin").asInt());
    assertEquals("major", issues.get(1).get("severity").asText());
    assertEquals(1, issues.get(1).get("location").get("lines").get("begin").asInt());
    String first = issues.get(0).get("fingerprint").asText();
    assertEquals(64, first.length());
    PipelineReports.writeGitLabCodeQuality(RESULT, file);
    assertEquals(
        first, new ObjectMapper().readTree(file.toFile()).get(0).get("fingerprint").asText());
    assertTrue(!first.equals(issues.get(1).get("fingerprint").asText()));
  }
}
