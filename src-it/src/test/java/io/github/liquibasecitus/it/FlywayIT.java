package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.flyway.CitusExtCallback;
import io.github.liquibasecitus.sql.CitusExt;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * The two workflows through Flyway's own API with the flyway-citus callback, on real Citus: the
 * microservices tutorial (a role and a distributed schema per service, each service migrating its
 * schema as its role with flyway_schema_history inside it) and tenants of single-shard tables,
 * including an online move outside a transaction.
 */
@CitusTest
class FlywayIT {
  private static final String MICROSERVICES = "examples/flyway-microservices/db/";
  private static final String MULTI_TENANT = "examples/flyway-multi-tenant/db/migration";

  private static String location(String dir) {
    return "filesystem:" + LiquibaseRun.REPO.resolve(dir);
  }

  @Test
  void theTutorialsServicesEachMigrateTheirDistributedSchemaAsTheirRole(CitusCluster cluster)
      throws Exception {
    String suffix = TestNames.unique("");
    List<String> services = List.of("user", "time", "ping");
    String platformSchema = "platform" + suffix;
    Flyway platform =
        Flyway.configure()
            .dataSource(cluster.jdbcUrl(), cluster.username(), cluster.password())
            .schemas(platformSchema)
            .locations(location(MICROSERVICES + "platform"))
            .placeholders(
                Map.of(
                    "user_service", "user_service" + suffix,
                    "time_service", "time_service" + suffix,
                    "ping_service", "ping_service" + suffix))
            .callbacks(new CitusExtCallback())
            .load();
    assertEquals(1, platform.migrate().migrationsExecuted);

    String password = "pw" + suffix;
    try (Db admin = Db.connect(cluster)) {
      for (String s : services) {
        admin.exec("ALTER ROLE " + s + "_service" + suffix + " PASSWORD '" + password + "'");
      }
    }
    for (String s : services) {
      String role = s + "_service" + suffix;
      Flyway service =
          Flyway.configure()
              .dataSource(cluster.jdbcUrl(), role, password)
              .schemas(role)
              .createSchemas(false)
              .locations(location(MICROSERVICES + s + "-service"))
              .callbacks(new CitusExtCallback())
              .load();
      assertEquals(1, service.migrate().migrationsExecuted);
      assertEquals(0, service.migrate().migrationsExecuted, "a second run applies nothing");
    }

    try (Db db = Db.connect(cluster)) {
      for (String s : services) {
        String schema = s + "_service" + suffix;
        List<List<Object>> tables =
            db.rows(
                "SELECT c.relname::text, citus_ext.table_kind(c.oid), pg_get_userbyid(c.relowner)::text"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND c.relkind = 'r' ORDER BY 1",
                schema);
        assertEquals(2, tables.size(), tables.toString());
        assertEquals("flyway_schema_history", tables.get(0).get(0));
        for (List<Object> t : tables) {
          assertEquals("schema", t.get(1), "a table of the distributed schema: " + t);
          assertEquals(schema, t.get(2), "owned by the service's role: " + t);
        }
        assertEquals(
            1L,
            db.<Long>one(
                "SELECT count(DISTINCT pl.groupid) FROM pg_dist_partition p"
                    + " JOIN pg_dist_shard sh USING (logicalrelid) JOIN pg_dist_placement pl USING (shardid)"
                    + " JOIN pg_class c ON c.oid = p.logicalrelid"
                    + " WHERE c.relnamespace = ?::regnamespace",
                schema),
            "the service's tables live on one node");
        assertEquals(
            1L,
            db.<Long>one(
                "SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success"));
      }
    }
  }

  @Test
  void tenantsOfSingleShardTablesWithAnOnlineMoveOutsideATransaction(CitusCluster cluster)
      throws Exception {
    try (CitusCluster scratch =
        cluster.newDatabase(TestNames.unique("flyway_tenants")).orElseThrow()) {
      Flyway flyway =
          Flyway.configure()
              .dataSource(scratch.jdbcUrl(), scratch.username(), scratch.password())
              .locations(location(MULTI_TENANT), "classpath:io/github/liquibasecitus/it/flyway")
              .callbacks(new CitusExtCallback())
              .load();
      MigrateResult result = flyway.migrate();
      assertEquals(5, result.migrationsExecuted);
      try (Db db = Db.connect(scratch)) {
        for (String tenant : List.of("acme", "globex", "initech")) {
          List<List<Object>> placement =
              db.rows(
                  "SELECT count(*), count(DISTINCT s.colocation_id), count(DISTINCT s.node_port)"
                      + " FROM citus_ext.tenant_tables(?) t, citus_ext.shard_placement(t.table_name) s",
                  tenant);
          assertEquals(1L, placement.get(0).get(1), tenant + ": one colocation group");
          assertEquals(1L, placement.get(0).get(2), tenant + ": one node");
        }
        assertEquals(3L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables('acme')"));
        assertEquals(
            "kept through the move", db.one("SELECT body FROM app.acme_notes WHERE id = 1"));
        assertEquals(
            3L,
            db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", "initech"),
            "the Java migrations' tables, the legacy one moved online outside a transaction");
        assertEquals("kept", db.one("SELECT body FROM app.initech_legacy WHERE id = 1"));
      }
    }
  }

  /**
   * Flyway holds its PostgreSQL advisory lock in an open transaction by default
   * (postgresql.transactional.lock), which makes CREATE INDEX CONCURRENTLY wait forever. A Citus
   * online move copies and catches up on the workers, and is not held up by it: the move runs the
   * same with the transactional lock and with the session lock.
   */
  @Test
  void flywaysTransactionalLockDoesNotHoldUpAnOnlineMove(CitusCluster cluster) throws Exception {
    for (String transactional : List.of("true", "false")) {
      try (CitusCluster scratch =
          cluster.newDatabase(TestNames.unique("flyway_lock_" + transactional)).orElseThrow()) {
        org.flywaydb.core.api.configuration.FluentConfiguration configuration =
            Flyway.configure()
                .dataSource(scratch.jdbcUrl(), scratch.username(), scratch.password())
                .locations(location(MULTI_TENANT))
                .callbacks(new CitusExtCallback());
        configuration
            .getPluginRegister()
            .getPlugin(org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension.class)
            .setTransactionalLock(Boolean.parseBoolean(transactional));
        Flyway flyway = configuration.load();
        MigrateResult result =
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofMinutes(3),
                flyway::migrate,
                "the online move hung with postgresql.transactional.lock=" + transactional);
        assertEquals(3, result.migrationsExecuted);
        try (Db db = Db.connect(scratch)) {
          assertEquals(
              3L,
              db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables('acme')"),
              "moved with postgresql.transactional.lock=" + transactional);
        }
      }
    }
  }

  @Test
  void hostileNamesAndTenantIdsThroughTheJavaHelperAreQuoted(CitusCluster cluster)
      throws Exception {
    Db.installLibrary(cluster);
    String schema = TestNames.unique("Hostile\"; DROP TABLE sentinel; --");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE TABLE IF NOT EXISTS public.sentinel (id int)");
      db.exec("CREATE SCHEMA " + io.github.liquibasecitus.sql.SqlText.quoteIdentifier(schema));
      String table = "Orders $$ ' \\";
      db.exec(
          "CREATE TABLE "
              + io.github.liquibasecitus.sql.SqlText.qualified(schema, table)
              + " (id bigint PRIMARY KEY)");
      Connection c = db.connection();
      String tenant = "o'brien'); DROP TABLE public.sentinel; -- $$ \\ ü";
      CitusExt.Placement placement = new CitusExt(c).createSingleShardTable(schema, table, tenant);
      assertTrue(placement.shardId() > 0);
      assertEquals(1L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", tenant));
      assertEquals(0L, db.<Long>one("SELECT count(*) FROM public.sentinel"));
      IllegalArgumentException blank =
          assertThrows(
              IllegalArgumentException.class,
              () -> new CitusExt(c).createSingleShardTable(schema, table, " "));
      assertTrue(blank.getMessage().startsWith("a tenant id is required"), blank.getMessage());
      IllegalArgumentException tooLong =
          assertThrows(
              IllegalArgumentException.class,
              () -> new CitusExt(c).createReferenceTable(schema, "x".repeat(64)));
      assertTrue(tooLong.getMessage().contains("is 64 bytes long"), tooLong.getMessage());
    }
  }

  /**
   * Under Flyway's default transactional lock a CREATE INDEX CONCURRENTLY waits for Flyway's own
   * transaction forever; the callback fails the migrate before anything runs instead, and with the
   * lock off the same migrations apply, twice (the second migrate finds the index applied).
   */
  @Test
  void aConcurrentIndexUnderTheTransactionalLockFailsAtOnceInsteadOfWaitingForever(
      CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("cic");
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("flyway-cic");
    java.nio.file.Files.writeString(
        dir.resolve("V1__schema.sql"),
        "CREATE SCHEMA "
            + schema
            + "; SELECT citus_ext.distribute_schema('"
            + schema
            + "');\nCREATE TABLE "
            + schema
            + ".events (id bigint PRIMARY KEY, at timestamptz);");
    java.nio.file.Files.writeString(
        dir.resolve("V2__events_at.sql"),
        "-- concurrently, so that writes go on while it builds\n"
            + "CREATE INDEX CONCURRENTLY events_at ON "
            + schema
            + ".events (at);");
    java.util.function.Function<Boolean, Flyway> flyway =
        lock ->
            withLock(
                Flyway.configure()
                    .dataSource(cluster.jdbcUrl(), cluster.username(), cluster.password())
                    .schemas(schema + "_history")
                    .locations("filesystem:" + dir)
                    .callbacks(new CitusExtCallback()),
                lock);
    FlywayException e = assertThrows(FlywayException.class, () -> flyway.apply(true).migrate());
    assertTrue(
        e.getMessage()
                .contains(
                    "Flyway migrate: V2__events_at.sql runs CONCURRENTLY while"
                        + " postgresql.transactional.lock is true")
            && e.getMessage().contains("Nothing ran."),
        e.getMessage());
    try (Db db = Db.connect(cluster)) {
      assertEquals(Boolean.TRUE, db.one("SELECT to_regnamespace(?) IS NULL", schema));
    }
    assertEquals(2, flyway.apply(false).migrate().migrationsExecuted);
    assertEquals(0, flyway.apply(false).migrate().migrationsExecuted);
    // Applied, the script no longer stops a migrate under the lock.
    assertEquals(0, flyway.apply(true).migrate().migrationsExecuted);
  }

  /**
   * What citus:check says of Flyway's transactions (CITUS027, CITUS016 in a Flyway migration) is
   * what Flyway and PostgreSQL do: a migration mixing a concurrent index with other statements is
   * refused by Flyway; a concurrent detach, which Flyway runs in a transaction, by PostgreSQL.
   */
  /** Flyway with postgresql.transactional.lock set, through its PostgreSQL extension. */
  private static Flyway withLock(
      org.flywaydb.core.api.configuration.FluentConfiguration configuration, boolean lock) {
    configuration
        .getPluginRegister()
        .getPlugin(org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(lock);
    return configuration.load();
  }

  @Test
  void flywaysTransactionsAreWhatTheCheckSays(CitusCluster cluster) throws Exception {
    for (String[] c :
        new String[][] {
          {
            "CREATE INDEX CONCURRENTLY t_at ON %s.t_1 (at);\nUPDATE %s.t SET at = now();",
            "Detected both transactional and non-transactional statements"
          },
          {
            "ALTER TABLE %s.t DETACH PARTITION %s.t_1 CONCURRENTLY;",
            "ALTER TABLE ... DETACH CONCURRENTLY cannot run inside a transaction block"
          }
        }) {
      String schema = TestNames.unique("fwtx");
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("flyway-tx");
      java.nio.file.Files.writeString(
          dir.resolve("V1__t.sql"),
          String.format(
              "CREATE SCHEMA %1$s;\nCREATE TABLE %1$s.t (id bigint, at timestamptz) PARTITION BY"
                  + " RANGE (id);\nCREATE TABLE %1$s.t_1 PARTITION OF %1$s.t FOR VALUES FROM (0)"
                  + " TO (100);",
              schema));
      java.nio.file.Files.writeString(
          dir.resolve("V2__change.sql"), String.format(c[0], schema, schema));
      Flyway flyway =
          withLock(
              Flyway.configure()
                  .dataSource(cluster.jdbcUrl(), cluster.username(), cluster.password())
                  .schemas(schema + "_history")
                  .locations("filesystem:" + dir)
                  .callbacks(new CitusExtCallback()),
              false);
      FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
  }

  @Test
  void aMigrationCitusRefusesFailsWithCitusReasonAndIsRecordedAsFailedOnly(CitusCluster cluster)
      throws Exception {
    String schema = TestNames.unique("refused");
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("flyway-refused");
    java.nio.file.Files.writeString(
        dir.resolve("V1__schema.sql"),
        "CREATE SCHEMA " + schema + "; SELECT citus_ext.distribute_schema('" + schema + "');");
    java.nio.file.Files.writeString(
        dir.resolve("V2__reference_table_in_it.sql"),
        "CREATE TABLE "
            + schema
            + ".codes (code text PRIMARY KEY);"
            + " SELECT citus_ext.create_reference_table('"
            + schema
            + ".codes');");
    Flyway flyway =
        Flyway.configure()
            .dataSource(cluster.jdbcUrl(), cluster.username(), cluster.password())
            .schemas(schema + "_history")
            .locations("filesystem:" + dir)
            .callbacks(new CitusExtCallback())
            .load();
    FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
    assertTrue(e.getMessage().contains("belongs to a distributed schema"), e.getMessage());
    assertTrue(
        e.getMessage().contains("Hint: Create reference tables outside distributed schemas"),
        e.getMessage());
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          List.of(List.of("1", true)),
          db.rows(
              "SELECT version::text, success FROM "
                  + schema
                  + "_history.flyway_schema_history"
                  + " WHERE version IS NOT NULL ORDER BY installed_rank"),
          "V2 rolled back with its transaction, so Flyway records nothing of it");
      assertEquals(
          0L,
          db.<Long>one(
              "SELECT count(*) FROM pg_class WHERE relname = 'codes' AND relnamespace = ?::regnamespace",
              schema));
    }
  }

  @Test
  void aRoleThatMayNotInstallTheLibraryIsToldHowToGetIt(CitusCluster cluster) throws Exception {
    try (CitusCluster scratch =
            cluster.newDatabase(TestNames.unique("flyway_rights")).orElseThrow();
        Db admin = Db.connect(scratch)) {
      String role = TestNames.unique("app");
      admin.exec("CREATE ROLE " + role + " LOGIN PASSWORD 'pw'");
      try {
        admin.exec("GRANT CREATE ON SCHEMA public TO " + role);
        Flyway flyway =
            Flyway.configure()
                .dataSource(scratch.jdbcUrl(), role, "pw")
                .locations(location(MULTI_TENANT))
                .callbacks(new CitusExtCallback())
                .load();
        FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
        assertTrue(
            e.getMessage().contains("citus_ext: this role may not install or upgrade the library"),
            e.getMessage());
        assertTrue(
            e.getMessage().contains("Install it once as the database's owner"), e.getMessage());
        assertEquals(
            0L, admin.<Long>one("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'"));

        // Installed once by the owner, the role's migrations find it current and run.
        Db.installLibrary(scratch);
        admin.exec(
            "GRANT CREATE ON DATABASE " + scratch.jdbcUrl().replaceAll(".*/", "") + " TO " + role);
        assertEquals(3, flyway.migrate().migrationsExecuted);
      } finally {
        admin.exec("DROP OWNED BY " + role);
        admin.exec("DROP ROLE " + role);
      }
    }
  }

  @Test
  void withoutCitusTheCallbackSaysSoBeforeAnyMigration(CitusCluster cluster) throws Exception {
    String database = TestNames.unique("no_citus");
    try (Db admin = Db.connect(cluster)) {
      admin.exec("CREATE DATABASE " + database);
    }
    try {
      String url = cluster.jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/" + database);
      Flyway flyway =
          Flyway.configure()
              .dataSource(url, cluster.username(), cluster.password())
              .locations(location(MULTI_TENANT))
              .callbacks(new CitusExtCallback())
              .load();
      FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
      assertTrue(
          e.getMessage().contains("citus_ext: database " + database + " has no citus extension"),
          e.getMessage());
      assertTrue(e.getMessage().contains("CREATE EXTENSION citus"), e.getMessage());
    } finally {
      try (Db admin = Db.connect(cluster)) {
        admin.exec("DROP DATABASE " + database + " WITH (FORCE)");
      }
    }
  }
}
