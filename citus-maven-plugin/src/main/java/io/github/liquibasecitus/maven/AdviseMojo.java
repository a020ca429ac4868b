package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.advise.AdviseOutput;
import io.github.liquibasecitus.check.advise.AdvisePlan;
import io.github.liquibasecitus.check.advise.CarriedOut;
import io.github.liquibasecitus.check.advise.Catalog;
import io.github.liquibasecitus.check.changelog.ApplyCheck;
import io.github.liquibasecitus.check.flyway.FlywayCheck;
import io.github.liquibasecitus.cluster.SchemaDump;
import io.github.liquibasecitus.operations.ConnectionSpec;
import io.github.liquibasecitus.operations.JdbcUrl;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Reads a PostgreSQL or Citus database ({@code citus.url}, read-only; without one, the database the
 * project's changelog or Flyway migrations make on a throwaway cluster), plans which tables become
 * reference tables and which schemas become distributed schemas (and what blocks the others),
 * writes the changelog that carries the plan out with its report under {@code target/citus-advise},
 * and checks that changelog as citus:check does: offline, then applied to a throwaway cluster
 * loaded with the database's schema (no data), rolled back and applied again, with every schema the
 * plan distributes found on one node.
 */
@Mojo(name = AdviseMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class AdviseMojo extends CheckMojo {
  static final String GOAL = "advise";

  /** The changelog's format: {@code xml} (default), {@code yaml} or {@code flyway} (SQL). */
  @Parameter(property = PropertyNames.ADVISE_FORMAT, defaultValue = "xml")
  String changelogFormat;

  /** Where the changelog, plan.txt, plan.json and schema.sql are written. */
  @Parameter(
      property = PropertyNames.ADVISE_DIRECTORY,
      defaultValue = "${project.build.directory}/citus-advise")
  File outputDirectory;

  /**
   * Check the generated changelog applied on a throwaway cluster loaded with the database's schema
   * (needs Citus installed locally); {@code false} checks it offline only.
   */
  @Parameter(property = PropertyNames.ADVISE_APPLY, defaultValue = "true")
  boolean adviseApply;

  /** Tables ({@code schema.table}) to make reference tables whatever the planner would say. */
  @Parameter(property = PropertyNames.ADVISE_REFERENCE_TABLES)
  List<String> referenceTables;

  /** Schemas to leave as they are. */
  @Parameter(property = PropertyNames.ADVISE_EXCLUDE_SCHEMAS)
  List<String> excludeSchemas;

  /** A table with more rows (estimated) is not made a reference table unless named. */
  @Parameter(property = PropertyNames.ADVISE_REFERENCE_MAX_ROWS, defaultValue = "100000")
  long referenceMaxRows;

  /** A table bigger than this (bytes) is not made a reference table unless named. */
  @Parameter(property = PropertyNames.ADVISE_REFERENCE_MAX_BYTES, defaultValue = "268435456")
  long referenceMaxBytes;

  /** How many other schemas must reference a schema before its tables become reference tables. */
  @Parameter(property = PropertyNames.ADVISE_MIN_REFERENCING_SCHEMAS, defaultValue = "2")
  int minReferencingSchemas;

  /** The version of the first Flyway migration written ({@code V<version>_1__...}). */
  @Parameter(property = PropertyNames.ADVISE_FLYWAY_VERSION, defaultValue = "1000")
  String flywayVersion;

  private AdvisePlan plan;
  private AdviseOutput.Written written;
  private List<String> roles = List.of();
  private Catalog catalog;
  private FlywayCheck.Options generatedFlyway;

  public AdviseMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    AdviseOutput.Format format;
    AdvisePlan.Options options;
    try {
      format = AdviseOutput.Format.parse(PropertyNames.ADVISE_FORMAT, changelogFormat);
      options =
          new AdvisePlan.Options(
              referenceMaxRows,
              referenceMaxBytes,
              minReferencingSchemas,
              names(referenceTables),
              names(excludeSchemas));
      if (flywayVersion == null || !flywayVersion.matches("\\d+(\\.\\d+)*")) {
        throw new IllegalArgumentException(
            PropertyNames.ADVISE_FLYWAY_VERSION
                + " is '"
                + flywayVersion
                + "': give a Flyway version above your latest migration's, such as 1000 or 2.1");
      }
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(said(e.getMessage() + " (nothing ran)"));
    }
    ConnectionSpec source = connectionSpec();
    // Without a URL: the database the project's own changelog or Flyway migrations make.
    ClusterLocator.Located built = source.url() == null ? buildFromMigrations() : null;
    if (built != null) {
      source = built.spec();
    }
    try {
      try (Connection connection = source.open()) {
        catalog = Catalog.read(connection);
        roles = Catalog.roles(connection);
      }
      for (String wanted : options.referenceTables()) {
        if (catalog.tables().stream().noneMatch(t -> t.qualified().equals(wanted))) {
          throw new MojoFailureException(
              said(
                  PropertyNames.ADVISE_REFERENCE_TABLES
                      + " names "
                      + wanted
                      + ", which is no table of "
                      + (built != null ? built.name() : ClusterLocator.shortUrl(source.url()))
                      + ": give schema.table"));
        }
      }
      advise(catalog, format, options, source);
    } finally {
      if (built != null) {
        built.close();
      }
    }
    super.run();
  }

  /** Plans, writes the files, and copies the source's schema for the apply check. */
  private void advise(
      Catalog catalog,
      AdviseOutput.Format format,
      AdvisePlan.Options options,
      ConnectionSpec source)
      throws Exception {
    plan = AdvisePlan.of(catalog, options);
    if (!plan.notReference().isEmpty()) {
      throw new MojoFailureException(
          said(
              PropertyNames.ADVISE_REFERENCE_TABLES
                  + " names "
                  + plan.notReference().entrySet().stream()
                      .map(e -> e.getKey() + ", which cannot be a reference table: " + e.getValue())
                      .collect(Collectors.joining("; "))
                  + ". Leave it out, or lift what keeps it from being one (nothing was written)"));
    }
    for (String excluded : options.excludeSchemas()) {
      if (!catalog.schemas().containsKey(excluded)) {
        throw new MojoFailureException(
            said(
                PropertyNames.ADVISE_EXCLUDE_SCHEMAS
                    + " names "
                    + excluded
                    + ", which is no schema of the database (its schemas: "
                    + String.join(", ", catalog.schemas().keySet())
                    + "; nothing was written)"));
      }
    }
    Path dir = outputDirectory.toPath();
    written = AdviseOutput.write(plan, format, flywayVersion, dir);
    plan.lines().forEach(line -> getLog().info(line));
    getLog()
        .info(
            label()
                + ": wrote "
                + relative(written.changeLog())
                + (written.migrations().isEmpty()
                    ? ""
                    : " (" + written.migrations().size() + " migration(s) with their undo)")
                + ", "
                + relative(written.report())
                + " and "
                + relative(written.json()));
    // The check: citus:check's offline rules, then (unless turned off) its apply mode, on the
    // generated changelog only.
    cluster = "false";
    apply = adviseApply;
    if (format == AdviseOutput.Format.FLYWAY) {
      changeLogFile = null;
      generatedFlyway =
          new FlywayCheck.Options(
              List.of(
                  new FlywayCheck.MigrationSet(
                      "citus-advise",
                      List.of("filesystem:" + written.changeLog()),
                      Map.of(),
                      null,
                      // The database's schema is loaded before: Flyway starts from a baseline.
                      // A name holding "${" is no placeholder.
                      Map.of(
                          "baselineOnMigrate",
                          "true",
                          "baselineVersion",
                          "0",
                          "placeholderReplacement",
                          "false"))),
              basedir.toPath(),
              List.of(),
              true,
              false,
              p -> p.startsWith(basedir.toPath()) ? basedir.toPath().relativize(p) : p);
    } else {
      changeLogFile = relative(written.changeLog());
    }
    if (adviseApply) {
      JdbcUrl url = JdbcUrl.parse(source.url());
      String[] host = firstHost(url.hosts());
      Path schema = dir.resolve("schema.sql");
      try {
        SchemaDump.write(
            host[0],
            Integer.parseInt(host[1]),
            url.database(),
            source.username(),
            source.password(),
            sslMode(url.query()),
            List.of("citus_ext"),
            Set.of("databasechangelog", "databasechangeloglock", "flyway_schema_history"),
            schema);
      } catch (java.io.IOException e) {
        throw new MojoFailureException(
            said(
                "wrote the plan and the changelog, but could not copy the database's schema for"
                    + " the apply check: "
                    + Failures.withoutFinalStop(e.getMessage())
                    + ". pg_dump needs a role that may read the tables, and a pg_dump as new as"
                    + " the server; or give -D"
                    + PropertyNames.ADVISE_APPLY
                    + "=false to check the changelog offline only"),
            e);
      }
      getLog().info(label() + ": the database's schema (no data): " + relative(schema));
    }
  }

  /**
   * The project's changelog and Flyway migrations applied to a throwaway cluster, to advise on the
   * database they make; or a refusal that says what advise needs.
   */
  private ClusterLocator.Located buildFromMigrations() throws Exception {
    // A changelog that advise wrote itself (as the example's POM names for citus:update) is no
    // database to advise on.
    if (changeLogFile != null
        && basedir
            .toPath()
            .resolve(changeLogFile)
            .toAbsolutePath()
            .normalize()
            .startsWith(outputDirectory.toPath().toAbsolutePath().normalize())) {
      changeLogFile = null;
    }
    ChangeLogSettings settings = changeLogSettings();
    boolean fromChangeLog = settings.changeLogFile() != null;
    FlywayCheck.Options flyway = super.flywayOptions();
    if (!fromChangeLog && flyway == null) {
      throw new MojoFailureException(
          said(
              "reads the database to advise on: give its URL (-D"
                  + PropertyNames.URL
                  + ", with "
                  + PropertyNames.SERVER
                  + " or a property file for the credentials; it only reads catalogs), or a"
                  + " changelog (<changeLogFile>) or Flyway migrations to apply to a throwaway"
                  + " cluster first. Nothing ran"));
    }
    ConnectionSpec given = connectionSpecOrLocal();
    ClusterLocator.Located located =
        ClusterLocator.throwaway(
            new ConnectionSpec(given.url(), given.username(), given.password(), null),
            getLog(),
            goal());
    try {
      if (fromChangeLog) {
        // Not the cluster's owner: closing the connection must leave the cluster running.
        ClusterLocator.Located borrowed =
            new ClusterLocator.Located(located.spec(), located.name(), null);
        try (LiquibaseConnection connection =
            LiquibaseConnection.open(borrowed, settings, getLog())) {
          LiquibaseCommand.named("update")
              .arg("changeExecListener", new ChangeSetLog(getLog()))
              .run(connection, settings, getLog());
        }
      }
      if (flyway != null) {
        new io.github.liquibasecitus.check.flyway.FlywayApply(
                flyway, located.spec(), operationsLog())
            .update();
      }
    } catch (Exception e) {
      located.close();
      throw e;
    }
    getLog()
        .info(
            label()
                + ": no "
                + PropertyNames.URL
                + " given: advising on the database that "
                + (fromChangeLog ? settings.changeLogFile() : "")
                + (fromChangeLog && flyway != null ? " and " : "")
                + (flyway != null ? "the project's Flyway migrations" : "")
                + (flyway != null ? " make" : " makes")
                + " on a throwaway cluster");
    return located;
  }

  @Override
  boolean applyOnGivenCluster() {
    return false;
  }

  @Override
  FlywayCheck.Options flywayOptions() {
    return generatedFlyway;
  }

  /** The roles the source has (names only), then its schema, into the throwaway cluster. */
  @Override
  void prepareTarget(ClusterLocator.Located target) throws Exception {
    Path schema = outputDirectory.toPath().resolve("schema.sql");
    int[] restored;
    try (Connection connection = target.spec().open()) {
      SchemaDump.load(connection, schema, roles);
      restored = catalog.restoreCitus(connection);
    } catch (java.sql.SQLException e) {
      throw new MojoFailureException(
          said(
              "could not load the database's schema ("
                  + relative(schema)
                  + ") into "
                  + target.name()
                  + ": "
                  + Failures.withoutFinalStop(e.getMessage())
                  + ". Its extensions must be installed where Citus is; or give -D"
                  + PropertyNames.ADVISE_APPLY
                  + "=false to check the changelog offline only"),
          e);
    }
    getLog()
        .info(
            label()
                + ": loaded the database's schema into "
                + target.name()
                + (roles.isEmpty() ? "" : " (with its " + roles.size() + " role(s), NOLOGIN)")
                + (restored[0] + restored[1] == 0
                    ? ""
                    : "; made again what Citus had made of it: "
                        + restored[0]
                        + " reference table(s), "
                        + restored[1]
                        + " distributed schema(s)"));
  }

  /** Every schema the plan distributes must be a distributed schema on one node, and so on. */
  @Override
  List<Finding> afterApply(Connection target) throws Exception {
    CarriedOut carriedOut = CarriedOut.read(target);
    String file = changeLogFile == null ? relative(written.changeLog()) : changeLogFile;
    List<Finding> findings = new ArrayList<>();
    for (CarriedOut.Gap gap : carriedOut.gaps(plan)) {
      findings.add(
          ApplyCheck.PLAN_NOT_CARRIED_OUT.at(
              new Location(file, 0, gap.changeSet(), gap.object()), gap.message()));
    }
    if (plan.toDistribute().isEmpty()) {
      getLog().info(label() + ": the plan distributes no schema");
    } else {
      getLog().info(label() + ": after the apply, each distributed schema on one node:");
      carriedOut.lines(plan).forEach(line -> getLog().info(line));
    }
    for (AdvisePlan.SchemaDecision s : plan.blocked()) {
      getLog()
          .info(label() + ": not distributed, as planned: " + s.schema() + " (" + s.reason() + ")");
    }
    return findings;
  }

  private static Set<String> names(List<String> given) {
    return given == null
        ? Set.of()
        : given.stream()
            .flatMap(s -> java.util.Arrays.stream(s.split(",")))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
  }

  private String relative(Path path) {
    Path base = basedir.toPath().toAbsolutePath();
    Path abs = path.toAbsolutePath();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  /**
   * The first host of a JDBC URL's host list and its port (5432 when none is given), as pg_dump
   * takes them: an IPv6 address without its brackets.
   */
  static String[] firstHost(String hosts) {
    String first = hosts.split(",")[0];
    if (first.startsWith("[")) {
      int close = first.indexOf(']');
      String port = first.startsWith(":", close + 1) ? first.substring(close + 2) : "5432";
      return new String[] {first.substring(1, close), port};
    }
    int colon = first.lastIndexOf(':');
    return colon < 0
        ? new String[] {first, "5432"}
        : new String[] {first.substring(0, colon), first.substring(colon + 1)};
  }

  /** The URL's sslmode for pg_dump; pgJDBC's {@code ssl=true} alone means {@code require}. */
  private static String sslMode(String query) {
    String mode = queryParameter(query, "sslmode");
    if (mode == null && "true".equalsIgnoreCase(queryParameter(query, "ssl"))) {
      return "require";
    }
    return mode;
  }

  private static String queryParameter(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.replaceFirst("^\\?", "").split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return pair.substring(eq + 1);
      }
    }
    return null;
  }
}
