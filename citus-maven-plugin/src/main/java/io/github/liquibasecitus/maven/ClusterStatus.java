package io.github.liquibasecitus.maven;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/**
 * The cluster as a person wants to see it before or after a deployment: nodes, distributed schemas
 * with their node and size, tenants with their node, and tables left undistributed. Placement comes
 * from the coordinator's catalogs; only the schema sizes ask the workers.
 */
final class ClusterStatus {
  private static final String NODES =
      "SELECT nodename || ':' || nodeport, noderole::text, CASE WHEN isactive THEN 'active' ELSE 'inactive' END,"
          + " CASE WHEN groupid = 0 THEN 'coordinator' WHEN shouldhaveshards THEN 'holds shards' ELSE 'no shards' END"
          + " FROM pg_catalog.pg_dist_node ORDER BY groupid, nodeid";
  private static final String SCHEMAS =
      "SELECT s.schema_name::text, coalesce((SELECT string_agg(DISTINCT n.nodename || ':' || n.nodeport, ', ')"
          + " FROM pg_catalog.pg_dist_partition p JOIN pg_catalog.pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid"
          + " JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = sh.shardid"
          + " JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid WHERE p.colocationid = s.colocation_id), '(no tables)'),"
          + " s.schema_size::text, s.schema_owner::text FROM public.citus_schemas s ORDER BY 1";
  private static final String TENANTS =
      "SELECT tenant_id, coalesce(node_name || ':' || node_port, '(no tables)'), table_count::text"
          + " FROM citus_ext.tenants() ORDER BY 1";
  private static final String UNDISTRIBUTED =
      "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
          + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'citus', 'citus_internal', 'columnar',"
          + " 'columnar_internal', 'citus_ext') AND n.nspname NOT LIKE 'pg\\_%'"
          + " AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock')"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = c.oid)"
          + " ORDER BY 1";

  private ClusterStatus() {}

  static void report(Connection connection, Log log) throws SQLException {
    section(log, "Nodes", rows(connection, NODES));
    section(log, "Distributed schemas (schema, node, size, owner)", rows(connection, SCHEMAS));
    if (libraryInstalled(connection)) {
      section(log, "Tenants (tenant, node, tables)", rows(connection, TENANTS));
    }
    section(log, "Tables not distributed", rows(connection, UNDISTRIBUTED));
  }

  private static boolean libraryInstalled(Connection connection) throws SQLException {
    List<List<String>> found =
        rows(connection, "SELECT pg_catalog.to_regprocedure('citus_ext.version()')::text");
    return found.get(0).get(0) != null;
  }

  private static void section(Log log, String title, List<List<String>> rows) {
    log.info(title + ": " + (rows.isEmpty() ? "none" : rows.size()));
    for (List<String> row : rows) {
      log.info("  " + String.join("  ", row));
    }
  }

  private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
