package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The fixture as users get it: a schema and a role of the test's own, by parameter. */
@CitusTest
class TestFixtureIT {

  @Test
  void aTestGetsASchemaOfItsOwnOwnedByALoginRole(TestSchema schema, CitusCluster cluster)
      throws SQLException {
    assertTrue(schema.name().startsWith("a_test_gets_a_schema_of_its_ow"), schema.name());
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      assertEquals(schema.role(), one(s, "SELECT current_user"));
      assertEquals(schema.name(), one(s, "SELECT current_schema()"));
      // The owner distributes its own schema, as a service's changelog does.
      s.execute("SELECT pg_catalog.citus_schema_distribute(" + literal(schema.name()) + ")");
      s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric)");
      s.execute("INSERT INTO orders VALUES (1, 9.5)");
    }
    try (Connection c = cluster.connect();
        Statement s = c.createStatement()) {
      assertEquals(
          "1",
          one(
              s,
              "SELECT count(*) FROM pg_catalog.pg_dist_partition p"
                  + " JOIN pg_catalog.pg_class r ON r.oid = p.logicalrelid"
                  + " WHERE r.relnamespace = "
                  + literal(schema.name())
                  + "::regnamespace AND p.partmethod = 'n'"),
          "the table is a distributed-schema table");
    }
  }

  @Test
  void closingDropsTheSchemaAndTheRoleOnEveryNode(CitusCluster cluster) throws SQLException {
    String name;
    try (TestSchema schema = TestSchema.create(cluster, "dropped")) {
      name = schema.name();
      try (Connection c = schema.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id bigint)");
      }
    }
    try (Connection c = cluster.connect();
        Statement s = c.createStatement()) {
      assertEquals(
          "0",
          one(s, "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = " + literal(name)));
      assertEquals(
          "0", one(s, "SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = " + literal(name)));
      // And on the workers, where Citus propagated the role.
      assertEquals(
          "0",
          one(
              s,
              "SELECT count(*) FROM pg_catalog.run_command_on_workers("
                  + "'SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = ''' || "
                  + literal(name)
                  + " || '''') WHERE result <> '0'"));
    }
  }

  @Test
  void aBadPrefixIsRefusedWithTheRule(CitusCluster cluster) {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> TestSchema.create(cluster, "Orders; DROP"));
    assertTrue(e.getMessage().contains("'Orders; DROP'"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
