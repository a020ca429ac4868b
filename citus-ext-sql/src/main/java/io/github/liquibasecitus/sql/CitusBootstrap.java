package io.github.liquibasecitus.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Makes databases a Citus cluster: the extension on each node, then, on the coordinator, the
 * coordinator's own address and the workers. One place for the local cluster, the container cluster
 * and the scratch database of citus:check.
 */
public final class CitusBootstrap {
  private CitusBootstrap() {}

  /** A node as the coordinator reaches it (a host name, an address, or a socket directory). */
  public record Node(String host, int port) {}

  /** Installs Citus into the connection's database unless it is there. */
  public static void createExtension(Connection node) throws SQLException {
    try (Statement s = node.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS citus");
    }
  }

  /** On the coordinator: records its own address (if given), then adds each worker. */
  public static void register(Connection coordinator, Node self, List<Node> workers)
      throws SQLException {
    if (self != null) {
      try (PreparedStatement s =
          coordinator.prepareStatement("SELECT pg_catalog.citus_set_coordinator_host(?, ?)")) {
        s.setString(1, self.host());
        s.setInt(2, self.port());
        s.execute();
      }
    }
    for (Node worker : workers) {
      addWorker(coordinator, worker);
    }
  }

  /** On the coordinator: adds one worker. */
  public static void addWorker(Connection coordinator, Node worker) throws SQLException {
    try (PreparedStatement s =
        coordinator.prepareStatement("SELECT pg_catalog.citus_add_node(?, ?)")) {
      s.setString(1, worker.host());
      s.setInt(2, worker.port());
      s.execute();
    }
  }
}
