package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.CitusVersion;
import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.TransferMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What would stop or stall a rebalance, found before it starts, from the coordinator's catalogs.
 *
 * @param blocking tables the planned moves cannot move online (no primary key or replica identity),
 *     as {@code schema.table}; Citus refuses an {@code auto} rebalance over them
 * @param warnings what may go wrong without stopping the start
 */
public record Preflight(List<String> blocking, List<String> warnings) {

  /** Background processes PostgreSQL itself runs that do not count as background workers. */
  private static final String NOT_WORKERS =
      "'client backend', 'autovacuum launcher', 'autovacuum worker', 'background writer',"
          + " 'checkpointer', 'walwriter', 'startup', 'walreceiver', 'walsender', 'archiver',"
          + " 'logger', 'standalone backend', 'walsummarizer', 'slotsync worker'";

  static Preflight check(Connection c, RebalanceOptions options) throws SQLException {
    List<String> warnings = new ArrayList<>();
    List<String> blocking = new ArrayList<>();
    if (options.mode().online()) {
      List<String> withoutIdentity = tablesWithoutReplicaIdentity(c);
      if (!withoutIdentity.isEmpty()) {
        List<String> moved = movedAmong(c, options, withoutIdentity);
        if (options.mode() == TransferMode.AUTO) {
          blocking.addAll(moved);
        } else if (!moved.isEmpty()) {
          warnings.add(
              "These tables have no primary key or replica identity: while their shards move"
                  + " (force_logical), UPDATE and DELETE on them fail: "
                  + String.join(", ", moved));
        }
      }
    }
    List<String> row =
        PinnedSearchPath.rows(
                c,
                "SELECT current_setting('max_worker_processes'),"
                    + " (SELECT count(*) FROM pg_stat_activity WHERE backend_type NOT IN ("
                    + NOT_WORKERS
                    + ")), current_setting('citus.max_background_task_executors', true)")
            .get(0);
    String workers =
        backgroundWorkerWarning(
            Integer.parseInt(row.get(0)),
            Integer.parseInt(row.get(1)),
            row.get(2) == null ? 1 : Integer.parseInt(row.get(2)));
    if (workers != null) {
      warnings.add(workers);
    }
    return new Preflight(blocking, warnings);
  }

  /**
   * The warning for a coordinator that cannot start the background workers a rebalance job needs
   * (its task queue monitor and at least one executor), or null.
   */
  static String backgroundWorkerWarning(int maxWorkerProcesses, int running, int executors) {
    if (executors < 1) {
      return "citus.max_background_task_executors is "
          + executors
          + ": no background task can run, and a rebalance job would wait forever. Set it to 1"
          + " or more (ALTER SYSTEM SET citus.max_background_task_executors = 4; SELECT"
          + " pg_reload_conf()).";
    }
    int free = maxWorkerProcesses - running;
    if (free < 2) {
      return "The coordinator runs "
          + running
          + " background workers of max_worker_processes = "
          + maxWorkerProcesses
          + "; a rebalance job needs 2 more (Citus' task queue monitor and a task executor) and"
          + " would wait until they are free. Raise max_worker_processes (needs a restart), or"
          + " drop Citus databases nobody uses (each runs a maintenance daemon).";
    }
    return null;
  }

  /** Distributed tables whose shards can move and that logical replication cannot follow. */
  private static List<String> tablesWithoutReplicaIdentity(Connection c) throws SQLException {
    return PinnedSearchPath.rows(
            c,
            "SELECT p.logicalrelid::regclass::text FROM pg_dist_partition p"
                + " JOIN pg_class r ON r.oid = p.logicalrelid"
                + " WHERE p.colocationid <> 0 AND p.repmodel <> 't' AND r.relkind = 'r'"
                + " AND (r.relreplident = 'n' OR (r.relreplident = 'd' AND NOT EXISTS ("
                + " SELECT 1 FROM pg_index i WHERE i.indrelid = r.oid AND i.indisprimary)))"
                + " ORDER BY 1")
        .stream()
        .map(r -> r.get(0))
        .toList();
  }

  /** Those of {@code tables} whose shard groups the plan moves (asks for the plan). */
  private static List<String> movedAmong(
      Connection c, RebalanceOptions options, List<String> tables) throws SQLException {
    List<List<String>> rows =
        PinnedSearchPath.rows(
            c,
            "SELECT DISTINCT p.logicalrelid::regclass::text FROM get_rebalance_table_shards_plan("
                + "rebalance_strategy => ?::name, drain_only => ?) pl"
                + " JOIN pg_dist_shard sh ON sh.shardid = pl.shardid"
                + " JOIN pg_dist_partition q ON q.logicalrelid = sh.logicalrelid"
                + " JOIN pg_dist_partition p ON p.colocationid = q.colocationid ORDER BY 1",
            options.strategy(),
            options.drainOnly());
    List<String> moved = new ArrayList<>();
    for (List<String> r : rows) {
      if (tables.contains(r.get(0))) {
        moved.add(r.get(0));
      }
    }
    return moved;
  }

  /**
   * Refuses, before anything runs, a rebalance strategy the cluster does not have and the parallel
   * transfer options on a Citus that lacks them.
   */
  static void requireSupported(Connection connection, RebalanceOptions options)
      throws SQLException, RebalanceException {
    if (options.strategy() != null) {
      List<String> strategies =
          PinnedSearchPath.run(
                  connection,
                  c ->
                      PinnedSearchPath.rows(
                          c,
                          "SELECT name::text FROM pg_catalog.pg_dist_rebalance_strategy"
                              + " ORDER BY name"))
              .stream()
              .map(r -> r.get(0))
              .toList();
      if (!strategies.contains(options.strategy())) {
        throw new RebalanceException(
            RebalanceException.Kind.REFUSED,
            0,
            "rebalance strategy '"
                + options.strategy()
                + "' is not one of this cluster's: "
                + String.join(", ", strategies)
                + " (pg_dist_rebalance_strategy). Nothing changed.");
      }
    }
    if (!options.asksParallel()) {
      return;
    }
    CitusVersion version = CitusVersion.installed(connection).orElseThrow();
    if (!version.atLeast(RebalanceOptions.PARALLEL_SINCE)) {
      throw new RebalanceException(
          RebalanceException.Kind.REFUSED,
          0,
          "parallel_transfer_reference_tables and parallel_transfer_colocated_shards need Citus "
              + RebalanceOptions.PARALLEL_SINCE
              + " or later; this cluster runs Citus "
              + version
              + ". Leave them out.");
    }
  }

  /** Refuses a node that is not an active primary that may hold shards, naming those that are. */
  static void requireShardNode(Connection connection, NodeAddress target)
      throws SQLException, RebalanceException {
    List<String> nodes =
        PinnedSearchPath.run(
                connection,
                c ->
                    PinnedSearchPath.rows(
                        c,
                        "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE isactive"
                            + " AND shouldhaveshards AND noderole = 'primary' ORDER BY groupid"))
            .stream()
            .map(r -> r.get(0))
            .toList();
    if (!nodes.contains(target.toString())) {
      throw new RebalanceException(
          RebalanceException.Kind.REFUSED,
          0,
          "node "
              + target
              + " is not an active node that may hold shards; choose one of: "
              + String.join(", ", nodes)
              + " (citus:status lists them). Nothing changed.");
    }
  }

  /** Tables of a colocation group that logical replication cannot follow. */
  static List<String> withoutReplicaIdentity(Connection connection, int colocationId)
      throws SQLException {
    return PinnedSearchPath.run(
            connection,
            c ->
                PinnedSearchPath.rows(
                    c,
                    "SELECT p.logicalrelid::regclass::text FROM pg_dist_partition p"
                        + " JOIN pg_class r ON r.oid = p.logicalrelid"
                        + " WHERE p.colocationid = ? AND r.relkind = 'r'"
                        + " AND (r.relreplident = 'n' OR (r.relreplident = 'd' AND NOT EXISTS ("
                        + " SELECT 1 FROM pg_index i WHERE i.indrelid = r.oid AND i.indisprimary)))"
                        + " ORDER BY 1",
                    colocationId))
        .stream()
        .map(r -> r.get(0))
        .toList();
  }
}
