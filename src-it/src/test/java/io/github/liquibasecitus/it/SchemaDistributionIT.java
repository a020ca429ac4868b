package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The fixture's first proof: Citus' own schema distribution, checked in Citus' catalogs. */
@CitusTest
class SchemaDistributionIT {

  @Test
  void tableInDistributedSchemaIsSingleShardOnAWorker(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("svc");
    try (Connection c = cluster.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute("SELECT citus_schema_distribute('" + schema + "')");
      s.execute("CREATE TABLE " + schema + ".users (id bigserial PRIMARY KEY, name text)");

      try (PreparedStatement q =
          c.prepareStatement(
              """
              SELECT p.partmethod, p.partkey, count(DISTINCT sh.shardid) AS shards,
                     n.groupid, n.noderole, ds.colocationid = p.colocationid AS schema_group
                FROM pg_dist_partition p
                JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid
                JOIN pg_dist_placement pl ON pl.shardid = sh.shardid
                JOIN pg_dist_node n ON n.groupid = pl.groupid
                JOIN pg_dist_schema ds ON ds.schemaid = ?::regnamespace
               WHERE p.logicalrelid = ?::regclass
               GROUP BY 1, 2, 4, 5, 6
              """)) {
        q.setString(1, schema);
        q.setString(2, schema + ".users");
        try (ResultSet rs = q.executeQuery()) {
          assertTrue(rs.next(), "the table should be in pg_dist_partition");
          assertEquals("n", rs.getString("partmethod"), "single-shard tables have partmethod n");
          assertNull(rs.getString("partkey"), "single-shard tables have no distribution column");
          assertEquals(1, rs.getInt("shards"));
          assertNotEquals(
              0, rs.getInt("groupid"), "the shard should be on a worker, not the coordinator");
          assertEquals("primary", rs.getString("noderole"));
          assertTrue(
              rs.getBoolean("schema_group"), "the table joins its schema's colocation group");
        }
      }
    }
  }
}
