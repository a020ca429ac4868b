package io.github.liquibasecitus.it.bench;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.CitusClusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks, as a program ({@code mvn -B verify -pl src-it -Pbench}): one cluster, every
 * measurement against a baseline of the same invocation, a table each, and a failure when a
 * placement is wrong. Speed goals are read from the tables, never asserted as timings.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    List<String> which = List.of(String.join(",", args).split(","));
    if (which.equals(List.of("sql"))) {
      // Offline: no cluster needed.
      SqlCheckBenchmark.run().forEach(System.out::println);
      return;
    }
    try (CitusCluster cluster = CitusClusters.fromEnvironment().forTests().open()) {
      List<String> out = new ArrayList<>();
      out.add("Benchmarks on " + cluster.description());
      if (which.contains("placement")) {
        out.add("");
        out.addAll(TenantPlacementBenchmark.run(cluster));
      }
      if (which.contains("update")) {
        out.add("");
        out.addAll(UpdateSpeedBenchmark.run(cluster));
      }
      if (which.contains("tools")) {
        out.add("");
        out.addAll(MigrationToolsBenchmark.run(cluster));
      }
      if (which.contains("check")) {
        out.add("");
        out.addAll(CheckBenchmark.run(cluster));
      }
      if (which.contains("sql")) {
        out.add("");
        out.addAll(SqlCheckBenchmark.run());
      }
      if (which.contains("trace")) {
        out.add("");
        out.addAll(TraceBenchmark.run(cluster));
      }
      if (which.contains("rebalance")) {
        out.add("");
        out.addAll(RebalanceBenchmark.run(cluster));
      }
      if (which.contains("advise")) {
        out.add("");
        out.addAll(AdviseBenchmark.run(cluster));
      }
      if (which.contains("move")) {
        out.add("");
        out.addAll(TenantMoveBenchmark.run(cluster));
      }
      out.forEach(System.out::println);
    }
  }
}
