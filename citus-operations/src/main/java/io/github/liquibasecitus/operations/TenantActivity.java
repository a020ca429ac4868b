package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Citus' tenant statistics ({@code citus_stat_tenants}, gathered from every node) say of one
 * tenant: queries and CPU seconds, in this period and the last ({@code citus.stat_tenants_period}).
 * Citus counts distributed schemas (and tenants of distribution-column tables); tables of a
 * single-shard colocation group outside a distributed schema are not counted.
 */
public record TenantActivity(
    long queries, long queriesLastPeriod, double cpuSeconds, double cpuSecondsLastPeriod) {

  /** How Citus' tenant statistics stand on the coordinator, and what they say by tenant. */
  public record Reading(String track, Map<Key, TenantActivity> byTenant, String unreadable) {
    /** Whether Citus counts tenants' queries ({@code citus.stat_tenants_track} is not none). */
    public boolean tracking() {
      return !"none".equals(track);
    }
  }

  /** A tenant as {@code citus_stat_tenants} names it: its colocation group and attribute. */
  public record Key(int colocationId, String attribute) {}

  private static final String TRACKING =
      "SELECT pg_catalog.current_setting('citus.stat_tenants_track', true)";
  private static final String READ =
      "SELECT s.colocation_id, s.tenant_attribute, sum(s.query_count_in_this_period)::bigint,"
          + " sum(s.query_count_in_last_period)::bigint, sum(s.cpu_usage_in_this_period)::float8,"
          + " sum(s.cpu_usage_in_last_period)::float8 FROM pg_catalog.citus_stat_tenants s"
          + " GROUP BY 1, 2";

  /**
   * Reads the statistics when Citus keeps them; a role that may not read them gets none and a
   * reason, not a failure.
   */
  public static Reading read(Connection connection) throws SQLException {
    String tracking =
        PinnedSearchPath.run(connection, c -> PinnedSearchPath.rows(c, TRACKING).get(0).get(0));
    if (tracking == null || "none".equals(tracking)) {
      return new Reading("none", Map.of(), null);
    }
    try {
      List<List<String>> rows =
          PinnedSearchPath.run(connection, c -> PinnedSearchPath.rows(c, READ));
      Map<Key, TenantActivity> byTenant = new HashMap<>();
      for (List<String> r : rows) {
        byTenant.put(
            new Key(Integer.parseInt(r.get(0)), r.get(1)),
            new TenantActivity(
                Long.parseLong(r.get(2)),
                Long.parseLong(r.get(3)),
                Double.parseDouble(r.get(4)),
                Double.parseDouble(r.get(5))));
      }
      return new Reading(tracking, Map.copyOf(byTenant), null);
    } catch (SQLException e) {
      if (!SqlStates.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
        throw e;
      }
      return new Reading(
          tracking,
          Map.of(),
          "this role may not read citus_stat_tenants (a superuser may GRANT SELECT ON"
              + " pg_catalog.citus_stat_tenants TO it)");
    }
  }

  /** Both counts added, as for one tenant counted on two nodes. */
  TenantActivity plus(TenantActivity other) {
    return new TenantActivity(
        queries + other.queries,
        queriesLastPeriod + other.queriesLastPeriod,
        cpuSeconds + other.cpuSeconds,
        cpuSecondsLastPeriod + other.cpuSecondsLastPeriod);
  }

  /** CPU seconds of both periods, what the skew findings weigh. */
  double cpu() {
    return cpuSeconds + cpuSecondsLastPeriod;
  }
}
