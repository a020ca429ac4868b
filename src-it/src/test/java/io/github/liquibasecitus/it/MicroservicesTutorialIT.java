package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Citus' microservices tutorial as changelogs: the platform changelog makes a role and a
 * distributed schema per service, then each service runs its own changelog as its own role, with
 * its DATABASECHANGELOG tables inside its distributed schema.
 */
@CitusTest
class MicroservicesTutorialIT {
  private static final String DIR = "examples/microservices/db/";

  @Test
  void threeServicesThreeRolesThreeChangelogs(CitusCluster cluster) throws Exception {
    String suffix = TestNames.unique("");
    List<String> services = List.of("user", "time", "ping");
    LiquibaseRun platform = LiquibaseRun.of(cluster, DIR + "cluster.xml");
    for (String s : services) {
      platform.param(s + "_service", s + "_service" + suffix);
    }
    platform.update();

    String password = "pw" + suffix;
    try (Db admin = Db.connect(cluster)) {
      for (String s : services) {
        // Passwords stay out of changelogs; an operator sets them.
        admin.exec("ALTER ROLE " + s + "_service" + suffix + " PASSWORD '" + password + "'");
      }
    }
    for (String s : services) {
      String role = s + "_service" + suffix;
      LiquibaseRun service =
          LiquibaseRun.of(cluster, DIR + s + "-service.xml")
              .as(role, password)
              .schema(role)
              .param(s + "_service", role);
      service.update();
      service.update(); // a second run applies nothing
    }

    try (Db db = Db.connect(cluster)) {
      List<List<Object>> tables =
          db.rows(
              """
              SELECT n.nspname::text, c.relname::text, citus_ext.table_kind(c.oid), pg_get_userbyid(c.relowner)::text
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname LIKE ? AND c.relkind = 'r'
               ORDER BY 1, 2
              """,
              "%" + suffix);
      assertEquals(9, tables.size(), tables.toString());
      for (List<Object> row : tables) {
        assertEquals(
            "schema",
            row.get(2),
            "every table is a table of its service's distributed schema: " + row);
        assertEquals(row.get(0), row.get(3), "owned by the service's role: " + row);
      }
      assertEquals(
          List.of("databasechangelog", "databasechangeloglock", "users"),
          tables.stream()
              .filter(r -> r.get(0).equals("user_service" + suffix))
              .map(r -> r.get(1))
              .toList());
      for (String s : services) {
        String schema = s + "_service" + suffix;
        assertEquals(1L, db.<Long>one("SELECT count(*) FROM " + schema + ".databasechangelog"));
        assertEquals(
            1L,
            db.<Long>one(
                "SELECT count(DISTINCT pl.groupid) FROM pg_dist_partition p JOIN pg_dist_shard sh USING (logicalrelid)"
                    + " JOIN pg_dist_placement pl USING (shardid) JOIN pg_class c ON c.oid = p.logicalrelid"
                    + " WHERE c.relnamespace = ?::regnamespace",
                schema),
            "a service's tables live on one node");
      }
      assertTrue(
          db.<Long>one(
                  "SELECT count(*) FROM citus_ext.distributed_schemas() WHERE schema_name::text LIKE ?",
                  "%" + suffix)
              == 3);
    }
  }

  @Test
  void serviceChangelogHaltsUntilItsSchemaIsDistributed(CitusCluster cluster) throws Exception {
    String role = TestNames.unique("orphan_service");
    try (Db admin = Db.connect(cluster)) {
      admin.exec("CREATE SCHEMA " + role);
    }
    Exception e = null;
    try {
      LiquibaseRun.of(cluster, DIR + "user-service.xml")
          .schema(role)
          .param("user_service", role)
          .update();
    } catch (Exception failed) {
      e = failed;
    }
    assertTrue(
        e != null
            && String.valueOf(rootMessage(e))
                .contains("Schema " + role + " is not distributed yet: run cluster.xml first"),
        String.valueOf(e));
  }

  static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
