package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.CitusBootstrap;
import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.SqlText;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own on a running cluster, with Citus on the coordinator and on every worker,
 * the workers registered: a cluster to try a changelog on without touching the cluster's own
 * database. Made through the coordinator alone: Citus creates the database on the workers ({@code
 * citus.enable_create_database_propagation}, Citus 12.2 and later), {@code master_run_on_worker}
 * installs Citus into it there. Closing it drops it on every node.
 *
 * <p>Citus' per-database connection settings of the cluster's own database come along: the
 * passwords of {@code pg_dist_authinfo} and the routes of {@code pg_dist_poolinfo}, so that the
 * nodes reach each other in the scratch database as they do in the main one.
 *
 * <p>Needs a role that may create databases and the Citus extension (a superuser, usually).
 */
public final class ScratchDatabase implements AutoCloseable {
  private static final String PROPAGATION = "citus.enable_create_database_propagation";

  /** The start of a scratch database's comment: what made it. */
  static final String MARKER = "liquibase-citus scratch database (citus:check apply mode),";

  /** A scratch database older than this with nobody connected is a killed run's leftover. */
  private static final Duration STALE = Duration.ofMinutes(10);

  private final ConnectionSpec main;
  private final String name;
  private final ConnectionSpec spec;

  private ScratchDatabase(ConnectionSpec main, String name) {
    this.main = main;
    this.name = name;
    this.spec =
        new ConnectionSpec(
            JdbcUrl.parse(main.url()).withDatabase(name),
            main.username(),
            main.password(),
            main.role());
  }

  /**
   * Creates it on the cluster {@code main} names.
   *
   * @param prefix lower-case letters, digits and underscores; a unique suffix is added
   */
  public static ScratchDatabase create(ConnectionSpec main, String prefix) throws SQLException {
    ScratchDatabase scratch =
        new ScratchDatabase(
            main, prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
    List<List<String>> workers;
    List<List<String>> coordinator;
    NodeConnections connections;
    try (Connection c = main.open()) {
      c.setAutoCommit(true);
      if (PinnedSearchPath.rows(
              c,
              "SELECT 1 FROM pg_catalog.pg_settings WHERE name OPERATOR(pg_catalog.=) ?",
              PROPAGATION)
          .isEmpty()) {
        throw new SQLException(
            "a scratch database on this cluster needs Citus 12.2 or later (it creates the database"
                + " on every node through the coordinator); this cluster's Citus cannot");
      }
      workers =
          PinnedSearchPath.rows(
              c,
              "SELECT nodename, nodeport::text FROM pg_catalog.pg_dist_node"
                  + " WHERE groupid OPERATOR(pg_catalog.<>) 0"
                  + " AND noderole OPERATOR(pg_catalog.=) 'primary' AND isactive ORDER BY nodeid");
      coordinator =
          PinnedSearchPath.rows(
              c,
              "SELECT nodename, nodeport::text FROM pg_catalog.pg_dist_node"
                  + " WHERE groupid OPERATOR(pg_catalog.=) 0");
      connections = PinnedSearchPath.run(c, NodeConnections::read);
      dropStale(c, prefix);
      try (Statement s = c.createStatement()) {
        s.execute("SET " + PROPAGATION + " TO on");
        s.execute("CREATE DATABASE " + SqlText.quoteIdentifier(scratch.name));
        s.execute("RESET " + PROPAGATION);
        s.execute(
            "COMMENT ON DATABASE "
                + SqlText.quoteIdentifier(scratch.name)
                + " IS "
                + SqlText.quoteLiteral(
                    MARKER
                        + " made at "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                        + " by process "
                        + ProcessHandle.current().pid()
                        + "; dropped when its run ends, or by a later run once no session uses"
                        + " it"));
      }
    }
    try (Connection c = scratch.spec.open()) {
      c.setAutoCommit(true);
      CitusBootstrap.createExtension(c);
      connections.writeWildcards(c);
      if (!workers.isEmpty()) {
        onWorkers(
            c,
            workers,
            "CREATE EXTENSION IF NOT EXISTS citus",
            "install Citus into the scratch database");
      }
      CitusBootstrap.register(
          c,
          coordinator.isEmpty() ? null : node(coordinator.get(0)),
          workers.stream().map(ScratchDatabase::node).toList());
      for (String route : PinnedSearchPath.run(c, connections::writePerNode)) {
        onWorkers(c, workers, route, "route the nodes' connections in the scratch database");
      }
    } catch (SQLException | RuntimeException e) {
      try {
        scratch.close();
      } catch (SQLException dropping) {
        e.addSuppressed(dropping);
      }
      throw e;
    }
    return scratch;
  }

  /**
   * Drops the scratch databases of earlier runs that were killed before they could drop their own:
   * named with the prefix, commented as made by this class, older than {@link #STALE}, and used by
   * no session (a running check keeps its connection open). A database in use is left.
   */
  private static void dropStale(Connection c, String prefix) throws SQLException {
    List<List<String>> stale =
        PinnedSearchPath.rows(
            c,
            "SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database')"
                + " FROM pg_catalog.pg_database d"
                + " WHERE pg_catalog.starts_with(d.datname, ?)"
                + " AND pg_catalog.starts_with(pg_catalog.shobj_description(d.oid, 'pg_database'), ?)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a"
                + " WHERE a.datid OPERATOR(pg_catalog.=) d.oid)",
            prefix + "_",
            MARKER);
    for (List<String> db : stale) {
      Matcher made = MADE_AT.matcher(db.get(1));
      try {
        if (!made.find() || Instant.parse(made.group(1)).isAfter(Instant.now().minus(STALE))) {
          continue;
        }
      } catch (java.time.format.DateTimeParseException notOurs) {
        continue;
      }
      try (Statement s = c.createStatement()) {
        s.execute("SET " + PROPAGATION + " TO on");
        s.execute("DROP DATABASE IF EXISTS " + SqlText.quoteIdentifier(db.get(0)));
        s.execute("RESET " + PROPAGATION);
      } catch (SQLException inUse) {
        // Somebody connected meanwhile: not stale after all.
      }
    }
  }

  private static final Pattern MADE_AT = Pattern.compile(" made at (\\S+) by ");

  /** Runs the command on every worker, in the scratch database. */
  private static void onWorkers(
      Connection c, List<List<String>> workers, String command, String what) throws SQLException {
    List<String> hosts = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    for (List<String> w : workers) {
      hosts.add(w.get(0));
      ports.add(Integer.parseInt(w.get(1)));
      commands.add(command);
    }
    Array h = c.createArrayOf("text", hosts.toArray());
    Array p = c.createArrayOf("int4", ports.toArray());
    Array k = c.createArrayOf("text", commands.toArray());
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT node_name || ':' || node_port, success, result"
                + " FROM pg_catalog.master_run_on_worker(?, ?, ?, false)")) {
      s.setArray(1, h);
      s.setArray(2, p);
      s.setArray(3, k);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (!rs.getBoolean(2)) {
            throw new SQLException(
                "could not " + what + " on worker " + rs.getString(1) + ": " + rs.getString(3));
          }
        }
      }
    }
  }

  /** The database's name. */
  public String name() {
    return name;
  }

  /** The scratch database's URL with the same user, password and role. */
  public ConnectionSpec spec() {
    return spec;
  }

  /** Drops it on every node (connections to it ended). */
  @Override
  public void close() throws SQLException {
    // An online move the changelog made may have left its replication slot and subscription for
    // Citus' deferred cleanup; dropping the database first would leave them on the workers (a
    // slot holds WAL back), and the next scratch database's first move would meet the same name.
    try (Connection c = spec.open();
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("CALL pg_catalog.citus_cleanup_orphaned_resources()");
    } catch (SQLException e) {
      // Best effort: the drop below goes on; what is left is Citus' to clean.
    }
    try (Connection c = main.open();
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("SET " + PROPAGATION + " TO on");
      // FORCE ends the coordinator's sessions; a worker may still be ending one that a closed
      // connection of ours had opened there through Citus (its backend exits a moment later).
      for (int attempt = 1; ; attempt++) {
        try {
          s.execute("DROP DATABASE IF EXISTS " + SqlText.quoteIdentifier(name) + " WITH (FORCE)");
          break;
        } catch (SQLException inUse) {
          boolean busy =
              "55006".equals(inUse.getSQLState())
                  || String.valueOf(inUse.getMessage())
                      .contains("is being accessed by other users");
          if (!busy || attempt >= 40) {
            throw inUse;
          }
          try {
            Thread.sleep(250);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw inUse;
          }
        }
      }
      s.execute("RESET " + PROPAGATION);
    }
  }

  private static CitusBootstrap.Node node(List<String> hostAndPort) {
    return new CitusBootstrap.Node(hostAndPort.get(0), Integer.parseInt(hostAndPort.get(1)));
  }
}
