package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.check.CheckResult;
import io.github.liquibasecitus.check.CheckSettings;
import io.github.liquibasecitus.check.ClusterRules;
import io.github.liquibasecitus.check.changelog.ChangeLogCheck;
import io.github.liquibasecitus.cluster.CitusCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.database.core.PostgresDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * citus:check's speed: the cluster rules at 500 and 5,000 distributed tables (each a shard group of
 * its own, the worst case), as the API and as a whole {@code mvn citus:check} build (Maven start-up
 * included) against {@code mvn citus:status -Dcitus.status.sizes=false} (a build that reads the
 * same catalogs) as the baseline; and the offline rules on a 2,000-changeset changelog against
 * Liquibase's own parse of it. Three rounds, alternating; medians.
 */
final class CheckBenchmark {
  private static final int ROUNDS = 3;
  private static final int CHANGESETS = 2000;

  private CheckBenchmark() {}

  static List<String> run(CitusCluster cluster) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("citus:check: cluster rules (catalogs only) and offline rules");
    lines.add(
        String.format(
            "%-10s %-28s %-28s %-28s %s",
            "tables",
            "ClusterRules API (s)",
            "mvn citus:check (s)",
            "mvn citus:status (s)",
            "ratio"));
    Path dir = Files.createTempDirectory("citus-check-bench");
    Files.writeString(dir.resolve("pom.xml"), UpdateSpeedBenchmark.pom());
    Files.writeString(dir.resolve("settings.xml"), UpdateSpeedBenchmark.settings(cluster));
    double api500 = 0;
    double api5000 = 0;
    try (CitusCluster db = cluster.newDatabase("bench_check").orElseThrow()) {
      int made = 0;
      for (int target : new int[] {500, 5000}) {
        made = grow(db, made, target);
        double[] api = new double[ROUNDS];
        double[] check = new double[ROUNDS];
        double[] status = new double[ROUNDS];
        mvn(db, dir, "citus:check"); // warm-up: plugins resolved
        for (int i = 0; i < ROUNDS; i++) {
          if (i % 2 == 0) {
            status[i] = mvn(db, dir, "citus:status", "-Dcitus.status.sizes=false");
            check[i] = mvn(db, dir, "citus:check");
          } else {
            check[i] = mvn(db, dir, "citus:check");
            status[i] = mvn(db, dir, "citus:status", "-Dcitus.status.sizes=false");
          }
          long start = System.nanoTime();
          CheckResult result;
          try (Connection c = db.connect()) {
            result = ClusterRules.check(c, CheckSettings.defaults());
          }
          api[i] = (System.nanoTime() - start) / 1e9;
          if (result.findings().stream().anyMatch(f -> f.rule().id().equals("CITUS109"))) {
            throw new IllegalStateException("unexpected: " + result.findings());
          }
        }
        if (target == 500) {
          api500 = UpdateSpeedBenchmark.median(api);
        } else {
          api5000 = UpdateSpeedBenchmark.median(api);
        }
        lines.add(
            String.format(
                "%-10d %-28s %-28s %-28s %.2fx",
                target,
                UpdateSpeedBenchmark.seconds(api),
                UpdateSpeedBenchmark.seconds(check),
                UpdateSpeedBenchmark.seconds(status),
                UpdateSpeedBenchmark.median(check) / UpdateSpeedBenchmark.median(status)));
      }
    }
    lines.add(
        String.format(
            "growth of the API time from 500 to 5,000 tables: %.1fx (linear would be 10x)",
            api5000 / api500));
    lines.add("goal: mvn citus:check under 5 s at 5,000 tables, Maven start-up included");

    Path changelogs = Files.createTempDirectory("citus-check-offline");
    Files.writeString(changelogs.resolve("big.xml"), bigChangelog());
    double[] ours = new double[ROUNDS];
    double[] parse = new double[ROUNDS];
    for (int i = -1; i < ROUNDS; i++) { // round -1 warms up
      long start = System.nanoTime();
      ChangeLogParameters params = new ChangeLogParameters(new PostgresDatabase());
      DirectoryResourceAccessor resources = new DirectoryResourceAccessor(changelogs);
      Scope.child(
          Map.of(Scope.Attr.resourceAccessor.name(), resources),
          () ->
              ChangeLogParserFactory.getInstance()
                  .getParser("big.xml", resources)
                  .parse("big.xml", params, resources));
      double p = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      CheckResult result =
          ChangeLogCheck.run(
              new DirectoryResourceAccessor(changelogs),
              ChangeLogCheck.Options.of("big.xml"),
              CheckSettings.defaults());
      double o = (System.nanoTime() - start) / 1e9;
      if (!result.findings().isEmpty()) {
        throw new IllegalStateException("the generated changelog is clean: " + result.findings());
      }
      if (i >= 0) {
        parse[i] = p;
        ours[i] = o;
      }
    }
    lines.add("");
    lines.add(
        String.format("%-46s %s", "offline, " + CHANGESETS + " changesets", "seconds per round"));
    lines.add(
        String.format(
            "%-46s %s", "Liquibase's parse alone (baseline)", UpdateSpeedBenchmark.seconds(parse)));
    lines.add(
        String.format(
            "%-46s %s",
            "ChangeLogCheck (parse + model + 13 rules)", UpdateSpeedBenchmark.seconds(ours)));
    lines.add(
        String.format(
            "ratio of medians: %.2fx (goal: under 3 s)",
            UpdateSpeedBenchmark.median(ours) / UpdateSpeedBenchmark.median(parse)));
    return lines;
  }

  /** Single-shard tables with a primary key, each a group of its own, in batches. */
  private static int grow(CitusCluster db, int from, int to) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS bench");
      for (int start = from + 1; start <= to; start += 250) {
        int end = Math.min(to, start + 249);
        s.execute(
            "DO $$ BEGIN FOR i IN "
                + start
                + " .. "
                + end
                + " LOOP EXECUTE format('CREATE TABLE bench.t%s (id bigint PRIMARY KEY)', i);"
                + " PERFORM create_distributed_table(format('bench.t%s', i), NULL,"
                + " colocate_with => 'none'); END LOOP; END $$");
      }
    }
    return to;
  }

  private static String bigChangelog() {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<databaseChangeLog"
                + " xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\""
                + " xmlns:citus=\"https://liquibase-citus.github.io/xml/ns/citus\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog"
                + " http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd"
                + " https://liquibase-citus.github.io/xml/ns/citus"
                + " https://liquibase-citus.github.io/xml/ns/citus/liquibase-citus-0.1.xsd\">\n");
    for (int i = 0; i < CHANGESETS; i++) {
      String tenant = "tenant" + (i / 10);
      xml.append("<changeSet id=\"t")
          .append(i)
          .append("\" author=\"bench\"><createTable tableName=\"t")
          .append(i)
          .append("\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/>")
          .append("</column><column name=\"body\" type=\"text\"/></createTable>")
          .append("<citus:createSingleShardTable tableName=\"t")
          .append(i)
          .append("\" tenantId=\"")
          .append(tenant)
          .append("\"/></changeSet>\n");
    }
    return xml.append("</databaseChangeLog>\n").toString();
  }

  static double mvn(CitusCluster db, Path dir, String goal, String... options) throws Exception {
    List<String> all =
        new ArrayList<>(List.of("-Dcitus.url=" + db.jdbcUrl(), "-Dcitus.server=citus"));
    all.addAll(Arrays.asList(options));
    return UpdateSpeedBenchmark.timedMvn(dir, goal, all.toArray(String[]::new));
  }
}
