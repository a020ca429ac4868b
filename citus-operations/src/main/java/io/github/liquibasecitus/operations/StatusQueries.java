package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The catalog queries behind {@link ClusterStatus}; run with the search path pinned. */
final class StatusQueries {
  private StatusQueries() {}

  private static final String NO_SIZES =
      "SELECT NULL::bigint AS shard_id, NULL::bigint AS size WHERE false";
  private static final String SIZES =
      "SELECT s.shard_id::bigint, s.size FROM citus_shard_sizes() s";

  /** Per single-shard colocation group (schemas, tenants): its node, table count and bytes. */
  static String groups(boolean sizes) {
    return "WITH sizes AS ("
        + (sizes ? SIZES : NO_SIZES)
        + "), grp AS ("
        + " SELECT p.colocationid, min(pl.groupid) AS groupid,"
        + " count(DISTINCT p.logicalrelid) AS tables, sum(sz.size)::bigint AS bytes"
        + " FROM pg_dist_partition p"
        + " JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid"
        + " JOIN pg_dist_placement pl ON pl.shardid = sh.shardid"
        + " LEFT JOIN sizes sz ON sz.shard_id = sh.shardid"
        + " WHERE p.partmethod = 'n' AND p.repmodel <> 't' AND p.colocationid <> 0"
        + " GROUP BY p.colocationid),"
        + " grp_node AS (SELECT g.*, n.nodename || ':' || n.nodeport AS node FROM grp g"
        + " LEFT JOIN pg_dist_node n ON n.groupid = g.groupid AND n.noderole = 'primary')";
  }

  static List<ClusterStatus.Node> nodes(Connection c, boolean sizes) throws SQLException {
    String sql =
        "WITH sizes AS ("
            + (sizes ? SIZES : NO_SIZES)
            + ") SELECT n.nodename, n.nodeport, n.groupid, n.isactive, n.shouldhaveshards,"
            + " (SELECT count(DISTINCT (p.colocationid, sh.shardminvalue))"
            + " FROM pg_dist_placement pl JOIN pg_dist_shard sh ON sh.shardid = pl.shardid"
            + " JOIN pg_dist_partition p ON p.logicalrelid = sh.logicalrelid"
            + " WHERE pl.groupid = n.groupid AND p.repmodel <> 't' AND p.colocationid <> 0),"
            + " (SELECT sum(sz.size)::bigint FROM pg_dist_placement pl JOIN sizes sz"
            + " ON sz.shard_id = pl.shardid WHERE pl.groupid = n.groupid)"
            + " FROM pg_dist_node n WHERE n.noderole = 'primary' ORDER BY n.groupid, n.nodeid";
    return PinnedSearchPath.rows(c, sql).stream()
        .map(
            r ->
                new ClusterStatus.Node(
                    r.get(0),
                    Integer.parseInt(r.get(1)),
                    Integer.parseInt(r.get(2)),
                    "0".equals(r.get(2)),
                    "t".equals(r.get(3)),
                    "t".equals(r.get(4)),
                    Long.parseLong(r.get(5)),
                    sizes && r.get(6) != null ? Long.valueOf(r.get(6)) : sizes ? 0L : null))
        .toList();
  }

  static List<ClusterStatus.Group> schemas(Connection c, String groups) throws SQLException {
    String sql =
        groups
            + " SELECT s.schemaid::regnamespace::text, g.node, coalesce(g.tables, 0), g.bytes,"
            + " ns.nspowner::regrole::text, s.colocationid FROM pg_dist_schema s"
            + " JOIN pg_namespace ns ON ns.oid = s.schemaid"
            + " LEFT JOIN grp_node g ON g.colocationid = s.colocationid ORDER BY 1";
    return groupRows(c, sql);
  }

  static List<ClusterStatus.Group> tenants(Connection c, String groups) throws SQLException {
    String sql =
        groups
            + " SELECT t.tenant_id, g.node, coalesce(g.tables, 0), g.bytes, t.owner::text,"
            + " t.colocation_id"
            + " FROM citus_ext.tenant t LEFT JOIN grp_node g ON g.colocationid = t.colocation_id"
            + " ORDER BY 1";
    return groupRows(c, sql);
  }

  private static List<ClusterStatus.Group> groupRows(Connection c, String sql) throws SQLException {
    return PinnedSearchPath.rows(c, sql).stream()
        .map(
            r ->
                new ClusterStatus.Group(
                    r.get(0),
                    r.get(1),
                    Long.parseLong(r.get(2)),
                    r.get(3) == null ? null : Long.valueOf(r.get(3)),
                    r.get(4),
                    Integer.parseInt(r.get(5))))
        .toList();
  }

  /** Regular tables Citus does not know, outside system schemas and history tables. */
  static List<String> localTables(Connection c) throws SQLException {
    String sql =
        "SELECT pg_catalog.format('%s.%s', pg_catalog.quote_ident(n.nspname),"
            + " pg_catalog.quote_ident(c.relname)) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'citus',"
            + " 'citus_internal', 'columnar', 'columnar_internal', 'citus_ext')"
            + " AND n.nspname NOT LIKE 'pg\\_%'"
            + " AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock',"
            + " 'flyway_schema_history')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)"
            + " ORDER BY n.nspname, c.relname";
    return PinnedSearchPath.rows(c, sql).stream().map(r -> r.get(0)).toList();
  }
}
