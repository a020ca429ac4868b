package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.check.CheckResult;
import io.github.liquibasecitus.check.CheckSettings;
import io.github.liquibasecitus.check.flyway.FlywayCheck;
import io.github.liquibasecitus.check.sql.SqlScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * citus:check's offline speed on SQL: 2,000 Flyway migrations of the shapes real projects write (a
 * table with keys and a foreign key, its index, a column added, a trigger function with a
 * dollar-quoted body, reference data), checked by {@link FlywayCheck} (split, read, model, rules),
 * against the baseline of reading the same files and giving every statement to JSqlParser alone. No
 * cluster. Three rounds after a warm-up; medians.
 */
final class SqlCheckBenchmark {
  private static final int ROUNDS = 3;
  private static final int MIGRATIONS = 2000;

  private SqlCheckBenchmark() {}

  static List<String> run() throws Exception {
    Path dir = Files.createTempDirectory("citus-check-sql-bench");
    Path migrations = Files.createDirectories(dir.resolve("db/migration"));
    Files.writeString(
        migrations.resolve("V0__schemas.sql"),
        "SET citus.enable_schema_based_sharding TO on;\nCREATE SCHEMA app;\n"
            + "RESET citus.enable_schema_based_sharding;\n",
        StandardCharsets.UTF_8);
    for (int i = 1; i <= MIGRATIONS; i++) {
      Files.writeString(migrations.resolve("V" + i + "__m" + i + ".sql"), migration(i));
    }
    FlywayCheck.Options options =
        new FlywayCheck.Options(
            List.of(
                new FlywayCheck.MigrationSet(
                    "bench", List.of("filesystem:db/migration"), Map.of(), "app")),
            dir,
            List.of(),
            false,
            false,
            null);
    double[] ours = new double[ROUNDS];
    double[] parser = new double[ROUNDS];
    int statements = 0;
    for (int round = -1; round < ROUNDS; round++) {
      long start = System.nanoTime();
      CheckResult result = FlywayCheck.run(options, CheckSettings.defaults());
      double o = (System.nanoTime() - start) / 1e9;
      if (result.findings().stream().anyMatch(f -> !f.rule().id().equals("CITUS017"))) {
        throw new IllegalStateException("unexpected findings: " + result.findings().get(0));
      }
      start = System.nanoTime();
      int count = 0;
      try (var files = Files.list(migrations)) {
        for (Path f : files.sorted().toList()) {
          for (SqlScript.Statement s : SqlScript.split(Files.readString(f))) {
            try {
              CCJSqlParserUtil.newParser(s.text()).Statement();
            } catch (Exception | Error e) {
              // counted as read all the same: the baseline only pays the parse
            }
            count++;
          }
        }
      }
      double p = (System.nanoTime() - start) / 1e9;
      if (round >= 0) {
        ours[round] = o;
        parser[round] = p;
        statements = count;
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "citus:check offline on SQL: "
            + MIGRATIONS
            + " Flyway migrations, "
            + statements
            + " statements");
    lines.add(String.format("%-52s %s", "", "seconds per round"));
    lines.add(
        String.format(
            "%-52s %s",
            "JSqlParser on every statement (baseline)", UpdateSpeedBenchmark.seconds(parser)));
    lines.add(
        String.format(
            "%-52s %s",
            "FlywayCheck (find, split, read, model, rules)", UpdateSpeedBenchmark.seconds(ours)));
    lines.add(
        String.format(
            "ratio of medians: %.2fx; goal: check time under 3 s",
            UpdateSpeedBenchmark.median(ours) / UpdateSpeedBenchmark.median(parser)));
    return lines;
  }

  /** One migration of a service: its table, keys, index, trigger function, data. */
  private static String migration(int i) {
    String t = "t" + i;
    String previous = i > 1 ? "t" + (i - 1) : null;
    return "-- migration "
        + i
        + "\nCREATE TABLE "
        + t
        + " (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  created timestamptz DEFAULT"
        + " now()"
        + (previous == null ? "" : ",\n  prev_id bigint REFERENCES " + previous + " (id)")
        + "\n);\n"
        + "CREATE INDEX "
        + t
        + "_name ON "
        + t
        + " (name);\n"
        + "ALTER TABLE "
        + t
        + " ADD COLUMN note text;\n"
        + "CREATE OR REPLACE FUNCTION "
        + t
        + "_stamp() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.created := now();"
        + " -- ; not the end\n  RETURN NEW;\nEND\n$$;\n"
        + "INSERT INTO "
        + t
        + " (id, name) VALUES (1, 'it''s; fine') ON CONFLICT DO NOTHING;\n"
        + "COMMENT ON TABLE "
        + t
        + " IS 'table "
        + i
        + "';\n";
  }
}
