package io.github.liquibasecitus.check.changelog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a scratch database cannot hold, found in a changeset's SQL wherever it is written. */
class GlobalObjectsTest {

  @Test
  void rolesTablespacesDatabasesAndSettingsAreFound() {
    assertEquals(
        List.of("CREATE ROLE", "DROP ROLE"),
        GlobalObjects.statements("CREATE ROLE app LOGIN; drop  role app"));
    assertEquals(List.of("ALTER USER"), GlobalObjects.statements("ALTER USER app VALID UNTIL 'x'"));
    assertEquals(
        List.of("CREATE TABLESPACE"),
        GlobalObjects.statements("create tablespace t location '/x'"));
    assertEquals(
        List.of("ALTER DATABASE"), GlobalObjects.statements("ALTER DATABASE app SET x = 1"));
    assertEquals(
        List.of("ALTER SYSTEM"), GlobalObjects.statements("ALTER SYSTEM SET work_mem = '1MB'"));
    assertEquals(
        List.of("COMMENT ON ROLE"), GlobalObjects.statements("COMMENT ON ROLE app IS 'x'"));
    assertEquals(List.of("REASSIGN OWNED"), GlobalObjects.statements("REASSIGN OWNED BY a TO b"));
    assertEquals(
        List.of("GRANT ... ON DATABASE"),
        GlobalObjects.statements("GRANT CONNECT ON DATABASE app TO reader"));
  }

  @Test
  void membershipsAreFoundAndPrivilegesOnObjectsAreNot() {
    assertEquals(
        List.of("GRANT (role membership)"),
        GlobalObjects.statements("GRANT app_owner TO deployer"));
    assertEquals(
        List.of("REVOKE (role membership)"),
        GlobalObjects.statements("REVOKE app_owner FROM deployer"));
    assertEquals(List.of(), GlobalObjects.statements("GRANT SELECT ON app.orders TO reader"));
    assertEquals(
        List.of(),
        GlobalObjects.statements(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO reader"));
    assertEquals(List.of(), GlobalObjects.statements("REVOKE ALL ON SCHEMA app FROM PUBLIC"));
  }

  @Test
  void insideBlocksDynamicSqlAndWorkerCallsToo() {
    assertEquals(
        List.of("CREATE ROLE"),
        GlobalObjects.statements(
            "DO $$ BEGIN CREATE ROLE app; EXCEPTION WHEN duplicate_object THEN NULL; END $$"));
    assertEquals(
        List.of("CREATE ROLE"),
        GlobalObjects.statements("DO $$ BEGIN EXECUTE format('CREATE ROLE %I', 'app'); END $$"));
    assertEquals(
        List.of("ALTER ROLE"),
        GlobalObjects.statements(
            "SELECT run_command_on_workers($cmd$ALTER ROLE app SET search_path = app$cmd$)"));
  }

  @Test
  void commentsAndOrdinaryDdlAreNot() {
    assertEquals(
        List.of(),
        GlobalObjects.statements(
            "-- CREATE ROLE app\n/* DROP DATABASE x */ CREATE TABLE app.users (id bigint)"));
    assertEquals(List.of(), GlobalObjects.statements(null));
  }
}
