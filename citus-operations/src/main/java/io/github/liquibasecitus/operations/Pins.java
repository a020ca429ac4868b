package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.LibraryState;
import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenants and schemas pinned to a node ({@code citus_ext.pin_tenant}, {@code pin_schema}): the
 * rebalance strategy {@value #STRATEGY} keeps each on its node, and an exclusive pin keeps every
 * unpinned group off that node.
 *
 * @param byTenant each pin by {@code kind:name} ({@code schema:billing}, {@code tenant:acme}): the
 *     node, with {@code (exclusive)} when it is
 * @param strategyRegistered whether {@value #STRATEGY} is in {@code pg_dist_rebalance_strategy}
 */
public record Pins(Map<String, String> byTenant, boolean strategyRegistered) {
  /** The strategy that honours pins, which the library registers. */
  public static final String STRATEGY = "citus_ext_pinned";

  public static final Pins NONE = new Pins(Map.of(), false);

  public Pins {
    byTenant = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byTenant));
  }

  /**
   * Reads the pins of tenants and schemas that still exist; none where no trusted, current library
   * is installed.
   */
  public static Pins read(Connection connection) throws SQLException {
    LibraryState library = CitusExtInstaller.state(connection);
    if (!library.trusted() || !library.isCurrentFor(CitusExtInstaller.library())) {
      return NONE;
    }
    return PinnedSearchPath.run(
        connection,
        c -> {
          Map<String, String> pins = new LinkedHashMap<>();
          for (List<String> r :
              PinnedSearchPath.rows(
                  c,
                  "SELECT p.kind || ':' || p.name, p.node_name || ':' || p.node_port, p.exclusive"
                      + " FROM citus_ext.pin p WHERE CASE p.kind WHEN 'schema' THEN EXISTS ("
                      + " SELECT 1 FROM pg_dist_schema s JOIN pg_namespace n ON n.oid = s.schemaid"
                      + " WHERE n.nspname = p.name) ELSE EXISTS (SELECT 1 FROM citus_ext.tenant t"
                      + " WHERE t.tenant_id = p.name) END ORDER BY p.kind, p.name")) {
            pins.put(r.get(0), r.get(1) + ("t".equals(r.get(2)) ? " (exclusive)" : ""));
          }
          boolean registered =
              !PinnedSearchPath.rows(
                      c, "SELECT 1 FROM pg_dist_rebalance_strategy WHERE name = ?", STRATEGY)
                  .isEmpty();
          return new Pins(pins, registered);
        });
  }

  /** The pin of a tenant ({@code kind} schema or tenant), or null. */
  public String of(String kind, String name) {
    return byTenant.get(kind + ":" + name);
  }

  public boolean isEmpty() {
    return byTenant.isEmpty();
  }

  /**
   * The options a rebalance runs with: with pins and no strategy asked for, {@value #STRATEGY},
   * saying so; with another strategy, a warning that it moves pinned tenants too.
   */
  RebalanceOptions strategyFor(RebalanceOptions options, OperationsLog log) {
    if (isEmpty()) {
      return options;
    }
    String pinned = byTenant.size() + " tenant(s) pinned (" + list() + ")";
    if (options.strategy() == null) {
      if (!strategyRegistered) {
        log.warn(
            pinned
                + ", but the strategy "
                + STRATEGY
                + " that honours them is not registered: this rebalance may move them. A"
                + " superuser registers it once: SELECT citus_ext.register_pin_strategy();");
        return options;
      }
      log.info(pinned + ": rebalancing with strategy " + STRATEGY + ", which keeps them there");
      return new RebalanceOptions(
          STRATEGY,
          options.drainOnly(),
          options.mode(),
          options.parallelReferenceTables(),
          options.parallelColocatedShards());
    }
    if (!options.strategy().equals(STRATEGY)) {
      log.warn(
          pinned
              + "; strategy "
              + options.strategy()
              + " does not honour pins (leave the strategy out, or use "
              + STRATEGY
              + ")");
    }
    return options;
  }

  private String list() {
    StringBuilder out = new StringBuilder();
    byTenant.forEach(
        (k, v) ->
            out.append(out.length() == 0 ? "" : ", ")
                .append(k.replace(':', ' '))
                .append(" on ")
                .append(v));
    return out.toString();
  }
}
