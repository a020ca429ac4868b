package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.sql.CitusExtLibrary;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Installing the library is idempotent, upgrades an older one and refuses to replace a newer. */
@CitusTest
class LibraryInstallIT {
  private static final CitusExtLibrary LIBRARY = CitusExtLibrary.load();

  private static void runScripts(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String script : LIBRARY.scripts()) {
        s.execute(script);
      }
    }
  }

  private static String functionsFingerprint(Db db) throws SQLException {
    return db.one(
        "SELECT string_agg(p.oid::regprocedure::text || md5(p.prosrc), ',' ORDER BY p.oid::regprocedure::text) FROM pg_proc p WHERE p.pronamespace = 'citus_ext'::regnamespace");
  }

  @Test
  void installingTwiceChangesNothing(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
    try (Db db = Db.connect(cluster)) {
      String before = functionsFingerprint(db);
      Db.installLibrary(cluster);
      assertEquals(before, functionsFingerprint(db));
      assertEquals(LIBRARY.version(), db.one("SELECT citus_ext.version()"));
      assertTrue(
          db.<Boolean>one(
              "SELECT NOT EXISTS (SELECT 1 FROM pg_dist_schema WHERE schemaid = 'citus_ext'::regnamespace)"));
    }
  }

  @Test
  void upgradesAnOlderVersionAndRefusesToDowngradeANewerOne(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
    try (Db db = Db.connect(cluster)) {
      Connection c = db.connection();
      c.setAutoCommit(false);
      db.exec(
          "CREATE OR REPLACE FUNCTION citus_ext.version() RETURNS text LANGUAGE sql AS $$ SELECT '0.0.1'::text $$");
      runScripts(c);
      assertEquals(LIBRARY.version(), db.one("SELECT citus_ext.version()"));
      c.rollback();

      db.exec(
          "CREATE OR REPLACE FUNCTION citus_ext.version() RETURNS text LANGUAGE sql AS $$ SELECT '99.0.0'::text $$");
      SQLException refused = null;
      try {
        runScripts(c);
      } catch (SQLException e) {
        refused = e;
      }
      c.rollback();
      assertTrue(
          refused != null
              && refused
                  .getMessage()
                  .contains(
                      "citus_ext 99.0.0 is installed, newer than this library ("
                          + LIBRARY.version()
                          + ")"),
          String.valueOf(refused));
      c.setAutoCommit(true);
      assertEquals(LIBRARY.version(), db.one("SELECT citus_ext.version()"));
    }
  }

  @Test
  void theSameVersionFromOtherScriptsIsInstalledAgain(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
    try (Db db = Db.connect(cluster)) {
      Connection c = db.connection();
      assertFalse(io.github.liquibasecitus.sql.CitusExtInstaller.ensureCurrent(c), "current");
      // As a snapshot of the same version with other scripts left it.
      db.exec(
          "COMMENT ON SCHEMA citus_ext IS 'liquibase-citus citus_ext "
              + LIBRARY.version()
              + " 0123456789abcdef'");
      assertTrue(
          io.github.liquibasecitus.sql.CitusExtInstaller.ensureCurrent(c), "installed again");
      assertFalse(io.github.liquibasecitus.sql.CitusExtInstaller.ensureCurrent(c), "current again");
    }
  }

  @Test
  void schemaBasedShardingOnDoesNotDistributeTheLibrarysSchema(CitusCluster cluster)
      throws Exception {
    try (Db db = Db.connect(cluster)) {
      Connection c = db.connection();
      c.setAutoCommit(false);
      db.exec("DROP SCHEMA IF EXISTS citus_ext CASCADE");
      db.exec("SET LOCAL citus.enable_schema_based_sharding TO on");
      runScripts(c);
      assertTrue(
          db.<Boolean>one(
              "SELECT NOT EXISTS (SELECT 1 FROM pg_dist_schema WHERE schemaid = 'citus_ext'::regnamespace)"));
      assertEquals("local", db.one("SELECT citus_ext.table_kind('citus_ext.tenant'::regclass)"));
      c.rollback();
      c.setAutoCommit(true);
    }
  }
}
