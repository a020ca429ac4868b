package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.check.CheckJson;
import io.github.liquibasecitus.check.CheckResult;
import io.github.liquibasecitus.check.CheckSettings;
import io.github.liquibasecitus.check.CitusCheck;
import io.github.liquibasecitus.check.ClusterRules;
import io.github.liquibasecitus.check.ClusterRulesMode;
import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.PipelineReports;
import io.github.liquibasecitus.check.Severity;
import io.github.liquibasecitus.check.changelog.ApplyCheck;
import io.github.liquibasecitus.check.changelog.ChangeLogCheck;
import io.github.liquibasecitus.check.changelog.TracingListener;
import io.github.liquibasecitus.check.flyway.FlywayApply;
import io.github.liquibasecitus.check.flyway.FlywayCheck;
import io.github.liquibasecitus.check.trace.LockTrace;
import io.github.liquibasecitus.operations.ConnectionSpec;
import io.github.liquibasecitus.operations.ScratchDatabase;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Database CI: refuses, before production, what Citus would refuse or regret. Three layers: the
 * offline rules on the changelog and on the project's Flyway SQL migrations (always, when either is
 * there); with {@code -Dcitus.check.apply=true}, the changelog applied, rolled back and applied
 * again, and the Flyway migrations migrated and migrated again, on a throwaway cluster (without a
 * URL) or in a scratch database of the given cluster, dropped afterwards, each changeset and
 * migration traced on every node (locks, rewrites, notices); with a URL and no apply mode,
 * read-only cluster rules on that cluster. One log line per finding; JUnit XML, SARIF and GitLab
 * Code Quality reports, GitHub Actions annotations; fails on errors (see {@code failOn}). The work
 * is {@link io.github.liquibasecitus.check.CitusCheck}'s.
 */
@Mojo(name = CheckMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class CheckMojo extends AbstractChangeLogMojo {
  static final String GOAL = "check";

  /** Flyway's own property, read as Flyway reads it. */
  static final String FLYWAY_TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

  /** Flyway's own property: whether a migration may mix non-transactional statements. */
  static final String FLYWAY_MIXED = "flyway.mixed";

  /**
   * Apply the changelog on a throwaway cluster, roll it back and apply it again; migrate the Flyway
   * migrations and migrate again (Flyway's community edition has no undo). Each changeset and
   * migration is traced on every node: the locks it held, the tables it rewrote, its notices.
   */
  @Parameter(property = PropertyNames.CHECK_APPLY, defaultValue = "false")
  boolean apply;

  /**
   * Run the cluster rules: {@code auto} (default) when a URL is given, or after the apply mode;
   * {@code true} also on the dev cluster of citus:start; {@code false} never.
   */
  @Parameter(property = PropertyNames.CHECK_CLUSTER, defaultValue = "auto")
  String cluster;

  /**
   * Fail on findings of this severity or graver: {@code error}, {@code warning} or {@code never}.
   */
  @Parameter(property = PropertyNames.CHECK_FAIL_ON, defaultValue = "error")
  String failOn;

  /**
   * Rules to switch off, by id ({@code CITUS009}); a comma-separated list from the command line.
   */
  @Parameter(property = PropertyNames.CHECK_DISABLED_RULES)
  List<String> disabledRules;

  /** Rules re-graded: {@code <CITUS009>error</CITUS009>}. */
  @Parameter Map<String, String> severities;

  /** Where the reports go. */
  @Parameter(
      property = PropertyNames.CHECK_REPORT_DIRECTORY,
      defaultValue = "${project.build.directory}/citus-check")
  File reportDirectory;

  /** The JUnit XML report's file name, in {@code reportDirectory}; empty for none. */
  @Parameter(defaultValue = "TEST-citus-check.xml")
  String junitReport;

  /** The SARIF report's file name, in {@code reportDirectory}; empty for none. */
  @Parameter(defaultValue = "citus-check.sarif")
  String sarifReport;

  /**
   * GitLab's Code Quality report's file name, in {@code reportDirectory} (point {@code
   * artifacts:reports:codequality} at it); empty for none.
   */
  @Parameter(defaultValue = "gl-code-quality-report.json")
  String gitlabReport;

  /**
   * GitHub Actions annotations (workflow commands on standard output, shown on the pull request's
   * diff): {@code auto} (when {@code GITHUB_ACTIONS=true}), {@code true} or {@code false}.
   */
  @Parameter(property = PropertyNames.CHECK_GITHUB_ANNOTATIONS, defaultValue = "auto")
  String githubAnnotations;

  /**
   * {@code text} (the log and the reports above) or {@code json}: also the outcome as a JSON
   * document (docs/reference/json.md), in {@code outputFile} or on standard output.
   */
  @Parameter(property = PropertyNames.FORMAT, defaultValue = "text")
  String format;

  /**
   * Flyway locations to check ({@code filesystem:db/a,classpath:db/b}). Without them the goal reads
   * the project's flyway-maven-plugin configuration (plugin level, then each execution with
   * locations of its own, in POM order, with their placeholders and first schema), else Flyway's
   * default {@code db/migration} on the classpath. Flyway's {@code
   * flyway.postgresql.transactional.lock} property is read as Flyway reads it (true by default).
   */
  @Parameter(property = PropertyNames.CHECK_FLYWAY_LOCATIONS)
  List<String> flywayLocations;

  /**
   * The Citus version of the clusters the migrations will run on ({@code 12.1}, {@code 13.2}):
   * rules that apply from a later version do not run, and what that version lacks is an error
   * (CITUS037). Without it, every supported version (12.1 to 13.x).
   */
  @Parameter(property = PropertyNames.CHECK_CITUS_VERSION)
  String citusVersion;

  /** Flyway placeholders for the migrations, over those of the flyway-maven-plugin. */
  @Parameter Map<String, String> flywayPlaceholders;

  /** With {@code json}: the file to write the document to; standard output when omitted. */
  @Parameter(property = PropertyNames.OUTPUT_FILE)
  File outputFile;

  public CheckMojo() {
    super(GOAL);
  }

  /** A goal that checks what it made itself (citus:advise). */
  protected CheckMojo(String goal) {
    super(goal);
  }

  /**
   * Whether the apply mode may use a scratch database of the cluster {@code citus.url} names (else
   * it always starts a throwaway cluster of its own).
   */
  boolean applyOnGivenCluster() {
    return true;
  }

  /** Loads what the changelog expects into the apply mode's target, before it is applied. */
  void prepareTarget(ClusterLocator.Located target) throws Exception {}

  /** What the apply mode finds on its target once everything was applied. */
  List<Finding> afterApply(java.sql.Connection target) throws Exception {
    return List.of();
  }

  @Override
  protected boolean changeLogRequired() {
    return false;
  }

  @Override
  protected void run() throws Exception {
    json = JsonOutput.wanted(format, label());
    annotate = annotations();
    CheckSettings rules;
    try {
      rules =
          CheckSettings.of(
                  disabledRules == null ? List.of() : disabledRules,
                  severities == null ? Map.of() : severities,
                  failOn,
                  CitusCheck.rules())
              .forCitus(citusVersion, "-D" + PropertyNames.CHECK_CITUS_VERSION);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(said(e.getMessage()));
    }
    ChangeLogSettings settings = changeLogSettings();
    boolean urlGiven = connectionSpecOrLocal().url() != null;
    boolean clusterRules;
    try {
      clusterRules =
          ClusterRulesMode.parse(PropertyNames.CHECK_CLUSTER, cluster).runs(urlGiven, apply);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(said(e.getMessage()));
    }
    FlywayCheck.Options flyway = flywayOptions();
    if (settings.changeLogFile() == null && flyway == null && !clusterRules) {
      throw new MojoFailureException(
          label()
              + " has nothing to check: give a changelog (<changeLogFile> or -D"
              + PropertyNames.CHANGE_LOG_FILE
              + ") or Flyway migrations (-D"
              + PropertyNames.CHECK_FLYWAY_LOCATIONS
              + ", a flyway-maven-plugin in the POM, or src/main/resources/db/migration) for"
              + " their rules, or a cluster (-D"
              + PropertyNames.URL
              + ") for the cluster rules");
    }
    if (apply && settings.changeLogFile() == null && flyway == null) {
      throw new MojoFailureException(
          said(
              "the apply mode applies a Liquibase changelog (<changeLogFile>) or Flyway migrations"
                  + " (-D"
                  + PropertyNames.CHECK_FLYWAY_LOCATIONS
                  + ", a flyway-maven-plugin in the POM); this project has neither. Nothing ran"));
    }
    String where = "offline";
    ChangeLogCheck changeLog = settings.changeLogFile() == null ? null : parseChangeLog(settings);
    if (flyway != null) {
      for (FlywayCheck.MigrationSet set : flyway.sets()) {
        getLog()
            .info(
                label()
                    + ": Flyway migrations of "
                    + set.name()
                    + ": "
                    + String.join(", ", set.locations())
                    + (set.defaultSchema() == null ? "" : " (schema " + set.defaultSchema() + ")"));
      }
    }
    CheckResult result = CitusCheck.offline(changeLog, flyway, rules);
    if (apply) {
      Applied applied = apply(changeLog, flyway, settings, rules, clusterRules, urlGiven);
      result = result.and(applied.result());
      where = applied.where();
    }
    if (clusterRules && (!apply || "offline".equals(where))) {
      try (LiquibaseConnection connection = openLiquibase(settings)) {
        result = result.and(ClusterRules.check(connection.jdbc(), rules));
        if (changeLog != null) {
          result = result.and(changeLog.pending(connection.database(), rules));
        }
        where = connection.where();
      }
    }
    report(result, rules.failOn(), where);
  }

  /** What the apply mode found, and where it ran ({@code offline} when it could not run). */
  private record Applied(CheckResult result, String where) {}

  /**
   * The apply mode: the changelog (applied, rolled back, applied again) and the Flyway migrations
   * (migrated, migrated again) on a throwaway cluster, or in a scratch database of the given one
   * unless they change objects of the whole cluster; each changeset and migration traced.
   */
  private Applied apply(
      ChangeLogCheck changeLog,
      FlywayCheck.Options flyway,
      ChangeLogSettings settings,
      CheckSettings rules,
      boolean clusterRules,
      boolean urlGiven)
      throws Exception {
    List<String> flywayGlobal =
        flyway == null ? List.of() : FlywayCheck.globalObjectScripts(flyway);
    List<String> global = new ArrayList<>(flywayGlobal);
    if (changeLog != null) {
      global.addAll(0, changeLog.globalObjectChangeSets());
    }
    Function<String, io.github.liquibasecitus.check.Location> locateGlobal =
        what ->
            flywayGlobal.contains(what)
                ? FlywayApply.locate(what, flyway)
                : changeLog.locator().apply(what);
    CheckResult result = new CheckResult(rules.enabled(ApplyCheck.ALL), List.of());
    ScratchDatabase scratch = null;
    ClusterLocator.Located target = null;
    if (urlGiven && applyOnGivenCluster()) {
      if (global.isEmpty()) {
        scratch = scratchDatabase(connectionSpec());
        target =
            new ClusterLocator.Located(
                scratch.spec(),
                "scratch database "
                    + scratch.name()
                    + " of "
                    + ClusterLocator.shortUrl(connectionSpec().url()),
                null);
      } else {
        getLog()
            .info(
                label()
                    + ": "
                    + global.size()
                    + " changeset(s) or migration(s) change objects of the whole cluster, which a"
                    + " scratch database cannot hold: "
                    + String.join(", ", global)
                    + ". Applying on a throwaway cluster of its own instead, so that "
                    + ClusterLocator.shortUrl(connectionSpec().url())
                    + " is left as it is.");
        try {
          // The given cluster's role (citus.role) need not exist on a new cluster.
          ConnectionSpec given = connectionSpec();
          target =
              ClusterLocator.throwaway(
                  new ConnectionSpec(given.url(), given.username(), given.password(), null),
                  getLog(),
                  goal());
        } catch (MojoFailureException none) {
          List<Finding> refused = new ArrayList<>();
          for (String what : global) {
            refused.add(
                ApplyCheck.GLOBAL_OBJECTS.at(
                    locateGlobal.apply(what),
                    what
                        + " changes objects of the whole cluster: applied in a scratch database of "
                        + ClusterLocator.shortUrl(connectionSpec().url())
                        + " it would change that cluster, so the apply mode did not run there ("
                        + Failures.withoutFinalStop(none.getMessage())
                        + ")"));
          }
          return new Applied(
              new CheckResult(rules.enabled(ApplyCheck.ALL), rules.apply(refused)), "offline");
        }
      }
    } else {
      ConnectionSpec given = connectionSpecOrLocal();
      target =
          ClusterLocator.throwaway(
              applyOnGivenCluster()
                  ? given
                  : new ConnectionSpec(given.url(), given.username(), given.password(), null),
              getLog(),
              goal());
    }
    if (scratch == null) {
      try {
        prepareTarget(target);
      } catch (Exception e) {
        target.close();
        throw e;
      }
    }
    try (ClusterLocator.Located located = target;
        LiquibaseConnection connection = LiquibaseConnection.open(located, settings, getLog())) {
      String where = located.owned() != null ? "a throwaway cluster of its own" : located.name();
      List<Finding> applied = new ArrayList<>();
      if (changeLog != null) {
        applied.addAll(
            ApplyCheck.run(
                steps(connection, settings), changeLog.locator(), where, changeLog.rollbacks()));
      }
      if (flyway != null && applied.stream().noneMatch(f -> f.rule() == ApplyCheck.REFUSED)) {
        // No transaction of ours may stay open: a CREATE INDEX CONCURRENTLY would wait for it.
        if (!connection.jdbc().getAutoCommit()) {
          connection.jdbc().commit();
        }
        getLog()
            .info(
                label()
                    + ": Flyway's community edition has no undo: the migrations are applied, then"
                    + " migrated again (a redeploy), not rolled back");
        applied.addAll(
            ApplyCheck.runForward(
                new FlywayApply(flyway, located.spec(), operationsLog()),
                text -> FlywayApply.locate(text, flyway),
                where));
      }
      if (applied.stream().noneMatch(f -> f.rule() == ApplyCheck.REFUSED)) {
        applied.addAll(afterApply(connection.jdbc()));
      }
      result = result.and(new CheckResult(rules.enabled(ApplyCheck.ALL), rules.apply(applied)));
      if (clusterRules) {
        result = result.and(ClusterRules.check(connection.jdbc(), rules));
      }
      return new Applied(result, located.name());
    } finally {
      if (scratch != null) {
        scratch.close();
      }
    }
  }

  private ApplyCheck.Steps steps(LiquibaseConnection connection, ChangeLogSettings settings) {
    return new ApplyCheck.Steps() {
      private List<LockTrace.Step> traced;

      @Override
      public int update() throws Exception {
        ChangeSetLog log = new ChangeSetLog(getLog());
        if (traced != null) {
          LiquibaseCommand.named("update")
              .arg("changeExecListener", log)
              .run(connection, settings, getLog());
          return log.ran();
        }
        // The first update is traced: locks, rewrites and notices of each changeset.
        traced = List.of();
        java.sql.Connection opened;
        try {
          opened = connection.probe();
        } catch (java.sql.SQLException e) {
          getLog()
              .warn(
                  label() + ": no connection for the trace, applying untraced: " + e.getMessage());
          return update();
        }
        try (java.sql.Connection probe = opened) {
          LockTrace trace = new LockTrace(probe);
          try {
            LiquibaseCommand.named("update")
                .arg("changeExecListener", new TracingListener(log, trace))
                .messages(trace::notice)
                .run(connection, settings, getLog());
          } finally {
            traced = trace.finish();
            if (trace.broken() != null) {
              getLog()
                  .warn(
                      label()
                          + ": the trace stopped, the changelog went on untraced: "
                          + trace.broken());
            }
          }
        }
        return log.ran();
      }

      @Override
      public List<LockTrace.Step> traced() {
        return traced == null ? List.of() : traced;
      }

      @Override
      public void rollback(int count) throws Exception {
        if (count > 0) {
          ChangeSetLog log = new ChangeSetLog(getLog());
          try {
            LiquibaseCommand.named("rollbackCount")
                .arg("count", count)
                .arg("changeExecListener", log)
                .run(connection, settings, getLog());
          } catch (Exception e) {
            // Liquibase's message does not name the changeset whose rollback failed.
            throw new Exception("the rollback of " + log.unfinished() + " failed", e);
          }
        }
      }
    };
  }

  /** A scratch database of the given cluster, or a refusal that says what it needs. */
  private ScratchDatabase scratchDatabase(ConnectionSpec given) throws MojoFailureException {
    try {
      ScratchDatabase scratch = ScratchDatabase.create(given, "citus_check");
      getLog()
          .info(
              label()
                  + ": applying on scratch database "
                  + scratch.name()
                  + " of "
                  + ClusterLocator.shortUrl(given.url())
                  + " (dropped on every node at the end)");
      return scratch;
    } catch (java.sql.SQLException e) {
      throw new MojoFailureException(
          label()
              + ": the apply mode could not make a scratch database on "
              + ClusterLocator.shortUrl(given.url())
              + ": "
              + Failures.withoutFinalStop(e.getMessage())
              + ". It needs a role that may create databases and the Citus extension; or run"
              + " without "
              + PropertyNames.URL
              + " to use a throwaway cluster of its own.",
          e);
    }
  }

  private boolean json;
  private boolean annotate;

  private boolean annotations() throws MojoFailureException {
    String value = githubAnnotations == null ? "auto" : githubAnnotations.trim();
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> "true".equalsIgnoreCase(System.getenv("GITHUB_ACTIONS"));
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new MojoFailureException(
              said(
                  PropertyNames.CHECK_GITHUB_ANNOTATIONS
                      + " is '"
                      + value
                      + "': give auto, true or false"));
    };
  }

  /** The project's Flyway migrations, or null when it has none. */
  FlywayCheck.Options flywayOptions() throws MojoFailureException {
    try {
      return FlywayProject.options(
          session == null ? null : session.getCurrentProject(),
          flywayLocations,
          flywayPlaceholders,
          property(FLYWAY_TRANSACTIONAL_LOCK),
          property(FLYWAY_MIXED),
          basedir.toPath());
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(said(e.getMessage()));
    }
  }

  private void report(CheckResult result, Severity failOn, String where) throws Exception {
    for (Finding f : result.findings()) {
      switch (f.severity()) {
        case ERROR -> getLog().error(f.line());
        case WARNING -> getLog().warn(f.line());
        case INFO -> getLog().info(f.line());
      }
    }
    List<String> written = new ArrayList<>();
    new CitusCheck.Reports(
            reportDirectory.toPath(),
            junitReport,
            sarifReport,
            gitlabReport,
            getClass().getPackage().getImplementationVersion())
        .write(result)
        .forEach(p -> written.add(p.toString()));
    if (annotate) {
      // Workflow commands must start their line: Maven's log would prefix them.
      PipelineReports.gitHubAnnotations(result).forEach(System.out::println);
    }
    if (json) {
      written.add(JsonOutput.write(CheckJson.of(result, failOn), outputFile));
    }
    String summary =
        label()
            + ": "
            + result.summary()
            + (written.isEmpty() ? "" : "; reports: " + String.join(", ", written))
            + " ("
            + where
            + ")";
    if (result.fails(failOn)) {
      throw new MojoFailureException(
          summary
              + ". Fails on "
              + failOn.label()
              + " and graver (-D"
              + PropertyNames.CHECK_FAIL_ON
              + ")");
    }
    getLog().info(summary);
  }
}
