package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.TransferMode;
import io.github.liquibasecitus.sql.Turns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.List;

/**
 * Gives one tenant of a hash-distributed table a shard of its own ({@code
 * isolate_tenant_to_new_shard}, with its colocated tables: {@code CASCADE}), then, when asked, a
 * node of its own by moving that shard group. What Citus would refuse (a table that is not
 * hash-distributed, replicated shards, tables an online split cannot follow, a node that may hold
 * no shards) is refused before anything runs; a dry run says what would happen.
 */
public final class TenantIsolation {

  /**
   * What to isolate.
   *
   * @param table the hash-distributed table as SQL names it ({@code app.events}, {@code "Events"})
   * @param tenant the tenant's value of the distribution column, as text ({@code 42}, {@code acme})
   * @param node {@code host:port} to move the tenant's shard group to; null leaves it where it is
   * @param watch its timeout bounds the wait for a running migration (30 min when none)
   */
  public record Request(
      String table, String tenant, String node, TransferMode mode, boolean dryRun, Watch watch) {
    public Request {
      if (table == null || table.isBlank() || tenant == null || mode == null || watch == null) {
        throw new IllegalArgumentException("table, tenant, mode and watch are required");
      }
      if (node != null) {
        NodeAddress.parse(node);
      }
    }
  }

  /**
   * How it ended.
   *
   * @param state {@code isolated}, {@code already isolated} or {@code dry run}
   * @param shardId the tenant's shard of the table (after isolation, when it ran)
   * @param node where that shard is now ({@code host:port})
   */
  public record Outcome(String state, long shardId, String node, List<String> tables) {}

  private final Connection connection;
  private final OperationsLog log;

  public TenantIsolation(Connection connection, OperationsLog log) {
    this.connection = connection;
    this.log = log;
  }

  /** Isolates as asked. */
  public Outcome isolate(Request request) throws SQLException, RebalanceException {
    // The name as the user's search path reads it (app.events, or events where app is on it).
    Long oid;
    try (PreparedStatement s =
        connection.prepareStatement("SELECT pg_catalog.to_regclass(?)::pg_catalog.oid")) {
      s.setString(1, request.table());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        oid = (Long) rs.getObject(1);
      }
    }
    if (oid == null) {
      throw refused("there is no table " + request.table() + ". Nothing changed.");
    }
    java.util.Optional<Long> job = PinnedSearchPath.run(connection, JobSnapshot::running);
    if (job.isPresent()) {
      throw refused(
          "a rebalance is running as job "
              + job.get()
              + "; splitting shards now would compete with it. Wait for it to end (citus:rebalance"
              + " attaches to it and watches), then isolate the tenant. Nothing changed.");
    }
    List<String> found =
        one(
            "SELECT c.oid::regclass::text, p.partmethod::text, p.colocationid,"
                + " (SELECT max(n) FROM (SELECT count(*) AS n FROM pg_dist_placement pl"
                + " JOIN pg_dist_shard s ON s.shardid = pl.shardid"
                + " WHERE s.logicalrelid = c.oid GROUP BY pl.shardid) x)"
                + " FROM pg_class c LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid"
                + " WHERE c.oid = ?",
            oid);
    String table = found.get(0);
    if (!"h".equals(found.get(1))) {
      throw refused(
          "Citus gives tenants shards of their own only in hash-distributed tables; "
              + table
              + " is "
              + (found.get(1) == null ? "not distributed" : kind(found.get(1)))
              + ". A distributed schema or a citus_ext tenant already has a shard of its own:"
              + " move it with citus:moveTenant. Nothing changed.");
    }
    if (found.get(3) != null && Integer.parseInt(found.get(3)) > 1) {
      throw refused(
          table
              + " has replicated shards (citus.shard_replication_factor > 1), which Citus cannot"
              + " split. Nothing changed.");
    }
    int colocation = Integer.parseInt(found.get(2));
    List<String> tables =
        PinnedSearchPath.run(
                connection,
                c ->
                    PinnedSearchPath.rows(
                        c,
                        "SELECT logicalrelid::regclass::text FROM pg_dist_partition"
                            + " WHERE colocationid = ? ORDER BY 1",
                        colocation))
            .stream()
            .map(r -> r.get(0))
            .toList();
    List<String> withoutIdentity = Preflight.withoutReplicaIdentity(connection, colocation);
    if (request.mode() == TransferMode.AUTO && !withoutIdentity.isEmpty()) {
      throw refused(
          "isolating a tenant splits shards, online in transfer mode auto, which these tables"
              + " cannot follow (no primary key or replica identity): "
              + String.join(", ", withoutIdentity)
              + ". Give each a primary key or a replica identity, or use transfer mode"
              + " block_writes. Nothing changed.");
    }
    NodeAddress target = request.node() == null ? null : NodeAddress.parse(request.node());
    if (target != null) {
      Preflight.requireShardNode(connection, target);
    }
    Shard now = shard(table, request.tenant());
    String what =
        "tenant "
            + request.tenant()
            + " of "
            + table
            + (tables.size() > 1
                ? " (and its " + (tables.size() - 1) + " colocated table(s))"
                : "");
    boolean alone = now.alone();
    if (request.dryRun()) {
      log.info(
          "dry run: "
              + (alone
                  ? what + " already has a shard of its own on " + now.node()
                  : "would give " + what + " a shard of its own on " + now.node())
              + (target == null || target.toString().equals(now.node())
                  ? ""
                  : ", then move it to " + target)
              + "; nothing was changed");
      return new Outcome("dry run", now.shardId(), now.node(), tables);
    }
    try (Turns turn =
        Turns.move(
            connection,
            request.watch().timeout() == null ? Turns.DEFAULT_WAIT : request.watch().timeout(),
            "isolation of " + what,
            log::info)) {
      long started = System.nanoTime();
      if (!alone) {
        PinnedSearchPath.run(
            connection,
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT isolate_tenant_to_new_shard(?::regclass, ?::text, ?,"
                          + " shard_transfer_mode => ?)")) {
                s.setString(1, table);
                s.setString(2, request.tenant());
                s.setString(3, tables.size() > 1 ? "CASCADE" : "");
                s.setObject(4, request.mode().sqlName(), Types.OTHER);
                s.execute();
              }
              return null;
            });
        now = shard(table, request.tenant());
        log.info(
            "gave "
                + what
                + " shard "
                + now.shardId()
                + " of its own on "
                + now.node()
                + " in "
                + TenantMove.seconds(Duration.ofNanos(System.nanoTime() - started)));
      } else {
        log.info(what + " already has shard " + now.shardId() + " of its own on " + now.node());
      }
      if (target != null && !target.toString().equals(now.node())) {
        long moving = System.nanoTime();
        NodeAddress from = NodeAddress.parse(now.node());
        long shardId = now.shardId();
        PinnedSearchPath.run(
            connection,
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT citus_move_shard_placement(?, ?, ?, ?, ?, shard_transfer_mode => ?)")) {
                s.setLong(1, shardId);
                s.setString(2, from.host());
                s.setInt(3, from.port());
                s.setString(4, target.host());
                s.setInt(5, target.port());
                s.setObject(6, request.mode().sqlName(), Types.OTHER);
                s.execute();
              }
              return null;
            });
        now = shard(table, request.tenant());
        log.info(
            "moved it from "
                + from
                + " to "
                + now.node()
                + " in "
                + TenantMove.seconds(Duration.ofNanos(System.nanoTime() - moving)));
      }
    }
    return new Outcome(alone ? "already isolated" : "isolated", now.shardId(), now.node(), tables);
  }

  /** The tenant's shard, its node, and whether it holds that tenant alone. */
  record Shard(long shardId, String node, boolean alone) {}

  private Shard shard(String table, String tenant) throws SQLException {
    List<String> r =
        one(
            "SELECT s.shardid, n.nodename || ':' || n.nodeport,"
                + " s.shardminvalue = s.shardmaxvalue"
                + " FROM pg_dist_shard s JOIN pg_dist_placement pl ON pl.shardid = s.shardid"
                + " JOIN pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'"
                + " WHERE s.shardid = get_shard_id_for_distribution_column(?::regclass, ?::text)",
            table,
            tenant);
    return new Shard(Long.parseLong(r.get(0)), r.get(1), "t".equals(r.get(2)));
  }

  private List<String> one(String sql, Object... params) throws SQLException {
    List<List<String>> rows =
        PinnedSearchPath.run(connection, c -> PinnedSearchPath.rows(c, sql, params));
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static String kind(String partmethod) {
    return switch (partmethod) {
      case "n" -> "single-shard or a reference table";
      case "a" -> "append-distributed";
      case "r" -> "range-distributed";
      default -> "distributed by method " + partmethod;
    };
  }

  private static RebalanceException refused(String message) {
    return new RebalanceException(RebalanceException.Kind.REFUSED, 0, message);
  }
}
