package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.check.changelog.TracingListener;
import io.github.liquibasecitus.check.trace.LockTrace;
import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.it.LiquibaseRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.visitor.AbstractChangeExecListener;

/**
 * The apply mode's trace: a changelog of the shapes real changelogs have (a hash-distributed table
 * with rows, then added columns, indexes, NOT VALID checks and single-row updates) applied with
 * Liquibase's update as the apply mode runs it, with the trace (a probe read on every node per
 * changeset, inside its transaction) against without it (the baseline), each into a fresh database,
 * alternating, three rounds; the ratio of medians.
 */
final class TraceBenchmark {
  private static final int ROUNDS = 3;
  private static final int CHANGESETS = 40;

  private TraceBenchmark() {}

  static List<String> run(CitusCluster cluster) throws Exception {
    Path dir = Files.createTempDirectory("citus-trace-bench");
    Path changelog = dir.resolve("changelog.xml");
    Files.writeString(changelog, changelog());
    double[] plain = new double[ROUNDS];
    double[] traced = new double[ROUNDS];
    int steps = 0;
    int locked = 0;
    for (int i = 0; i < ROUNDS; i++) {
      for (boolean trace : i % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        try (CitusCluster db =
            cluster.newDatabase("bench_trace_" + i + (trace ? "_t" : "_p")).orElseThrow()) {
          LiquibaseRun run = LiquibaseRun.at(db, changelog);
          if (trace) {
            try (Connection probe = db.connect()) {
              long start = System.nanoTime();
              LockTrace lockTrace = new LockTrace(probe);
              run.update(new TracingListener(new AbstractChangeExecListener() {}, lockTrace));
              List<LockTrace.Step> done = lockTrace.finish();
              traced[i] = (System.nanoTime() - start) / 1e9;
              steps = done.size();
              locked = (int) done.stream().filter(s -> !s.locks().isEmpty()).count();
            }
          } else {
            long start = System.nanoTime();
            run.update();
            plain[i] = (System.nanoTime() - start) / 1e9;
          }
        }
      }
    }
    if (steps != CHANGESETS) {
      throw new IllegalStateException("traced " + steps + " of " + CHANGESETS + " changesets");
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "apply mode's trace: "
            + CHANGESETS
            + " changesets on a hash-distributed table of 20,000 rows ("
            + locked
            + " traced holding locks that make reads or writes wait)");
    lines.add(String.format("%-44s %-28s %s", "run", "seconds per round", "ratio of medians"));
    lines.add(
        String.format(
            "%-44s %-28s %s",
            "Liquibase update (baseline)", UpdateSpeedBenchmark.seconds(plain), "1"));
    lines.add(
        String.format(
            "%-44s %-28s %.2fx (goal <= 1.3x)",
            "Liquibase update with the trace",
            UpdateSpeedBenchmark.seconds(traced),
            UpdateSpeedBenchmark.median(traced) / UpdateSpeedBenchmark.median(plain)));
    return lines;
  }

  private static String changelog() {
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"")
        .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
        .append(" xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog")
        .append(" http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd\">\n")
        .append("  <changeSet id=\"0\" author=\"bench\">\n")
        .append(
            "    <sql>CREATE TABLE orders (id bigint PRIMARY KEY, customer bigint, note text);\n")
        .append("SELECT create_distributed_table('orders', 'id');\n")
        .append(
            "INSERT INTO orders SELECT g, g % 100, 'n' FROM generate_series(1, 20000) g;</sql>\n")
        .append("  </changeSet>\n");
    for (int i = 1; i < CHANGESETS; i++) {
      x.append("  <changeSet id=\"").append(i).append("\" author=\"bench\">\n");
      switch (i % 4) {
        case 0 ->
            x.append("    <addColumn tableName=\"orders\"><column name=\"c")
                .append(i)
                .append("\" type=\"int\"/></addColumn>\n");
        case 1 ->
            x.append("    <createIndex tableName=\"orders\" indexName=\"orders_customer_")
                .append(i)
                .append("\"><column name=\"customer\"/></createIndex>\n");
        case 2 ->
            x.append("    <sql>ALTER TABLE orders ADD CONSTRAINT positive_")
                .append(i)
                .append(" CHECK (id &gt; 0) NOT VALID</sql>\n");
        default ->
            x.append("    <sql>UPDATE orders SET note = 'x' WHERE id = ")
                .append(i)
                .append("</sql>\n");
      }
      x.append("  </changeSet>\n");
    }
    return x.append("</databaseChangeLog>\n").toString();
  }
}
