package io.github.liquibasecitus.check;

import io.github.liquibasecitus.operations.ClusterStatus;
import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.CitusExtLibrary;
import io.github.liquibasecitus.sql.CitusVersion;
import io.github.liquibasecitus.sql.LibraryState;
import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster layer of citus:check: read-only catalog queries on the coordinator (no writes, no
 * library installed or called, no per-shard size calls), so it runs with a read-only role against
 * production and stays fast on thousands of tables.
 */
public final class ClusterRules {
  /** Citus versions this project supports: from 12.1 (inclusive) to 14 (exclusive). */
  public static final String MIN_CITUS = "12.1";

  public static final String MAX_CITUS_EXCLUSIVE = "14";

  public static final Rule LOCAL_BESIDE_DISTRIBUTED =
      new Rule(
          "CITUS101",
          Severity.WARNING,
          "Regular table left beside distributed tables",
          "A regular (undistributed) table that a distributed table references or that references"
              + " one, or that sits in a schema holding distributed tables: queries joining it"
              + " pull rows through the coordinator, and foreign keys to it are refused.",
          "Distribute it (createDistributedTable, createReferenceTable or createSingleShardTable),"
              + " or move it out of the schema.");
  public static final Rule TENANT_OUT_OF_STEP =
      new Rule(
          "CITUS102",
          Severity.ERROR,
          "Tenant split over nodes",
          "A tenant of the citus_ext registry whose tables are placed on more than one node (a"
              + " shard moved by hand out of its group's node). A tenant whose tables were all"
              + " dropped is not a finding: its next table starts its group again.",
          "Move the tenant's tables together (citus:moveTenant, citus_ext.move_tenant) or re-create its tables"
              + " with createSingleShardTable tenantId.");
  public static final Rule NO_REPLICA_IDENTITY =
      new Rule(
          "CITUS103",
          Severity.WARNING,
          "Distributed table without primary key or replica identity",
          "Citus cannot move such a table's shards online: a rebalance or a drain with transfer"
              + " mode auto refuses to start.",
          "Add a primary key, or ALTER TABLE ... REPLICA IDENTITY FULL.");
  public static final Rule OUT_OF_BALANCE =
      new Rule(
          "CITUS104",
          Severity.WARNING,
          "Shard groups out of balance",
          "A node that takes shards holds more shard groups than the average by more than the"
              + " threshold (10%, and at least 2 groups).",
          "mvn citus:rebalance -Dcitus.rebalanceStrategy=by_shard_count -Dcitus.dryRun=true, then"
              + " without the dry run.");
  public static final Rule JOB_LEFT_BEHIND =
      new Rule(
          "CITUS105",
          Severity.WARNING,
          "Rebalance that failed or was cancelled",
          "The latest rebalance job ended failed or cancelled: the cluster is between two layouts.",
          "mvn citus:rebalance runs it again (moves that finished stay done).");
  public static final Rule CLEANUP_PENDING =
      new Rule(
          "CITUS106",
          Severity.INFO,
          "Leftovers waiting for cleanup",
          "pg_dist_cleanup lists shards or resources that Citus has not dropped yet (after moves"
              + " or failed operations); they use disk until cleaned.",
          "SELECT citus_cleanup_orphaned_resources(); (Citus also runs it in the background).");
  public static final Rule INACTIVE_NODE =
      new Rule(
          "CITUS107",
          Severity.ERROR,
          "Inactive node",
          "A node is registered but inactive: its placements cannot be reached.",
          "Activate it (citus_activate_node) or remove it (citus:drain -Dcitus.removeNode=true).");
  public static final Rule LIBRARY_OLD =
      new Rule(
          "CITUS108",
          Severity.WARNING,
          "citus_ext older than this release's",
          "The citus_ext library in the database is older than the one this plugin ships; change"
              + " types and status use the newer one after the next update.",
          "Run citus:update (or the Flyway callback) once with a role that may install it.");
  public static final Rule CITUS_VERSION =
      new Rule(
          "CITUS109",
          Severity.ERROR,
          "Citus version outside the supported range",
          "This project supports Citus " + MIN_CITUS + " to 13.x.",
          "Upgrade Citus (ALTER EXTENSION citus UPDATE after installing the new packages).");

  /** Every cluster rule, in id order. */
  public static final List<Rule> ALL =
      List.of(
          LOCAL_BESIDE_DISTRIBUTED,
          TENANT_OUT_OF_STEP,
          NO_REPLICA_IDENTITY,
          OUT_OF_BALANCE,
          JOB_LEFT_BEHIND,
          CLEANUP_PENDING,
          INACTIVE_NODE,
          LIBRARY_OLD,
          CITUS_VERSION);

  private static final String SKIPPED_SCHEMAS =
      "('pg_catalog', 'information_schema', 'citus', 'citus_internal', 'columnar',"
          + " 'columnar_internal', 'citus_ext')";
  private static final String HISTORY_TABLES =
      "('databasechangelog', 'databasechangeloglock', 'flyway_schema_history')";

  static final String LOCAL_BESIDE_SQL =
      "WITH dist AS (SELECT p.logicalrelid AS relid FROM pg_dist_partition p),"
          + " local AS (SELECT c.oid, c.relnamespace, c.relname FROM pg_class c"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
          + " AND n.nspname NOT IN "
          + SKIPPED_SCHEMAS
          + " AND n.nspname NOT LIKE 'pg\\_%' AND c.relname NOT IN "
          + HISTORY_TABLES
          + " AND NOT EXISTS (SELECT 1 FROM dist d WHERE d.relid = c.oid))"
          + " SELECT l.oid::regclass::text, 'referenced by or referencing '"
          + " || string_agg(DISTINCT other::regclass::text, ', ' ORDER BY other::regclass::text)"
          + " FROM local l JOIN (SELECT con.conrelid AS a, con.confrelid AS b FROM pg_constraint con"
          + " WHERE con.contype = 'f' UNION ALL SELECT con.confrelid, con.conrelid FROM pg_constraint"
          + " con WHERE con.contype = 'f') fk(a, other) ON fk.a = l.oid"
          + " WHERE EXISTS (SELECT 1 FROM dist d WHERE d.relid = other) GROUP BY l.oid"
          + " UNION ALL"
          + " SELECT l.oid::regclass::text, 'in schema ' || quote_ident(n.nspname)"
          + " || ', which holds distributed tables' FROM local l"
          + " JOIN pg_namespace n ON n.oid = l.relnamespace"
          + " WHERE EXISTS (SELECT 1 FROM dist d JOIN pg_class dc ON dc.oid = d.relid"
          + " WHERE dc.relnamespace = l.relnamespace)"
          + " AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.contype = 'f'"
          + " AND l.oid IN (con.conrelid, con.confrelid)"
          + " AND EXISTS (SELECT 1 FROM dist d WHERE d.relid IN (con.conrelid, con.confrelid)"
          + " AND d.relid <> l.oid))"
          + " ORDER BY 1";

  static final String NO_IDENTITY_SQL =
      "SELECT p.logicalrelid::regclass::text FROM pg_dist_partition p"
          + " JOIN pg_class c ON c.oid = p.logicalrelid"
          + " WHERE NOT (p.partmethod = 'n' AND p.repmodel = 't')" // reference tables are copied
          + " AND p.colocationid <> 0" // Citus-managed local tables stay on the coordinator
          + " AND (c.relreplident = 'n' OR (c.relreplident = 'd' AND NOT EXISTS"
          + " (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)))"
          + " ORDER BY 1";

  static final String TENANT_SQL =
      "SELECT t.tenant_id, count(DISTINCT pl.groupid)::text FROM citus_ext.tenant t"
          + " JOIN pg_dist_partition p ON p.colocationid = t.colocation_id"
          + " JOIN pg_dist_shard s ON s.logicalrelid = p.logicalrelid"
          + " JOIN pg_dist_placement pl ON pl.shardid = s.shardid"
          + " GROUP BY t.tenant_id HAVING count(DISTINCT pl.groupid) > 1 ORDER BY 1";

  static final String JOB_SQL =
      "SELECT j.job_id::text, j.state::text, coalesce(j.description, '') FROM"
          + " pg_dist_background_job j ORDER BY j.job_id DESC LIMIT 1";

  static final String CLEANUP_SQL = "SELECT count(*)::text FROM pg_dist_cleanup";

  private ClusterRules() {}

  /** Runs every enabled cluster rule; reads only. */
  public static CheckResult check(Connection connection, CheckSettings settings)
      throws SQLException {
    List<Finding> found = new ArrayList<>();
    CitusVersion citus = CitusVersion.installed(connection).orElse(null);
    if (citus == null || !citus.atLeast(MIN_CITUS) || citus.atLeast(MAX_CITUS_EXCLUSIVE)) {
      found.add(
          CITUS_VERSION.at(
              Location.ofObject("citus"),
              citus == null
                  ? "the database has no Citus extension"
                  : "Citus " + citus.number() + " is outside " + MIN_CITUS + " to 13.x"));
      if (citus == null) {
        return new CheckResult(settings.enabled(ALL), settings.apply(found));
      }
    }
    LibraryState library = CitusExtInstaller.state(connection);
    PinnedSearchPath.run(
        connection,
        c -> {
          ClusterStatus status = ClusterStatus.read(c, false);
          nodes(status, found);
          for (List<String> row : PinnedSearchPath.rows(c, LOCAL_BESIDE_SQL)) {
            found.add(
                LOCAL_BESIDE_DISTRIBUTED.at(
                    Location.ofObject(row.get(0)),
                    row.get(0) + " is not distributed and is " + row.get(1)));
          }
          for (List<String> row : PinnedSearchPath.rows(c, NO_IDENTITY_SQL)) {
            found.add(
                NO_REPLICA_IDENTITY.at(
                    Location.ofObject(row.get(0)),
                    row.get(0) + " has neither a primary key nor a replica identity"));
          }
          if (library.version() != null && library.trusted()) {
            for (List<String> row : PinnedSearchPath.rows(c, TENANT_SQL)) {
              found.add(
                  TENANT_OUT_OF_STEP.at(
                      Location.ofObject("tenant " + row.get(0)),
                      "tenant " + row.get(0) + " has tables on " + row.get(1) + " nodes"));
            }
          }
          for (List<String> row : PinnedSearchPath.rows(c, JOB_SQL)) {
            if (row.get(1).equals("failed") || row.get(1).equals("cancelled")) {
              found.add(
                  JOB_LEFT_BEHIND.at(
                      Location.ofObject("job " + row.get(0)),
                      "job " + row.get(0) + " (" + row.get(2) + ") ended " + row.get(1)));
            }
          }
          String cleanup = PinnedSearchPath.rows(c, CLEANUP_SQL).get(0).get(0);
          if (!cleanup.equals("0")) {
            found.add(
                CLEANUP_PENDING.at(
                    Location.ofObject("pg_dist_cleanup"),
                    cleanup + " resource(s) wait in pg_dist_cleanup"));
          }
          return null;
        });
    if (library.version() != null
        && CitusExtLibrary.compareVersions(library.version(), CitusExtInstaller.library().version())
            < 0) {
      found.add(
          LIBRARY_OLD.at(
              Location.ofObject("citus_ext"),
              "citus_ext "
                  + library.version()
                  + " is installed; this release ships "
                  + CitusExtInstaller.library().version()));
    }
    return new CheckResult(settings.enabled(ALL), settings.apply(found));
  }

  private static void nodes(ClusterStatus status, List<Finding> found) {
    List<ClusterStatus.Node> takers = new ArrayList<>();
    for (ClusterStatus.Node n : status.nodes()) {
      if (!n.active()) {
        found.add(
            INACTIVE_NODE.at(
                Location.ofObject(n.address()), "node " + n.address() + " is inactive"));
      } else if (n.holdsShards()) {
        takers.add(n);
      }
    }
    if (takers.size() < 2) {
      return;
    }
    long total = takers.stream().mapToLong(ClusterStatus.Node::shardGroups).sum();
    double average = (double) total / takers.size();
    for (ClusterStatus.Node n : takers) {
      if (n.shardGroups() > average * 1.1 && n.shardGroups() - average >= 2) {
        found.add(
            OUT_OF_BALANCE.at(
                Location.ofObject(n.address()),
                "node "
                    + n.address()
                    + " holds "
                    + n.shardGroups()
                    + " shard groups; the average of the nodes that take shards is "
                    + String.format(java.util.Locale.ROOT, "%.1f", average)));
      }
    }
  }
}
