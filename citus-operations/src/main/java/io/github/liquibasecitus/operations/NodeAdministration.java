package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The nodes of a drain: whether a node may be drained, marking it to hold shards or not, what it
 * still holds, and removing it. {@link Rebalancing} runs the drain; this knows the nodes.
 */
final class NodeAdministration {
  private final Connection connection;
  private final OperationsLog log;

  NodeAdministration(Connection connection, OperationsLog log) {
    this.connection = connection;
    this.log = log;
  }

  void requireEmpty(NodeAddress address, long job) throws SQLException, RebalanceException {
    List<String> left = shardsOn(address);
    if (!left.isEmpty()) {
      throw new RebalanceException(
          RebalanceException.Kind.NOT_DRAINED,
          job,
          address
              + " still holds shards after the drain: "
              + String.join(", ", left)
              + ". Their moves may have been refused; see citus_rebalance_status() and drain"
              + " again.");
    }
  }

  /** Marks the node to hold shards again after a drain that failed; says so. */
  void restoreShards(NodeAddress address, Exception failure) {
    try {
      PinnedSearchPath.run(
          connection,
          c -> {
            setShouldHaveShards(c, address, true);
            return null;
          });
      log.info(
          "the drain did not finish: "
              + address
              + " may hold shards again, as before (shouldhaveshards = true)");
    } catch (SQLException e) {
      failure.addSuppressed(e);
      log.warn(
          "the drain did not finish, and "
              + address
              + " could not be marked to hold shards again: SELECT citus_set_node_property('"
              + address.host()
              + "', "
              + address.port()
              + ", 'shouldhaveshards', true) does it");
    }
  }

  /**
   * Refuses, before anything changes, a node that is not a primary of the cluster, the coordinator
   * (it holds the metadata and cannot leave), and the last node that may hold shards (its shards
   * would have nowhere to go, and new distributed tables and schemas nowhere to be placed).
   */
  void requireDrainable(NodeAddress node) throws SQLException, RebalanceException {
    List<List<String>> nodes =
        PinnedSearchPath.run(
            connection,
            c ->
                PinnedSearchPath.rows(
                    c,
                    "SELECT nodename, nodeport, groupid OPERATOR(pg_catalog.=) 0,"
                        + " shouldhaveshards AND isactive"
                        + " FROM pg_catalog.pg_dist_node"
                        + " WHERE noderole OPERATOR(pg_catalog.=) 'primary' ORDER BY groupid"));
    List<String> names = nodes.stream().map(n -> n.get(0) + ":" + n.get(1)).toList();
    List<String> found =
        nodes.stream()
            .filter(n -> n.get(0).equals(node.host()) && Integer.parseInt(n.get(1)) == node.port())
            .findFirst()
            .orElse(null);
    if (found == null) {
      throw new RebalanceException(
          RebalanceException.Kind.REFUSED,
          0,
          "no node "
              + node
              + " in this cluster; its nodes are "
              + String.join(", ", names)
              + " (as in pg_dist_node)");
    }
    if ("t".equals(found.get(2))) {
      throw new RebalanceException(
          RebalanceException.Kind.REFUSED,
          0,
          node
              + " is the coordinator: it holds the cluster's metadata and reference tables and"
              + " cannot be drained or removed. To keep distributed shards off it, mark it with"
              + " SELECT citus_set_node_property('"
              + node.host()
              + "', "
              + node.port()
              + ", 'shouldhaveshards', false), then rebalance with drain_only. Nothing changed.");
    }
    long others = nodes.stream().filter(n -> n != found && "t".equals(n.get(3))).count();
    if (others == 0) {
      throw new RebalanceException(
          RebalanceException.Kind.REFUSED,
          0,
          node
              + " is the last node that may hold shards: drained, its shards would have nowhere"
              + " to go, and new distributed tables and schemas nowhere to be placed. Add a"
              + " worker first (SELECT citus_add_node('host', port)), or let another node hold"
              + " shards (citus_set_node_property(..., 'shouldhaveshards', true)). Nothing"
              + " changed.");
    }
  }

  void markNoShards(NodeAddress node) throws SQLException {
    PinnedSearchPath.run(
        connection,
        c -> {
          setShouldHaveShards(c, node, false);
          return null;
        });
    log.info("marked " + node + " to hold no shards (shouldhaveshards = false)");
  }

  boolean holdsShards(NodeAddress node) throws SQLException {
    return PinnedSearchPath.run(
        connection,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT shouldhaveshards FROM pg_catalog.pg_dist_node"
                      + " WHERE nodename OPERATOR(pg_catalog.=) ?"
                      + " AND nodeport OPERATOR(pg_catalog.=) ?")) {
            s.setString(1, node.host());
            s.setInt(2, node.port());
            try (java.sql.ResultSet rs = s.executeQuery()) {
              return rs.next() && rs.getBoolean(1);
            }
          }
        });
  }

  static void setShouldHaveShards(Connection c, NodeAddress node, boolean value)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT citus_set_node_property(?, ?, 'shouldhaveshards', ?)")) {
      s.setString(1, node.host());
      s.setInt(2, node.port());
      s.setBoolean(3, value);
      s.execute();
    }
  }

  /** Shard groups of distributed tables still placed on the node (reference tables aside). */
  List<String> shardsOn(NodeAddress node) throws SQLException {
    return PinnedSearchPath.run(
        connection,
        c ->
            PinnedSearchPath.rows(
                    c,
                    "SELECT DISTINCT p.logicalrelid::regclass::text FROM pg_dist_placement pl"
                        + " JOIN pg_dist_node n ON n.groupid = pl.groupid"
                        + " JOIN pg_dist_shard sh ON sh.shardid = pl.shardid"
                        + " JOIN pg_dist_partition p ON p.logicalrelid = sh.logicalrelid"
                        + " WHERE n.nodename = ? AND n.nodeport = ? AND p.repmodel <> 't'"
                        + " AND p.colocationid <> 0 ORDER BY 1",
                    node.host(),
                    node.port())
                .stream()
                .map(r -> r.get(0))
                .toList());
  }

  void removeNode(NodeAddress node) throws SQLException {
    // Placements moved off the node stay there until Citus' deferred cleanup; remove them first.
    try (PreparedStatement s =
        connection.prepareStatement("CALL pg_catalog.citus_cleanup_orphaned_resources()")) {
      s.execute();
    }
    PinnedSearchPath.run(
        connection,
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT citus_remove_node(?, ?)")) {
            s.setString(1, node.host());
            s.setInt(2, node.port());
            s.execute();
          }
          return null;
        });
  }
}
