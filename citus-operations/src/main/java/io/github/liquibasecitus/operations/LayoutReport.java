package io.github.liquibasecitus.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The nodes before and after a rebalance or drain: shard groups, schemas, tenants and bytes. */
final class LayoutReport {
  private LayoutReport() {}

  static List<String> lines(ClusterStatus before, ClusterStatus after) {
    Map<String, long[]> b = perNode(before);
    Map<String, long[]> a = perNode(after);
    Map<String, Boolean> nodes = new LinkedHashMap<>();
    b.keySet().forEach(n -> nodes.put(n, true));
    a.keySet().forEach(n -> nodes.put(n, true));
    TextTable table = TextTable.of("NODE", "SHARD GROUPS", "SCHEMAS", "TENANTS", "SIZE");
    for (String node : nodes.keySet()) {
      long[] x = b.getOrDefault(node, new long[5]);
      long[] y = a.getOrDefault(node, new long[5]);
      table.row(
          node,
          change(x[0], y[0]),
          change(x[1], y[1]),
          change(x[2], y[2]),
          before.sizesKnown() && after.sizesKnown()
              ? change(TextTable.size(x[3]), TextTable.size(y[3]))
              : null);
    }
    return table.lines("  ");
  }

  private static String change(Object before, Object after) {
    return before.equals(after) ? String.valueOf(after) : before + " -> " + after;
  }

  /** Per node address: shard groups, schemas, tenants, bytes; nodes that may hold shards. */
  private static Map<String, long[]> perNode(ClusterStatus status) {
    Map<String, long[]> nodes = new LinkedHashMap<>();
    for (ClusterStatus.Node n : status.nodes()) {
      if (n.coordinator() && !n.holdsShards() && n.shardGroups() == 0) {
        continue;
      }
      long[] v = new long[5];
      v[0] = n.shardGroups();
      v[3] = n.bytes() == null ? 0 : n.bytes();
      nodes.put(n.address(), v);
    }
    for (ClusterStatus.Group g : status.schemas()) {
      if (g.node() != null && nodes.containsKey(g.node())) {
        nodes.get(g.node())[1]++;
      }
    }
    for (ClusterStatus.Group g : status.tenants()) {
      if (g.node() != null && nodes.containsKey(g.node())) {
        nodes.get(g.node())[2]++;
      }
    }
    return nodes;
  }
}
