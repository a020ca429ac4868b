package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the nodes of a Citus database reach each other, as that database's catalogs say: the routes
 * of {@code pg_dist_poolinfo} and the passwords of {@code pg_dist_authinfo}, each node named by
 * host and port (node ids differ between databases). Read from one database, written into another
 * of the same nodes. Passwords only travel as bind parameters, to the coordinator; never as SQL
 * text, so they are not copied to the workers' catalogs: where connections between workers need
 * {@code pg_dist_authinfo} (rather than a {@code .pgpass} file or certificates), a scratch
 * database's worker-to-worker connections (a shard move between workers) cannot authenticate.
 */
final class NodeConnections {
  /** A route: the node, and the libpq options that reach it. */
  private record Route(String host, int port, String poolinfo) {}

  /** A password: for one node (host, port), or for any ({@code nodeid} 0 or -1, host null). */
  private record Password(long wildcardId, String host, int port, String role, String authinfo) {}

  private final List<Route> routes;
  private final List<Password> passwords;

  private NodeConnections(List<Route> routes, List<Password> passwords) {
    this.routes = routes;
    this.passwords = passwords;
  }

  /** Reads them; the passwords only when the role may read them (superusers). */
  static NodeConnections read(Connection c) throws SQLException {
    List<Route> routes =
        PinnedSearchPath.rows(
                c,
                "SELECT n.nodename, n.nodeport::text, p.poolinfo FROM pg_catalog.pg_dist_poolinfo p"
                    + " JOIN pg_catalog.pg_dist_node n ON n.nodeid OPERATOR(pg_catalog.=) p.nodeid")
            .stream()
            .map(r -> new Route(r.get(0), Integer.parseInt(r.get(1)), r.get(2)))
            .toList();
    List<Password> passwords = List.of();
    boolean readable =
        "t"
            .equals(
                PinnedSearchPath.rows(
                        c,
                        "SELECT pg_catalog.has_table_privilege('pg_catalog.pg_dist_authinfo',"
                            + " 'SELECT')")
                    .get(0)
                    .get(0));
    if (readable) {
      passwords =
          PinnedSearchPath.rows(
                  c,
                  "SELECT a.nodeid::text, n.nodename, n.nodeport::text, a.rolename::text,"
                      + " a.authinfo FROM pg_catalog.pg_dist_authinfo a"
                      + " LEFT JOIN pg_catalog.pg_dist_node n"
                      + " ON n.nodeid OPERATOR(pg_catalog.=) a.nodeid")
              .stream()
              .filter(r -> r.get(1) != null || Long.parseLong(r.get(0)) <= 0)
              .map(
                  r ->
                      new Password(
                          Long.parseLong(r.get(0)),
                          r.get(1),
                          r.get(2) == null ? 0 : Integer.parseInt(r.get(2)),
                          r.get(3),
                          r.get(4)))
              .toList();
    }
    return new NodeConnections(routes, passwords);
  }

  /** The passwords for any node, into the coordinator of another database, before nodes exist. */
  void writeWildcards(Connection c) throws SQLException {
    for (Password p : passwords) {
      if (p.host() == null) {
        insertPassword(c, p.wildcardId(), p);
      }
    }
  }

  /**
   * After its nodes are registered: the routes and per-node passwords, into the coordinator of
   * another database; returns the routes as statements for its workers (no secrets in them).
   */
  List<String> writePerNode(Connection c) throws SQLException {
    Map<String, Long> ids =
        PinnedSearchPath.rows(
                c, "SELECT nodename || ':' || nodeport, nodeid::text FROM pg_catalog.pg_dist_node")
            .stream()
            .collect(Collectors.toMap(r -> r.get(0), r -> Long.parseLong(r.get(1))));
    List<String> forWorkers = new ArrayList<>();
    for (Route r : routes) {
      Long id = ids.get(r.host() + ":" + r.port());
      if (id == null) {
        continue;
      }
      String sql =
          "INSERT INTO pg_catalog.pg_dist_poolinfo (nodeid, poolinfo) VALUES ("
              + id
              + ", "
              + SqlText.quoteLiteral(r.poolinfo())
              + ") ON CONFLICT (nodeid) DO UPDATE SET poolinfo = excluded.poolinfo";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.execute();
      }
      forWorkers.add(sql);
    }
    for (Password p : passwords) {
      Long id = p.host() == null ? null : ids.get(p.host() + ":" + p.port());
      if (id != null) {
        insertPassword(c, id, p);
      }
    }
    return forWorkers;
  }

  private static void insertPassword(Connection c, long nodeId, Password p) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO pg_catalog.pg_dist_authinfo (nodeid, rolename, authinfo) VALUES (?, ?, ?)"
                + " ON CONFLICT (rolename, nodeid) DO UPDATE SET authinfo = excluded.authinfo")) {
      s.setLong(1, nodeId);
      s.setString(2, p.role());
      s.setString(3, p.authinfo());
      s.execute();
    }
  }
}
