package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.DatabaseServer;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.operations.ChangeLogLock;
import io.github.liquibasecitus.operations.ClusterStatus;
import io.github.liquibasecitus.operations.RebalanceOptions;
import io.github.liquibasecitus.operations.Rebalancing;
import io.github.liquibasecitus.operations.SessionLock;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.TransferMode;
import io.github.liquibasecitus.sql.UntrustedLibraryException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * What a hostile role with ordinary rights can do, and cannot: plant a citus_ext schema, plant
 * operators in public, join or fake another role's tenant. Each would have worked before the
 * guards; each is refused or has no effect now.
 */
@CitusTest
class HostileRolesIT {
  private static final String PASSWORD = "pw-hostile";

  /** A database of its own (Citus on the coordinator), so that citus_ext can be absent in it. */
  private static String scratchDatabase(CitusCluster cluster) throws SQLException {
    String name = TestNames.unique("scratch");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE DATABASE " + name);
    }
    try (Connection c = connect(cluster, name, cluster.username(), cluster.password())) {
      c.createStatement().execute("CREATE EXTENSION citus");
    }
    return name;
  }

  private static String url(CitusCluster cluster, String database) {
    return cluster.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
  }

  private static Connection connect(CitusCluster cluster, String database, String user, String pw)
      throws SQLException {
    return DriverManager.getConnection(url(cluster, database), user, pw);
  }

  /** The cluster's superuser, in another database of the coordinator. */
  private static DatabaseServer inDatabase(CitusCluster cluster, String database) {
    return new DatabaseServer() {
      @Override
      public String jdbcUrl() {
        return url(cluster, database);
      }

      @Override
      public String username() {
        return cluster.username();
      }

      @Override
      public String password() {
        return cluster.password();
      }

      @Override
      public String description() {
        return database + " of " + cluster.description();
      }

      @Override
      public void close() {}
    };
  }

  private static void drop(CitusCluster cluster, String database, String role) {
    try (Db db = Db.connect(cluster)) {
      db.exec("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      db.exec("DROP ROLE IF EXISTS " + role);
    } catch (SQLException e) {
      // Leftovers of a throwaway cluster.
    }
  }

  private static String role(CitusCluster cluster, String database) throws SQLException {
    String role = TestNames.unique("squatter");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
      db.exec("GRANT CREATE ON DATABASE " + database + " TO " + role);
    }
    return role;
  }

  private static boolean isSuperuser(CitusCluster cluster, String role) throws SQLException {
    try (Db db = Db.connect(cluster)) {
      return db.one("SELECT rolsuper FROM pg_roles WHERE rolname = ?", role);
    }
  }

  /**
   * As {@code role}: a citus_ext schema with a {@code version()} of the given version and a
   * function of the library's signature that makes {@code role} superuser when a superuser calls
   * it.
   */
  private static void plantLibrary(
      CitusCluster cluster, String database, String role, String version) throws SQLException {
    try (Connection c = connect(cluster, database, role, PASSWORD)) {
      c.createStatement()
          .execute(
              "CREATE SCHEMA citus_ext;"
                  + " CREATE FUNCTION citus_ext.version() RETURNS text LANGUAGE sql IMMUTABLE"
                  + " AS $$ SELECT '"
                  + version
                  + "'::text $$;"
                  + " CREATE FUNCTION citus_ext.create_single_shard_table(table_name regclass,"
                  + " tenant_id text DEFAULT NULL, colocate_with regclass DEFAULT NULL,"
                  + " OUT shard_id bigint, OUT node_name text, OUT node_port integer,"
                  + " OUT colocation_id integer)"
                  + " LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'ALTER ROLE "
                  + role
                  + " SUPERUSER'; END $$");
    }
  }

  /**
   * The superuser is refused by the installer, by the install scripts (psql, updateSQL applied by
   * hand) and by a changelog run, before anything of the schema is called; returns the installer's
   * message.
   */
  private static String refusedToTheSuperuser(CitusCluster cluster, String database, String owner)
      throws Exception {
    String message;
    try (Connection admin = connect(cluster, database, cluster.username(), cluster.password())) {
      message =
          assertThrows(
                  UntrustedLibraryException.class, () -> CitusExtInstaller.ensureCurrent(admin))
              .getMessage();
      SQLException bySql = assertThrows(SQLException.class, () -> CitusExtInstaller.install(admin));
      assertTrue(
          bySql.getMessage().contains("schema citus_ext is owned by role " + owner),
          bySql.getMessage());
      admin.createStatement().execute("CREATE TABLE public.victim (id bigint PRIMARY KEY)");
    }
    Exception byLiquibase =
        assertThrows(
            Exception.class,
            () ->
                LiquibaseRun.of(
                        inDatabase(cluster, database),
                        "src-it/src/test/resources/changelogs/one-tenant-table.xml")
                    .update());
    assertTrue(
        String.valueOf(byLiquibase.getMessage()).contains("schema citus_ext is owned by role"),
        String.valueOf(byLiquibase.getMessage()));
    return message;
  }

  @Test
  void aPlantedLibraryIsRefusedNeverCalled(CitusCluster cluster) throws Exception {
    String database = scratchDatabase(cluster);
    String squatter = role(cluster, database);
    try {
      // A newer "version", so that an installer trusting it would skip the install.
      plantLibrary(cluster, database, squatter, "99.0.0");
      String refused = refusedToTheSuperuser(cluster, database, squatter);
      assertTrue(
          refused.startsWith(
              "schema citus_ext is owned by role "
                  + squatter
                  + ", which is neither a superuser nor (for a role without a superuser's"
                  + " rights, also through SET ROLE) the current role or the database's owner"),
          refused);
      assertFalse(isSuperuser(cluster, squatter), "the planted function never ran");
    } finally {
      drop(cluster, database, squatter);
    }
  }

  /**
   * The database's owner, not a superuser, prepares citus_ext with an old version and functions of
   * the library's signatures, hoping that a superuser's install upgrades it in place and leaves the
   * functions (and so their bodies) the owner's, to be changed and called later with the
   * superuser's rights. A superuser neither installs into it nor calls it; the owner may use its
   * own library.
   */
  @Test
  void aDatabaseOwnersLibraryIsNotASuperusersToCall(CitusCluster cluster) throws Exception {
    String owner = TestNames.unique("dbowner");
    String database = TestNames.unique("owned");
    try (Db db = Db.connect(cluster)) {
      db.exec("CREATE ROLE " + owner + " LOGIN PASSWORD '" + PASSWORD + "'");
      db.exec("CREATE DATABASE " + database + " OWNER " + owner);
    }
    try {
      try (Connection c = connect(cluster, database, cluster.username(), cluster.password())) {
        c.createStatement().execute("CREATE EXTENSION citus");
      }
      plantLibrary(cluster, database, owner, "0.0.1");
      String refused = refusedToTheSuperuser(cluster, database, owner);
      assertTrue(refused.startsWith("schema citus_ext is owned by role " + owner), refused);
      // A superuser that SET ROLE to the owner is still a superuser's session (RESET ROLE in a
      // function takes its rights back): refused too.
      try (Connection admin = connect(cluster, database, cluster.username(), cluster.password())) {
        admin.createStatement().execute("SET ROLE " + owner);
        assertThrows(UntrustedLibraryException.class, () -> CitusExtInstaller.ensureCurrent(admin));
      }
      assertFalse(isSuperuser(cluster, owner), "the owner's function never ran as superuser");
      // The owner trusts its own library: it upgrades it and may use it.
      try (Connection c = connect(cluster, database, owner, PASSWORD)) {
        assertTrue(CitusExtInstaller.ensureCurrent(c));
      }
    } finally {
      drop(cluster, database, owner);
    }
  }

  @Test
  void anEmptyPlantedSchemaOrAPlantedFunctionIsRefused(CitusCluster cluster) throws Exception {
    String database = scratchDatabase(cluster);
    String squatter = role(cluster, database);
    try {
      try (Connection c = connect(cluster, database, squatter, PASSWORD)) {
        c.createStatement().execute("CREATE SCHEMA citus_ext");
      }
      try (Connection admin = connect(cluster, database, cluster.username(), cluster.password())) {
        assertThrows(UntrustedLibraryException.class, () -> CitusExtInstaller.ensureCurrent(admin));
        // Once the schema is the database owner's, the library installs; a function planted in it
        // afterwards (CREATE granted by mistake) makes it untrusted again.
        admin.createStatement().execute("DROP SCHEMA citus_ext");
        assertTrue(CitusExtInstaller.ensureCurrent(admin));
        admin.createStatement().execute("GRANT CREATE ON SCHEMA citus_ext TO " + squatter);
      }
      try (Connection c = connect(cluster, database, squatter, PASSWORD)) {
        c.createStatement()
            .execute(
                "CREATE FUNCTION citus_ext.tenants_of(text) RETURNS text LANGUAGE sql"
                    + " AS $$ SELECT $1 $$");
      }
      try (Connection admin = connect(cluster, database, cluster.username(), cluster.password())) {
        UntrustedLibraryException refused =
            assertThrows(
                UntrustedLibraryException.class, () -> CitusExtInstaller.ensureCurrent(admin));
        assertTrue(
            refused
                .getMessage()
                .contains("function citus_ext.tenants_of(text) (owner " + squatter + ")"),
            refused.getMessage());
      }
    } finally {
      drop(cluster, database, squatter);
    }
  }

  @Test
  void operatorsPlantedInPublicAreNeverCalled(CitusCluster cluster) throws Exception {
    String planter = TestNames.unique("planter");
    try (Db admin = Db.connect(cluster)) {
      admin.exec("CREATE ROLE " + planter + " LOGIN PASSWORD '" + PASSWORD + "'");
      admin.exec("GRANT CREATE ON SCHEMA public TO " + planter);
    }
    try (Db p = Db.as(cluster, planter, PASSWORD)) {
      // Each raises: a call anywhere fails the statement that made it.
      String[][] operators = {
        {"=", "oid", "regnamespace"},
        {"=", "regclass", "oid"},
        {">", "integer[]", "integer[]"},
        {"||", "text", "integer"},
      };
      int i = 0;
      for (String[] op : operators) {
        String function = planter + "_op" + i++;
        p.exec(
            "CREATE FUNCTION public."
                + function
                + "("
                + op[1]
                + ", "
                + op[2]
                + ") RETURNS "
                + ("||".equals(op[0]) ? "text" : "boolean")
                + " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'planted operator called'; END $$");
        p.exec(
            "CREATE OPERATOR public."
                + op[0]
                + " (LEFTARG = "
                + op[1]
                + ", RIGHTARG = "
                + op[2]
                + ", FUNCTION = public."
                + function
                + ")");
      }
    }
    try {
      // Everything the product sends outside its pinned functions, as the superuser with the
      // default search path ("$user", public).
      try (Connection c = cluster.connect()) {
        CitusExtInstaller.install(c);
        assertTrue(CitusExtInstaller.state(c).isCurrentFor(CitusExtInstaller.library()));
        ClusterStatus status = ClusterStatus.read(c, true);
        assertFalse(status.nodes().isEmpty());
        // Plan, preflight, start, watch and stop: every query of the rebalancing API.
        RebalanceOptions options =
            new RebalanceOptions("by_shard_count", false, TransferMode.BLOCK_WRITES, null, null);
        Rebalancing rebalancing = new Rebalancing(c, new RebalanceIT.Lines());
        rebalancing.rebalance(
            new Rebalancing.Request(options, true, true, false, Watch.defaults()));
        rebalancing.rebalance(
            new Rebalancing.Request(options, false, false, false, Watch.defaults()));
        rebalancing.rebalance(
            new Rebalancing.Request(options, false, true, true, Watch.defaults()));
        try (SessionLock lock = SessionLock.acquire(c, "planted", k -> {})) {
          new ChangeLogLock(c, "public", "no_such_lock_table").releaseIfHeldBy("#x");
        }
      }
      String schema = TestNames.unique("planted");
      LiquibaseRun.of(cluster, "liquibase-citus-ext/src/test/resources/changelogs/all-changes.xml")
          .param("app", schema)
          .param("svc", schema + "_svc")
          .param("tenant", schema)
          .update();
    } finally {
      try (Db admin = Db.connect(cluster)) {
        admin.exec("DROP OWNED BY " + planter);
        admin.exec("DROP ROLE " + planter);
      }
    }
  }

  @Test
  void anotherRoleCanNeitherJoinNorFakeATenant(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
    String alice = TestNames.unique("alice");
    String mallory = TestNames.unique("mallory");
    try (Db admin = Db.connect(cluster)) {
      for (String role : new String[] {alice, mallory}) {
        admin.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
        admin.exec("CREATE SCHEMA " + role + " AUTHORIZATION " + role);
      }
      admin.exec("GRANT USAGE ON SCHEMA " + alice + " TO " + mallory);
    }
    String acme = alice + " acme";
    try (Db a = Db.as(cluster, alice, PASSWORD)) {
      a.exec("CREATE TABLE " + alice + ".orders (id bigint PRIMARY KEY)");
      a.exec("SELECT citus_ext.create_single_shard_table(?::regclass, ?)", alice + ".orders", acme);
    }
    try (Db m = Db.as(cluster, mallory, PASSWORD)) {
      m.exec("CREATE TABLE " + mallory + ".spy (id bigint PRIMARY KEY)");
      String joined =
          m.error(
              "SELECT citus_ext.create_single_shard_table(?::regclass, colocate_with =>"
                  + " ?::regclass)",
              mallory + ".spy",
              alice + ".orders");
      assertTrue(
          joined.contains(
              "table "
                  + alice
                  + ".orders belongs to role "
                  + alice
                  + ", not to "
                  + mallory
                  + ": joining its colocation group would tie your table to it"),
          joined);
      String faked =
          m.error(
              "INSERT INTO citus_ext.tenant (tenant_id, colocation_id, owner)"
                  + " SELECT 'fake', colocation_id, ?::regrole FROM citus_ext.tenants()"
                  + " WHERE tenant_id = ?",
              mallory,
              acme);
      assertTrue(faked.contains("violates row-level security policy"), faked);
    }
    try (Db a = Db.as(cluster, alice, PASSWORD)) {
      // Alice's tenant is still hers alone, and she can still move it.
      assertEquals(1L, a.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", acme));
      Integer node = a.one("SELECT node_port FROM citus_ext.tenant_node(?)", acme);
      Integer other =
          a.one(
              "SELECT node_port FROM citus_ext._shard_nodes() WHERE node_port <> ? LIMIT 1", node);
      a.exec("SELECT citus_ext.move_tenant(?, '127.0.0.1', ?, 'block_writes')", acme, other);
    }
  }
}
