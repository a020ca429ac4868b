package io.github.liquibasecitus.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ClusterStatus} as text: one section per kind of object, aligned columns under headers.
 * Long lists of schemas or tenants are summarised per node unless all are asked for.
 */
public final class StatusReport {
  /** More schemas or tenants than this are summarised per node. */
  public static final int LIST_LIMIT = 50;

  private final boolean showAll;
  private final String showAllHint;

  /**
   * @param showAll list every schema and tenant however many there are
   * @param showAllHint how the reader asks for all, e.g. {@code -Dcitus.status.all=true}
   */
  public StatusReport(boolean showAll, String showAllHint) {
    this.showAll = showAll;
    this.showAllHint = showAllHint;
  }

  public List<String> lines(ClusterStatus status) {
    List<String> lines = new ArrayList<>();
    TextTable nodes = TextTable.of("NODE", "ROLE", "STATE", "SHARDS", "SHARD GROUPS", "SIZE");
    for (ClusterStatus.Node n : status.nodes()) {
      nodes.row(
          n.address(),
          n.coordinator() ? "coordinator" : "worker",
          n.active() ? "active" : "inactive",
          n.holdsShards() ? "holds shards" : "no shards",
          n.shardGroups(),
          TextTable.size(n.bytes()));
    }
    section(lines, "Nodes", status.nodes().size(), nodes);
    groups(lines, "Distributed schemas", "SCHEMA", status.schemas());
    if (status.libraryInstalled()) {
      groups(lines, "Tenants", "TENANT", status.tenants());
    } else if (status.libraryProblem() != null) {
      lines.add("Tenants: not shown: " + status.libraryProblem());
    }
    TextTable local = TextTable.of("TABLE");
    status.localTables().forEach(local::row);
    section(lines, "Tables not distributed", status.localTables().size(), local);
    return lines;
  }

  private void groups(
      List<String> lines, String title, String column, List<ClusterStatus.Group> groups) {
    if (showAll || groups.size() <= LIST_LIMIT) {
      TextTable table = TextTable.of(column, "NODE", "TABLES", "SIZE", "OWNER");
      for (ClusterStatus.Group g : groups) {
        table.row(g.name(), g.node(), g.tables(), TextTable.size(g.bytes()), g.owner());
      }
      section(lines, title, groups.size(), table);
      return;
    }
    Map<String, long[]> perNode = new LinkedHashMap<>();
    boolean sized = false;
    for (ClusterStatus.Group g : groups) {
      long[] sums = perNode.computeIfAbsent(g.node() == null ? "-" : g.node(), k -> new long[3]);
      sums[0]++;
      sums[1] += g.tables();
      if (g.bytes() != null) {
        sums[2] += g.bytes();
        sized = true;
      }
    }
    TextTable table = TextTable.of("NODE", column + "S", "TABLES", "SIZE");
    for (Map.Entry<String, long[]> e : perNode.entrySet()) {
      long[] s = e.getValue();
      table.row(e.getKey(), s[0], s[1], sized ? TextTable.size(s[2]) : null);
    }
    section(lines, title, groups.size(), table);
    lines.add("  (" + groups.size() + " in all, per node; " + showAllHint + " lists each)");
  }

  private static void section(List<String> lines, String title, int count, TextTable table) {
    lines.add(title + ": " + (count == 0 ? "none" : count));
    if (count > 0) {
      lines.addAll(table.lines("  "));
    }
  }
}
