package io.github.liquibasecitus.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportsTest {
  private static final Rule FK =
      new Rule(
          "CITUS001",
          Severity.ERROR,
          "Foreign key leaves its schema",
          "Citus refuses it.",
          "Keep keys inside.");
  private static final Rule PK =
      new Rule("CITUS010", Severity.WARNING, "No primary key", "Online moves fail.", "Add one.");
  private static final Rule CLEAN =
      new Rule(
          "CITUS006", Severity.ERROR, "Public distributed", "Refused.", "Use your own schema.");

  private static CheckResult result() {
    return new CheckResult(
        List.of(FK, PK, CLEAN),
        List.of(
            FK.at(
                new Location("db/app.xml", 27, "fk::t", "svc_a.orders"), "foreign key from a to b"),
            FK.at(
                new Location("db/app.xml", 31, "fk2::t", "svc_a.orders"),
                "foreign key from a to c"),
            PK.at(Location.ofObject("public.log"), "public.log has no primary key")));
  }

  @Test
  void sarifIsValidAgainstThePublishedSchemaAndNamesFileAndLine(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("citus-check.sarif");
    SarifReport.write(result(), file, "0.1.0");
    JsonNode sarif = new ObjectMapper().readTree(file.toFile());
    JsonSchema schema;
    try (InputStream in =
        com.contrastsecurity.sarif.SarifSchema210.class.getResourceAsStream(
            "/schema/sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    Set<ValidationMessage> errors = schema.validate(sarif);
    assertEquals(Set.of(), errors, Files.readString(file));

    JsonNode run = sarif.get("runs").get(0);
    assertEquals("2.1.0", sarif.get("version").asText());
    assertEquals(3, run.get("tool").get("driver").get("rules").size());
    JsonNode first = run.get("results").get(0);
    assertEquals("CITUS001", first.get("ruleId").asText());
    assertEquals("error", first.get("level").asText());
    JsonNode physical = first.get("locations").get(0).get("physicalLocation");
    assertEquals("db/app.xml", physical.get("artifactLocation").get("uri").asText());
    assertEquals(27, physical.get("region").get("startLine").asInt());
    JsonNode cluster = run.get("results").get(2);
    assertEquals("warning", cluster.path("level").asText("warning"), "absent means warning");
    assertEquals(
        "public.log",
        cluster
            .get("locations")
            .get(0)
            .get("logicalLocations")
            .get(0)
            .get("fullyQualifiedName")
            .asText());
  }

  @Test
  void junitXmlHasARuleAsATestCaseAndAFindingAsAFailure(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("TEST-citus-check.xml");
    JUnitXmlReport.write(result(), file);
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    Element suite = xml.getDocumentElement();
    assertEquals("testsuite", suite.getTagName());
    assertEquals("4", suite.getAttribute("tests"));
    assertEquals("3", suite.getAttribute("failures"));
    NodeList cases = suite.getElementsByTagName("testcase");
    assertEquals(4, cases.getLength());
    Element first = (Element) cases.item(0);
    assertEquals("citus.check.CITUS001", first.getAttribute("classname"));
    assertEquals(
        "CITUS001 Foreign key leaves its schema [db/app.xml:27 changeset fk::t (svc_a.orders)]",
        first.getAttribute("name"));
    Element failure = (Element) first.getElementsByTagName("failure").item(0);
    assertEquals("error", failure.getAttribute("type"));
    assertEquals("foreign key from a to b", failure.getAttribute("message"));
    Element passed = (Element) cases.item(3);
    assertEquals("CITUS006 Public distributed", passed.getAttribute("name"));
    assertEquals(0, passed.getElementsByTagName("failure").getLength());

    // Read by Maven Surefire's own report parser, as CI servers and report plugins read it.
    org.apache.maven.plugins.surefire.report.TestSuiteXmlParser parser =
        new org.apache.maven.plugins.surefire.report.TestSuiteXmlParser(
            new org.apache.maven.plugin.surefire.log.api.NullConsoleLogger());
    List<org.apache.maven.plugins.surefire.report.ReportTestSuite> suites =
        parser.parse(file.toString());
    assertTrue(parser.isValid());
    // Surefire groups test cases by class name: one suite per rule.
    assertEquals(
        List.of("CITUS001", "CITUS010", "CITUS006"),
        suites.stream().map(x -> x.getName()).toList());
    assertEquals(4, suites.stream().mapToInt(x -> x.getNumberOfTests()).sum());
    assertEquals(3, suites.stream().mapToInt(x -> x.getNumberOfFailures()).sum());
    org.apache.maven.plugins.surefire.report.ReportTestCase read =
        suites.get(0).getTestCases().get(0);
    assertTrue(read.hasFailure());
    assertEquals("foreign key from a to b", read.getFailureMessage());
    assertTrue(suites.get(2).getTestCases().get(0).isSuccessful());
  }

  @Test
  void junitXmlStaysReadableWithControlCharactersInNames(@TempDir Path dir) throws Exception {
    String table = "app.\u001b[31mred\u0007\ufffe";
    CheckResult r =
        new CheckResult(
            List.of(PK),
            List.of(
                PK.at(
                    new Location("db/\u0001.xml", 3, "id\u001b::me", table),
                    table + " has no primary key")));
    Path file = dir.resolve("TEST-citus-check.xml");
    JUnitXmlReport.write(r, file);
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    Element failed = (Element) xml.getDocumentElement().getElementsByTagName("testcase").item(0);
    assertEquals(
        "CITUS010 No primary key [db/\\u0001.xml:3 changeset id\\u001b::me"
            + " (app.\\u001b[31mred\\u0007\\ufffe)]",
        failed.getAttribute("name"));
    assertEquals(
        "app.\\u001b[31mred\\u0007\\ufffe has no primary key",
        ((Element) failed.getElementsByTagName("failure").item(0)).getAttribute("message"));
  }

  @Test
  void summaryAndFailOn() {
    CheckResult r = result();
    assertEquals("3 rules, 2 errors, 1 warning, 0 infos", r.summary());
    assertTrue(r.fails(Severity.ERROR));
    assertTrue(r.fails(Severity.WARNING));
    assertTrue(!r.fails(null));
    CheckResult warningsOnly = new CheckResult(List.of(PK), List.of(r.findings().get(2)));
    assertTrue(!warningsOnly.fails(Severity.ERROR));
    assertTrue(warningsOnly.fails(Severity.WARNING));
  }
}
