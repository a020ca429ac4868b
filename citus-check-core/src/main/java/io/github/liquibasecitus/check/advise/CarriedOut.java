package io.github.liquibasecitus.check.advise;

import io.github.liquibasecitus.operations.TextTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a cluster holds once a plan's changelog ran: each distributed schema with its tables and the
 * nodes they are on, and the reference tables; from the coordinator's catalogs, without calling a
 * worker. {@link #gaps} says where that differs from the plan.
 */
public record CarriedOut(Map<String, Placement> schemas, Set<String> referenceTables) {

  /** A distributed schema's tables and the nodes ({@code host:port}) they are on. */
  public record Placement(int tables, int nodes, String where) {}

  /** Where the cluster differs from the plan: the changeset's id, and what is not so. */
  public record Gap(String changeSet, String object, String message) {}

  public static CarriedOut read(Connection connection) throws SQLException {
    Map<String, Placement> schemas = new LinkedHashMap<>();
    Set<String> references = new TreeSet<>();
    try (Statement st = connection.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT n.nspname, pg_catalog.count(DISTINCT p.logicalrelid),"
                  + " pg_catalog.count(DISTINCT pl.groupid),"
                  + " pg_catalog.string_agg(DISTINCT nd.nodename OPERATOR(pg_catalog.||) ':'"
                  + " OPERATOR(pg_catalog.||) nd.nodeport, ', ')"
                  + " FROM pg_catalog.pg_dist_schema s"
                  + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) s.schemaid"
                  + " LEFT JOIN pg_catalog.pg_class c ON c.relnamespace OPERATOR(pg_catalog.=) n.oid"
                  + " LEFT JOIN pg_catalog.pg_dist_partition p"
                  + " ON p.logicalrelid OPERATOR(pg_catalog.=) c.oid"
                  + " LEFT JOIN pg_catalog.pg_dist_shard sh"
                  + " ON sh.logicalrelid OPERATOR(pg_catalog.=) p.logicalrelid"
                  + " LEFT JOIN pg_catalog.pg_dist_placement pl"
                  + " ON pl.shardid OPERATOR(pg_catalog.=) sh.shardid"
                  + " LEFT JOIN pg_catalog.pg_dist_node nd ON nd.groupid OPERATOR(pg_catalog.=)"
                  + " pl.groupid GROUP BY 1")) {
        while (rs.next()) {
          schemas.put(rs.getString(1), new Placement(rs.getInt(2), rs.getInt(3), rs.getString(4)));
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT n.nspname, c.relname FROM pg_catalog.pg_dist_partition p"
                  + " JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) p.logicalrelid"
                  + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
                  + " WHERE p.repmodel OPERATOR(pg_catalog.=) 't'")) {
        while (rs.next()) {
          references.add(rs.getString(1) + "." + rs.getString(2));
        }
      }
    }
    return new CarriedOut(schemas, references);
  }

  /** Every schema the plan distributes on one node, every reference table one; else a gap. */
  public List<Gap> gaps(AdvisePlan plan) {
    List<Gap> gaps = new ArrayList<>();
    for (AdvisePlan.SchemaDecision s : plan.toDistribute()) {
      Placement p = schemas.get(s.schema());
      if (p == null || p.nodes() != 1) {
        gaps.add(
            new Gap(
                "distribute-" + s.schema(),
                s.schema(),
                s.schema()
                    + (p == null
                        ? " is not a distributed schema after the apply"
                        : " has its tables on " + p.nodes() + " nodes (" + p.where() + ")")));
      }
    }
    for (AdvisePlan.Reference r : plan.references()) {
      if (!referenceTables.contains(r.table().qualified())) {
        gaps.add(
            new Gap(
                "reference-" + r.table().qualified(),
                r.table().qualified(),
                r.table().qualified() + " is not a reference table after the apply"));
      }
    }
    return gaps;
  }

  /** The plan's distributed schemas as placed: schema, tables, node. */
  public List<String> lines(AdvisePlan plan) {
    TextTable table = TextTable.of("schema", "tables", "node");
    for (AdvisePlan.SchemaDecision s : plan.toDistribute()) {
      Placement p = schemas.get(s.schema());
      if (p != null && p.nodes() == 1) {
        table.row(s.schema(), p.tables(), p.where());
      }
    }
    return table.lines("  ");
  }
}
