package io.github.liquibasecitus.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Puts the citus_ext library of this jar into a database over JDBC, and tells what a database
 * holds. Every integration (Liquibase, Flyway, the cluster API, tests) installs through it.
 *
 * <p>What is installed is read from the catalogs only: no function of the {@code citus_ext} schema
 * runs before its owners are known to be trusted, so a schema planted by another role is refused,
 * not called.
 */
public final class CitusExtInstaller {
  private static final CitusExtLibrary LIBRARY = CitusExtLibrary.load();

  /**
   * The library's state in one catalog query: the schema's owner and whether it is trusted, the
   * installed version (read from the source of {@code citus_ext.version()}, never by calling it),
   * the functions and relations of the schema (what the product calls and reads) owned by neither
   * the schema's owner nor a superuser, and whether the installed version is committed (not written
   * by the current transaction, which may still roll back). The schema's owner is trusted when it
   * is a superuser; else, when neither the current role nor the session's role (a superuser that
   * SET ROLE, whose rights a function could take back with RESET ROLE) is a superuser, when it is
   * the current role or the database's owner. A superuser never calls code that a role without its
   * rights could change. Every operator and cast names pg_catalog's, whatever the session's
   * search_path holds.
   */
  static final String STATE_QUERY =
      "WITH me AS (SELECT pg_catalog.bool_or(r.rolsuper) AS privileged FROM pg_catalog.pg_roles r"
          + " WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER"
          + " OR r.rolname OPERATOR(pg_catalog.=) SESSION_USER),"
          + " trusted AS ("
          + " SELECT r.oid FROM pg_catalog.pg_roles r"
          + " WHERE r.rolsuper OR (NOT (SELECT me.privileged FROM me)"
          + " AND (r.rolname OPERATOR(pg_catalog.=) CURRENT_USER"
          + " OR r.oid OPERATOR(pg_catalog.=) (SELECT d.datdba FROM pg_catalog.pg_database d"
          + " WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())))),"
          + " lib AS (SELECT n.oid, n.nspowner FROM pg_catalog.pg_namespace n"
          + " WHERE n.nspname OPERATOR(pg_catalog.=) 'citus_ext'),"
          + " objects AS ("
          + " SELECT pg_catalog.format('function %s', p.oid::pg_catalog.regprocedure) AS what,"
          + " p.proowner AS owner FROM pg_catalog.pg_proc p, lib"
          + " WHERE p.pronamespace OPERATOR(pg_catalog.=) lib.oid"
          + " UNION ALL SELECT pg_catalog.format('relation %s', c.oid::pg_catalog.regclass),"
          + " c.relowner FROM pg_catalog.pg_class c, lib"
          + " WHERE c.relnamespace OPERATOR(pg_catalog.=) lib.oid),"
          + " version AS (SELECT p.prosrc, p.xmin FROM pg_catalog.pg_proc p, lib"
          + " WHERE p.pronamespace OPERATOR(pg_catalog.=) lib.oid"
          + " AND p.proname OPERATOR(pg_catalog.=) 'version'"
          + " AND p.pronargs OPERATOR(pg_catalog.=) 0)"
          + " SELECT lib.nspowner::pg_catalog.regrole::pg_catalog.text,"
          + " lib.nspowner OPERATOR(pg_catalog.=) ANY (SELECT oid FROM trusted),"
          + " (SELECT pg_catalog.substring(v.prosrc, '''([0-9.]+)''') FROM version v),"
          + " (SELECT pg_catalog.string_agg(pg_catalog.format('%s (owner %s)', o.what,"
          + " o.owner::pg_catalog.regrole), ', ' ORDER BY o.what) FROM objects o"
          + " WHERE NOT o.owner OPERATOR(pg_catalog.=) lib.nspowner"
          + " AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r"
          + " WHERE r.oid OPERATOR(pg_catalog.=) o.owner)),"
          + " (SELECT v.xmin OPERATOR(pg_catalog.<>)"
          + " pg_catalog.xid(pg_catalog.pg_current_xact_id_if_assigned()) IS NOT FALSE"
          + " FROM version v),"
          + " pg_catalog.substring(pg_catalog.obj_description(lib.oid, 'pg_namespace'),"
          + " ' ([0-9a-f]{16})$')"
          + " FROM lib";

  private CitusExtInstaller() {}

  /** The library shipped in this jar. */
  public static CitusExtLibrary library() {
    return LIBRARY;
  }

  /** What the database holds; runs one catalog query and no library code. */
  public static LibraryState state(Connection connection) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(STATE_QUERY);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return LibraryState.ABSENT;
      }
      return new LibraryState(
          true,
          rs.getString(1),
          rs.getBoolean(2),
          rs.getString(3),
          rs.getString(4),
          rs.getBoolean(5),
          rs.getString(6));
    }
  }

  /**
   * Installs or upgrades the library when it is missing or older than this jar's; nothing when it
   * is current. Runs in the caller's transaction when autocommit is off, else in one of its own.
   * Refuses a {@code citus_ext} schema that holds objects of untrusted roles.
   *
   * @return true when it installed or upgraded
   */
  public static boolean ensureCurrent(Connection connection) throws SQLException {
    LibraryState state = state(connection);
    state.requireTrusted();
    if (state.isCurrentFor(LIBRARY)) {
      return false;
    }
    install(connection);
    return true;
  }

  /** Runs the install scripts (each idempotent) in one transaction. */
  public static void install(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try (Statement s = connection.createStatement()) {
      for (String script : LIBRARY.scripts()) {
        s.execute(script);
      }
      if (autoCommit) {
        connection.commit();
      }
    } catch (SQLException | RuntimeException e) {
      if (autoCommit) {
        connection.rollback();
      }
      throw e;
    } finally {
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    }
  }
}
