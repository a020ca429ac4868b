package io.github.liquibasecitus.check;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.LogicalLocation;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The result as SARIF 2.1.0 (the OASIS format code hosts annotate diffs from), written with the
 * java-sarif model: the rules with their descriptions and default levels, and a result per finding
 * at the changelog's path (relative to the project, as the finding names it) and the changeset's
 * line, or at the cluster object as a logical location.
 *
 * <p>Needs {@code com.contrastsecurity:java-sarif} on the class path (the Maven plugin brings it).
 */
public final class SarifReport {
  private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  public static void write(CheckResult result, Path file, String toolVersion) throws IOException {
    Set<ReportingDescriptor> rules = new LinkedHashSet<>();
    for (Rule rule : result.rules()) {
      rules.add(
          new ReportingDescriptor()
              .withId(rule.id())
              .withName(rule.title())
              .withShortDescription(new MultiformatMessageString().withText(rule.title()))
              .withFullDescription(new MultiformatMessageString().withText(rule.description()))
              .withHelp(new MultiformatMessageString().withText(rule.fix()))
              .withDefaultConfiguration(
                  new ReportingConfiguration().withLevel(configurationLevel(rule.severity()))));
    }
    List<Result> results = new ArrayList<>();
    for (Finding f : result.findings()) {
      Location at = f.location();
      com.contrastsecurity.sarif.Location location = new com.contrastsecurity.sarif.Location();
      if (at.file() != null) {
        PhysicalLocation physical =
            new PhysicalLocation()
                .withArtifactLocation(
                    new ArtifactLocation().withUri(at.file()).withUriBaseId("%SRCROOT%"));
        if (at.line() > 0) {
          physical.setRegion(new Region().withStartLine(at.line()));
        }
        location.setPhysicalLocation(physical);
      }
      String logical = at.changeSet() != null ? "changeset " + at.changeSet() : at.object();
      if (logical != null) {
        location.setLogicalLocations(
            Set.of(
                new LogicalLocation()
                    .withFullyQualifiedName(logical)
                    .withKind(at.changeSet() != null ? "module" : "member")));
      }
      results.add(
          new Result()
              .withRuleId(f.rule().id())
              .withLevel(resultLevel(f.severity()))
              .withMessage(
                  new Message()
                      .withText(
                          f.message()
                              + (f.fix() == null || f.fix().isBlank() ? "" : " Fix: " + f.fix())))
              .withLocations(List.of(location)));
    }
    SarifSchema210 sarif =
        new SarifSchema210()
            .with$schema(URI.create(SCHEMA))
            .withVersion(SarifSchema210.Version._2_1_0)
            .withRuns(
                List.of(
                    new Run()
                        .withTool(
                            new Tool()
                                .withDriver(
                                    new ToolComponent()
                                        .withName("citus:check")
                                        .withVersion(toolVersion)
                                        .withInformationUri(
                                            URI.create(
                                                "https://github.com/liquibase-citus/liquibase-citus"))
                                        .withRules(rules)))
                        .withResults(results)));
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    new ObjectMapper()
        .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), sarif);
  }

  private static Result.Level resultLevel(Severity s) {
    return switch (s) {
      case ERROR -> Result.Level.ERROR;
      case WARNING -> Result.Level.WARNING;
      case INFO -> Result.Level.NOTE;
    };
  }

  private static ReportingConfiguration.Level configurationLevel(Severity s) {
    return switch (s) {
      case ERROR -> ReportingConfiguration.Level.ERROR;
      case WARNING -> ReportingConfiguration.Level.WARNING;
      case INFO -> ReportingConfiguration.Level.NOTE;
    };
  }
}
