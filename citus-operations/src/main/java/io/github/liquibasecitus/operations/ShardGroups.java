package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.LibraryState;
import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names shards and nodes in a user's terms: a shard of a distributed schema is "schema billing", of
 * a citus_ext tenant "tenant acme", of a hash-distributed table "public.events shard 3 of 32".
 * Shards that move together (one colocation group, one shard index) share a {@code group} key.
 * Catalog reads only; what was read is kept, so a watcher can ask on every poll.
 */
final class ShardGroups {
  /** A shard, the key of the group it moves with, and that group in words. */
  record Shard(long shardId, String group, String description) {}

  private final Map<Long, Shard> shards = new HashMap<>();
  private final Map<Integer, String> nodes = new HashMap<>();
  private Map<Integer, String> tenants;

  /** Describes the given shards (unknown ones are left out); call with the search path pinned. */
  Map<Long, Shard> describe(Connection c, Collection<Long> shardIds) throws SQLException {
    List<Long> missing = shardIds.stream().filter(id -> !shards.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      read(c, missing);
    }
    Map<Long, Shard> result = new HashMap<>();
    for (Long id : shardIds) {
      Shard shard = shards.get(id);
      if (shard != null) {
        result.put(id, shard);
      }
    }
    return result;
  }

  /** {@code host:port} of a node id; call with the search path pinned. */
  String node(Connection c, int nodeId) throws SQLException {
    if (!nodes.containsKey(nodeId)) {
      for (List<String> r :
          PinnedSearchPath.rows(
              c, "SELECT nodeid, nodename || ':' || nodeport FROM pg_dist_node")) {
        nodes.put(Integer.valueOf(r.get(0)), r.get(1));
      }
    }
    return nodes.getOrDefault(nodeId, "node " + nodeId);
  }

  private void read(Connection c, List<Long> ids) throws SQLException {
    Map<Integer, String> tenantNames = tenants(c);
    Array array = c.createArrayOf("bigint", ids.toArray());
    String sql =
        "SELECT sh.shardid, p.logicalrelid::regclass::text, p.partmethod::text, p.colocationid,"
            + " ds.schemaid::regnamespace::text,"
            + " (SELECT count(*) FROM pg_dist_shard s2 WHERE s2.logicalrelid = sh.logicalrelid),"
            + " CASE WHEN p.partmethod = 'h' THEN (SELECT count(*) FROM pg_dist_shard s2"
            + " WHERE s2.logicalrelid = sh.logicalrelid"
            + " AND s2.shardminvalue::integer <= sh.shardminvalue::integer) END,"
            + " (SELECT count(*) FROM pg_dist_partition p2 WHERE p2.colocationid = p.colocationid)"
            + " FROM pg_dist_shard sh JOIN pg_dist_partition p ON p.logicalrelid = sh.logicalrelid"
            + " LEFT JOIN pg_dist_schema ds ON ds.colocationid = p.colocationid"
            + " WHERE sh.shardid = ANY (?)";
    for (List<String> r : PinnedSearchPath.rows(c, sql, array)) {
      long id = Long.parseLong(r.get(0));
      String table = r.get(1);
      int colocation = Integer.parseInt(r.get(3));
      String schema = r.get(4);
      long tablesInGroup = Long.parseLong(r.get(7));
      String group;
      String description;
      if (schema != null) {
        group = "c" + colocation;
        description = "schema " + schema + " (" + tables(tablesInGroup) + ")";
      } else if (tenantNames.containsKey(colocation)) {
        group = "c" + colocation;
        description = "tenant " + tenantNames.get(colocation) + " (" + tables(tablesInGroup) + ")";
      } else if ("h".equals(r.get(2))) {
        group = "c" + colocation + "/" + r.get(6);
        description =
            table
                + " shard "
                + r.get(6)
                + " of "
                + r.get(5)
                + (tablesInGroup > 1 ? " (with " + colocated(tablesInGroup - 1) + ")" : "");
      } else {
        group = "c" + colocation;
        description =
            table + (tablesInGroup > 1 ? " (with " + colocated(tablesInGroup - 1) + ")" : "");
      }
      shards.put(id, new Shard(id, group, description));
    }
  }

  private static String tables(long n) {
    return n == 1 ? "1 table" : n + " tables";
  }

  private static String colocated(long n) {
    return n == 1 ? "1 colocated table" : n + " colocated tables";
  }

  /** citus_ext tenants by colocation group; none when no trusted library is installed. */
  private Map<Integer, String> tenants(Connection c) throws SQLException {
    if (tenants == null) {
      tenants = new HashMap<>();
      LibraryState library = CitusExtInstaller.state(c);
      if (library.version() != null && library.trusted()) {
        for (List<String> r :
            PinnedSearchPath.rows(c, "SELECT colocation_id, tenant_id FROM citus_ext.tenant")) {
          tenants.put(Integer.valueOf(r.get(0)), r.get(1));
        }
      }
    }
    return tenants;
  }
}
