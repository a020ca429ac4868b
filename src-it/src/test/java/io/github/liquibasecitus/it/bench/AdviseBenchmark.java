package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.check.advise.AdviseOutput;
import io.github.liquibasecitus.check.advise.AdvisePlan;
import io.github.liquibasecitus.check.advise.Catalog;
import io.github.liquibasecitus.cluster.CitusCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * citus:advise's speed on an app of 5,000 tables (500 service schemas of 10 tables with foreign
 * keys inside, every service referencing a shared lookup schema, one schema in ten blocked by a
 * trigger): the API (read the catalogs, plan, write) and the whole {@code mvn citus:advise} build
 * with its offline check ({@code -Dcitus.advise.apply=false}), against {@code mvn citus:status
 * -Dcitus.status.sizes=false} on the same database as the baseline (Maven start-up, a connection,
 * catalogs). Three rounds, alternating; medians.
 */
final class AdviseBenchmark {
  private static final int ROUNDS = 3;
  private static final int SCHEMAS = 500;
  private static final int TABLES_PER_SCHEMA = 10;

  private AdviseBenchmark() {}

  static List<String> run(CitusCluster cluster) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(
        "citus:advise over "
            + SCHEMAS * TABLES_PER_SCHEMA
            + " tables in "
            + SCHEMAS
            + " schemas (plus a lookup schema)");
    Path dir = Files.createTempDirectory("citus-advise-bench");
    Files.writeString(dir.resolve("pom.xml"), UpdateSpeedBenchmark.pom());
    Files.writeString(dir.resolve("settings.xml"), UpdateSpeedBenchmark.settings(cluster));
    try (CitusCluster db = cluster.newDatabase("bench_advise").orElseThrow()) {
      build(db);
      double[] api = new double[ROUNDS];
      double[] advise = new double[ROUNDS];
      double[] status = new double[ROUNDS];
      AdvisePlan plan = null;
      CheckBenchmark.mvn(
          db, dir, "citus:advise", "-Dcitus.advise.apply=false"); // warm-up: plugins resolved
      for (int i = 0; i < ROUNDS; i++) {
        if (i % 2 == 0) {
          status[i] = CheckBenchmark.mvn(db, dir, "citus:status", "-Dcitus.status.sizes=false");
          advise[i] = CheckBenchmark.mvn(db, dir, "citus:advise", "-Dcitus.advise.apply=false");
        } else {
          advise[i] = CheckBenchmark.mvn(db, dir, "citus:advise", "-Dcitus.advise.apply=false");
          status[i] = CheckBenchmark.mvn(db, dir, "citus:status", "-Dcitus.status.sizes=false");
        }
        long start = System.nanoTime();
        try (Connection c = db.connect()) {
          plan = AdvisePlan.of(Catalog.read(c), AdvisePlan.Options.defaults());
        }
        AdviseOutput.write(plan, AdviseOutput.Format.XML, "1000", dir.resolve("api"));
        api[i] = (System.nanoTime() - start) / 1e9;
      }
      int expected = SCHEMAS - SCHEMAS / 10;
      if (plan.toDistribute().size() != expected || plan.blocked().size() != SCHEMAS / 10) {
        throw new IllegalStateException(
            "expected "
                + expected
                + " schemas to distribute and "
                + SCHEMAS / 10
                + " blocked: "
                + plan.toDistribute().size()
                + ", "
                + plan.blocked().size());
      }
      lines.add(
          String.format(
              "%-36s %-28s %-28s %s",
              "API: read, plan, write (s)",
              "mvn citus:advise (s)",
              "mvn citus:status (s)",
              "ratio"));
      lines.add(
          String.format(
              "%-36s %-28s %-28s %.2fx",
              UpdateSpeedBenchmark.seconds(api),
              UpdateSpeedBenchmark.seconds(advise),
              UpdateSpeedBenchmark.seconds(status),
              UpdateSpeedBenchmark.median(advise) / UpdateSpeedBenchmark.median(status)));
      lines.add(
          "plan: "
              + plan.references().size()
              + " reference table(s), "
              + plan.toDistribute().size()
              + " schema(s) to distribute, "
              + plan.blocked().size()
              + " blocked");
      lines.add("goal: citus:advise over 5,000 tables under 10 s, Maven start-up included");
    }
    return lines;
  }

  private static void build(CitusCluster db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA lookup");
      s.execute("CREATE TABLE lookup.countries (code text PRIMARY KEY, name text)");
      s.execute(
          "CREATE FUNCTION lookup.touch() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN RETURN NEW; END $$");
      for (int from = 1; from <= SCHEMAS; from += 50) {
        s.execute(
            "DO $$ BEGIN FOR i IN "
                + from
                + " .. "
                + (from + 49)
                + " LOOP"
                + " EXECUTE format('CREATE SCHEMA svc%s', i);"
                + " EXECUTE format('CREATE TABLE svc%s.t1 (id bigint PRIMARY KEY, country text"
                + " REFERENCES lookup.countries (code))', i);"
                + " FOR j IN 2 .. "
                + TABLES_PER_SCHEMA
                + " LOOP EXECUTE format('CREATE TABLE svc%s.t%s (id bigint PRIMARY KEY, parent"
                + " bigint REFERENCES svc%s.t1 (id), body text)', i, j, i); END LOOP;"
                + " IF i % 10 = 0 THEN EXECUTE format('CREATE TRIGGER touch BEFORE INSERT ON"
                + " svc%s.t2 FOR EACH ROW EXECUTE FUNCTION lookup.touch()', i); END IF;"
                + " END LOOP; END $$");
      }
    }
  }
}
