package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a rebalance has nothing to move, in plain words: the strategy and its threshold, what the
 * nodes hold, and another strategy that would move something.
 *
 * @param reasons sentences, each a line
 * @param strategyThatMoves a strategy whose plan is not empty, or null
 * @param movesWithIt how many shard groups that strategy would move
 */
public record EmptyPlan(List<String> reasons, String strategyThatMoves, int movesWithIt) {

  /** The strategy Citus balances shard group counts with. */
  static final String BY_SHARD_COUNT = "by_shard_count";

  static EmptyPlan explain(Connection c, RebalanceOptions options, ClusterStatus status)
      throws SQLException {
    List<String> reasons = new ArrayList<>();
    List<ClusterStatus.Node> holders =
        status.nodes().stream().filter(n -> n.active() && n.holdsShards()).toList();
    String perNode =
        status.nodes().stream()
            .filter(n -> n.shardGroups() > 0 || n.holdsShards())
            .map(n -> n.address() + " " + n.shardGroups())
            .collect(Collectors.joining(", "));
    if (options.drainOnly()) {
      List<String> marked =
          status.nodes().stream()
              .filter(n -> !n.coordinator() && !n.holdsShards())
              .map(n -> n.address() + " (" + n.shardGroups() + " shard groups)")
              .toList();
      reasons.add(
          marked.isEmpty()
              ? "Only draining was asked, and no node is marked to hold no shards"
                  + " (shouldhaveshards = false)."
              : "Only draining was asked, and the nodes marked to hold no shards hold none: "
                  + String.join(", ", marked)
                  + ".");
      return new EmptyPlan(reasons, null, 0);
    }
    if (holders.size() < 2) {
      reasons.add(
          "Fewer than two active nodes may hold shards ("
              + (holders.isEmpty()
                  ? "none"
                  : holders.stream()
                      .map(ClusterStatus.Node::address)
                      .collect(Collectors.joining(", ")))
              + "): add a worker (citus_add_node) or let one hold shards again"
              + " (citus_set_node_property(..., 'shouldhaveshards', true)).");
      return new EmptyPlan(reasons, null, 0);
    }
    List<List<String>> strategy =
        PinnedSearchPath.rows(
            c,
            "SELECT name, default_threshold, improvement_threshold,"
                + " shard_cost_function::regproc::text,"
                + " current_setting('citus.rebalancer_by_disk_size_base_cost', true)"
                + " FROM pg_dist_rebalance_strategy"
                + " WHERE name = ?::name OR (?::name IS NULL AND default_strategy)",
            options.strategy(),
            options.strategy());
    if (strategy.isEmpty()) {
      reasons.add("The cluster has no rebalance strategy named " + options.strategy() + ".");
      return new EmptyPlan(reasons, null, 0);
    }
    List<String> s = strategy.get(0);
    String name = s.get(0);
    double threshold = Double.parseDouble(s.get(1));
    StringBuilder how =
        new StringBuilder("Strategy ")
            .append(name)
            .append(options.strategy() == null ? " (the cluster's default)" : "");
    if (s.get(3).endsWith("citus_shard_cost_by_disk_size")) {
      how.append(" weighs shard groups by their size on disk, each at least ")
          .append(s.get(4))
          .append(" (citus.rebalancer_by_disk_size_base_cost), so small groups all weigh the same");
    } else if (s.get(3).endsWith("citus_shard_cost_1")) {
      how.append(" counts shard groups");
    } else {
      how.append(" weighs shard groups with ").append(s.get(3));
    }
    how.append("; it moves only when a node holds more than ")
        .append(Math.round(threshold * 100))
        .append("% above the average (threshold ")
        .append(s.get(1))
        .append(") and a move improves the balance enough (improvement threshold ")
        .append(s.get(2))
        .append(").");
    reasons.add(how.toString());
    reasons.add("Shard groups per node: " + (perNode.isEmpty() ? "none" : perNode) + ".");
    if (!BY_SHARD_COUNT.equals(name)) {
      RebalancePlan other =
          RebalancePlan.read(
              c,
              new RebalanceOptions(
                  BY_SHARD_COUNT,
                  false,
                  options.mode(),
                  options.parallelReferenceTables(),
                  options.parallelColocatedShards()),
              false,
              new ShardGroups());
      if (!other.isEmpty()) {
        reasons.add(
            "Strategy "
                + BY_SHARD_COUNT
                + " would move "
                + other.moves().size()
                + " shard group(s) to even out their number.");
        return new EmptyPlan(reasons, BY_SHARD_COUNT, other.moves().size());
      }
    }
    return new EmptyPlan(reasons, null, 0);
  }
}
