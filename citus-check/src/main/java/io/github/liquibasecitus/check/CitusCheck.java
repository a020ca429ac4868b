package io.github.liquibasecitus.check;

import io.github.liquibasecitus.check.changelog.ApplyCheck;
import io.github.liquibasecitus.check.changelog.ChangeLogCheck;
import io.github.liquibasecitus.check.flyway.FlywayCheck;
import io.github.liquibasecitus.check.model.MigrationRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * citus:check as a service that a test, the Maven goal or another build tool calls: the rule
 * catalog, the offline rules on a changelog and Flyway migrations, and the reports. The apply mode
 * and the cluster rules ({@link ClusterRules}) take a cluster from the caller, which knows how it
 * reaches one: {@link ApplyCheck} runs the steps, {@link
 * io.github.liquibasecitus.check.flyway.FlywayApply} migrates Flyway sets as steps, a Liquibase
 * runner of the caller's feeds {@link io.github.liquibasecitus.check.changelog.TracingListener},
 * and {@link io.github.liquibasecitus.check.trace.LockTrace} traces each step on every node.
 */
public final class CitusCheck {
  private CitusCheck() {}

  /** Every rule of citus:check: offline, against a cluster's history, apply mode, cluster. */
  public static List<Rule> rules() {
    List<Rule> all = new ArrayList<>(MigrationRules.ALL);
    all.add(MigrationRules.NOT_APPLIED);
    all.addAll(ApplyCheck.ALL);
    all.addAll(ClusterRules.ALL);
    return List.copyOf(all);
  }

  /**
   * The offline rules on what is given.
   *
   * @param changeLog a parsed changelog, or null
   * @param flyway Flyway migrations, or null
   */
  public static CheckResult offline(
      ChangeLogCheck changeLog, FlywayCheck.Options flyway, CheckSettings settings)
      throws Exception {
    CheckResult result = new CheckResult(List.of(), List.of());
    if (changeLog != null) {
      result = result.and(changeLog.check(settings));
    }
    if (flyway != null) {
      result = result.and(FlywayCheck.run(flyway, settings));
    }
    return result;
  }

  /**
   * The report files to write in a directory; a null or blank name writes none of that kind.
   *
   * @param toolVersion the version SARIF names the tool with
   */
  public record Reports(
      Path directory, String junit, String sarif, String gitlab, String toolVersion) {

    /** Writes the reports; returns the files written. */
    public List<Path> write(CheckResult result) throws Exception {
      List<Path> written = new ArrayList<>();
      if (wanted(junit)) {
        JUnitXmlReport.write(result, directory.resolve(junit));
        written.add(directory.resolve(junit));
      }
      if (wanted(sarif)) {
        SarifReport.write(
            result, directory.resolve(sarif), toolVersion == null ? "dev" : toolVersion);
        written.add(directory.resolve(sarif));
      }
      if (wanted(gitlab)) {
        PipelineReports.writeGitLabCodeQuality(result, directory.resolve(gitlab));
        written.add(directory.resolve(gitlab));
      }
      return written;
    }

    private static boolean wanted(String name) {
      return name != null && !name.isBlank();
    }
  }
}
