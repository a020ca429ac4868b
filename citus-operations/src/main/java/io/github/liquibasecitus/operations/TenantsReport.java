package io.github.liquibasecitus.operations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every tenant of the cluster, both kinds (a distributed schema; a tenant of the citus_ext
 * registry), with its node, tables, bytes and, where Citus tracks it, its activity; and what is out
 * of balance, each with the command that would help. Read with one {@code citus_shard_sizes()} call
 * and, when tracking is on, one read of {@code citus_stat_tenants}.
 */
public final class TenantsReport {
  /** A node holding more than this many times its fair share of bytes or CPU is named. */
  static final double SKEW = 1.5;

  /** A tenant holding more than this share of its node's tenant bytes is named. */
  static final double DOMINANT = 0.5;

  /** How the list is ordered. */
  public enum Sort {
    BYTES,
    ACTIVITY,
    NAME;

    /** {@code bytes}, {@code activity} or {@code name}, in any case; null is {@code bytes}. */
    public static Sort parse(String name, String value) {
      if (value == null) {
        return BYTES;
      }
      for (Sort sort : values()) {
        if (sort.name().equalsIgnoreCase(value.trim())) {
          return sort;
        }
      }
      throw new IllegalArgumentException(
          name + " '" + value + "' is not known: use bytes, activity or name");
    }
  }

  /**
   * One tenant.
   *
   * @param kind {@code schema} or {@code tenant}
   * @param activity null when Citus has no statistics for it
   * @param pin the node it is pinned to ({@code host:port}, with {@code (exclusive)}), or null
   */
  public record Tenant(
      String kind,
      String name,
      int colocationId,
      String node,
      long tables,
      Long bytes,
      String owner,
      TenantActivity activity,
      String pin) {
    long size() {
      return bytes == null ? 0 : bytes;
    }

    long queries() {
      return activity == null ? -1 : activity.queries() + activity.queriesLastPeriod();
    }
  }

  private final ClusterStatus status;
  private final TenantActivity.Reading activity;
  private final List<Tenant> tenants;
  private final Pins pins;

  TenantsReport(ClusterStatus status, TenantActivity.Reading activity, Pins pins) {
    this.status = status;
    this.activity = activity;
    this.pins = pins;
    // Citus' rows summed by colocation group once, not scanned for every tenant.
    Map<Integer, TenantActivity> byGroup = new HashMap<>();
    activity
        .byTenant()
        .forEach((key, a) -> byGroup.merge(key.colocationId(), a, TenantActivity::plus));
    List<Tenant> all = new ArrayList<>();
    status.schemas().forEach(g -> all.add(tenant("schema", g, byGroup, pins)));
    status.tenants().forEach(g -> all.add(tenant("tenant", g, byGroup, pins)));
    this.tenants = List.copyOf(all);
  }

  /** The report of a status and tenant statistics already read. */
  public static TenantsReport of(ClusterStatus status, TenantActivity.Reading activity, Pins pins) {
    return new TenantsReport(status, activity, pins);
  }

  /** Reads the cluster: placement and sizes, then the tenant statistics. */
  public static TenantsReport read(Connection connection) throws SQLException {
    ClusterStatus status = ClusterStatus.read(connection, true);
    return new TenantsReport(status, TenantActivity.read(connection), Pins.read(connection));
  }

  private static Tenant tenant(
      String kind, ClusterStatus.Group g, Map<Integer, TenantActivity> byGroup, Pins pins) {
    return new Tenant(
        kind,
        g.name(),
        g.colocationId(),
        g.node(),
        g.tables(),
        g.bytes(),
        g.owner(),
        byGroup.get(g.colocationId()),
        pins.of(kind, g.name()));
  }

  /** Every tenant, in no particular order. */
  public List<Tenant> tenants() {
    return tenants;
  }

  /** The tenant statistics as read. */
  public TenantActivity.Reading activity() {
    return activity;
  }

  /** The first {@code top} tenants in this order (every tenant when {@code top} is 0). */
  public List<Tenant> sorted(Sort sort, int top) {
    Comparator<Tenant> order =
        switch (sort) {
          case BYTES -> Comparator.comparingLong(Tenant::size).reversed();
          case ACTIVITY -> Comparator.comparingLong(Tenant::queries).reversed();
          case NAME -> Comparator.comparing(Tenant::name);
        };
    List<Tenant> list = tenants.stream().sorted(order.thenComparing(Tenant::name)).toList();
    return top > 0 && list.size() > top ? list.subList(0, top) : list;
  }

  /** The report for people: a line of totals, the table, and what the activity column means. */
  public List<String> lines(Sort sort, int top) {
    List<Tenant> shown = sorted(sort, top);
    long schemas = tenants.stream().filter(t -> t.kind().equals("schema")).count();
    List<String> lines = new ArrayList<>();
    lines.add(
        "Tenants: "
            + tenants.size()
            + " ("
            + schemas
            + " distributed schema(s), "
            + (tenants.size() - schemas)
            + " of citus_ext), by "
            + sort.name().toLowerCase(Locale.ROOT)
            + (shown.size() < tenants.size() ? ", the first " + shown.size() : ""));
    // The pin column only where something is pinned.
    TextTable table =
        pins.isEmpty()
            ? TextTable.of("TENANT", "KIND", "NODE", "TABLES", "SIZE", "QUERIES", "CPU", "OWNER")
            : TextTable.of(
                "TENANT", "KIND", "NODE", "TABLES", "SIZE", "QUERIES", "CPU", "OWNER", "PINNED");
    for (Tenant t : shown) {
      List<Object> row =
          new ArrayList<>(
              java.util.Arrays.asList(
                  t.name(),
                  t.kind(),
                  t.node(),
                  t.tables(),
                  TextTable.size(t.bytes()),
                  t.activity() == null ? "-" : t.queries(),
                  t.activity() == null
                      ? "-"
                      : String.format(Locale.ROOT, "%.3f s", t.activity().cpu()),
                  t.owner()));
      if (!pins.isEmpty()) {
        row.add(t.pin());
      }
      table.row(row.toArray());
    }
    if (!shown.isEmpty()) {
      lines.addAll(table.lines("  "));
    }
    if (status.libraryProblem() != null) {
      lines.add("Tenants of citus_ext: not shown: " + status.libraryProblem());
    }
    if (!activity.tracking()) {
      lines.add(
          "Activity: not tracked (citus.stat_tenants_track = none). To see queries and CPU per"
              + " tenant, on every node: ALTER SYSTEM SET citus.stat_tenants_track = 'all';"
              + " SELECT pg_reload_conf(); It costs a little bookkeeping per query, for at most"
              + " citus.stat_tenants_limit tenants per node.");
    } else if (activity.unreadable() != null) {
      lines.add("Activity: not shown: " + activity.unreadable());
    } else {
      lines.add(
          "Activity: queries and CPU of this period and the last (citus_stat_tenants,"
              + " citus.stat_tenants_track = "
              + activity.track()
              + "); Citus counts distributed schemas, not citus_ext tenants' tables; - where it"
              + " has counted nothing.");
    }
    return lines;
  }

  /** What is out of balance, each with the command that would help; empty when nothing is. */
  public List<String> findings() {
    List<String> findings = new ArrayList<>();
    List<String> nodes =
        status.nodes().stream()
            .filter(n -> n.active() && n.holdsShards())
            .map(ClusterStatus.Node::address)
            .toList();
    if (nodes.size() < 2) {
      return findings;
    }
    Map<String, List<Tenant>> byNode = new LinkedHashMap<>();
    nodes.forEach(n -> byNode.put(n, new ArrayList<>()));
    for (Tenant t : tenants) {
      if (t.node() != null && byNode.containsKey(t.node())) {
        byNode.get(t.node()).add(t);
      }
    }
    String emptiest =
        nodes.stream()
            .min(
                Comparator.comparingLong(n -> byNode.get(n).stream().mapToLong(Tenant::size).sum()))
            .orElseThrow();
    skew(findings, byNode, emptiest, "bytes", Tenant::size);
    skew(
        findings,
        byNode,
        emptiest,
        "CPU",
        t -> t.activity() == null ? 0 : Math.round(t.activity().cpu() * 1_000_000));
    dominant(findings, byNode, emptiest);
    return findings;
  }

  private void skew(
      List<String> findings,
      Map<String, List<Tenant>> byNode,
      String emptiest,
      String what,
      java.util.function.ToLongFunction<Tenant> weight) {
    long total = byNode.values().stream().flatMap(List::stream).mapToLong(weight).sum();
    if (total <= 0) {
      return;
    }
    double fair = 1.0 / byNode.size();
    for (Map.Entry<String, List<Tenant>> e : byNode.entrySet()) {
      long onNode = e.getValue().stream().mapToLong(weight).sum();
      double share = (double) onNode / total;
      if (share > SKEW * fair && e.getValue().size() >= 2) {
        Tenant heaviest = e.getValue().stream().max(Comparator.comparingLong(weight)).orElseThrow();
        findings.add(
            String.format(
                Locale.ROOT,
                "%s holds %.0f%% of the tenants' %s, %.1f times its share over %d nodes: %s",
                e.getKey(),
                share * 100,
                what,
                share / fair,
                byNode.size(),
                what.equals("bytes")
                    ? "rebalance by size: mvn citus:rebalance"
                        + " -Dcitus.rebalanceStrategy=by_disk_size (first with -Dcitus.dryRun=true)"
                    : "move its busiest tenant, "
                        + heaviest.name()
                        + ": "
                        + move(heaviest, emptiest)));
      }
    }
  }

  /** A tenant that is most of its node's bytes, where the node has others. */
  private static void dominant(
      List<String> findings, Map<String, List<Tenant>> byNode, String emptiest) {
    for (Map.Entry<String, List<Tenant>> e : byNode.entrySet()) {
      long onNode = e.getValue().stream().mapToLong(Tenant::size).sum();
      if (e.getValue().size() < 2 || onNode <= 0) {
        continue;
      }
      for (Tenant t : e.getValue()) {
        double share = (double) t.size() / onNode;
        if (share > DOMINANT) {
          findings.add(
              String.format(
                  Locale.ROOT,
                  "%s %s is %.0f%% of the tenants' bytes on %s: move the others off it, or"
                      + " give it a node of its own: %s",
                  t.kind(),
                  t.name(),
                  share * 100,
                  e.getKey(),
                  move(t, emptiest.equals(e.getKey()) ? null : emptiest)));
        }
      }
    }
  }

  /** The command that moves a tenant to a node (the emptiest one, or one to add first). */
  static String move(Tenant t, String node) {
    String first = node == null ? "SELECT citus_add_node('new-host', 5432); then " : "";
    return first
        + "mvn citus:moveTenant -Dcitus."
        + (t.kind().equals("schema") ? "schema" : "tenant")
        + "="
        + shellWord(t.name())
        + " -Dcitus.node="
        + shellWord(node == null ? "new-host:5432" : node)
        + " (first with -Dcitus.dryRun=true)";
  }

  /** A word as a POSIX shell reads it back: as is when plain, else single-quoted. */
  static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_.:/@%+=-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
