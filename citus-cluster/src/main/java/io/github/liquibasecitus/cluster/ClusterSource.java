package io.github.liquibasecitus.cluster;

import java.util.function.Supplier;

/** One way to get a cluster, found available: its name and how to open it. */
public record ClusterSource(String name, Supplier<CitusCluster> opener) {
  /** Connects to, or starts, the cluster. */
  public CitusCluster open() {
    return opener.get();
  }
}
