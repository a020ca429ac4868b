package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.TransferMode;

/**
 * What {@code citus_rebalance_start} is asked to do.
 *
 * @param strategy a rebalance strategy ({@code by_shard_count}, {@code by_disk_size} or one of the
 *     cluster's own); null for the cluster's default
 * @param drainOnly move shards only off nodes marked to hold none
 * @param mode how shards move
 * @param parallelReferenceTables Citus 13.2+: copy reference tables in parallel; null to leave
 *     Citus' default (and to run on older versions)
 * @param parallelColocatedShards Citus 13.2+: move the shards of a colocation group in parallel;
 *     null to leave Citus' default
 */
public record RebalanceOptions(
    String strategy,
    boolean drainOnly,
    TransferMode mode,
    Boolean parallelReferenceTables,
    Boolean parallelColocatedShards) {

  /** The oldest Citus whose {@code citus_rebalance_start} takes the parallel options. */
  static final String PARALLEL_SINCE = "13.2";

  public RebalanceOptions {
    if (mode == null) {
      throw new IllegalArgumentException("a transfer mode is required: " + TransferMode.allNames());
    }
  }

  /** Citus' defaults: its default strategy, every node, {@code auto} moves. */
  public static RebalanceOptions defaults() {
    return new RebalanceOptions(null, false, TransferMode.AUTO, null, null);
  }

  /** The same, moving shards only off nodes marked to hold none. */
  public RebalanceOptions drainingOnly() {
    return new RebalanceOptions(
        strategy, true, mode, parallelReferenceTables, parallelColocatedShards);
  }

  boolean asksParallel() {
    return parallelReferenceTables != null || parallelColocatedShards != null;
  }
}
