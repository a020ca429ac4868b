package io.github.liquibasecitus.sql;

import org.postgresql.util.PSQLState;

/**
 * The SQLSTATEs the project tells apart, by name: pgJDBC's {@link PSQLState} where it has one; the
 * others (PostgreSQL's errcodes appendix) are written here once.
 */
public final class SqlStates {
  private SqlStates() {}

  /** pgJDBC: a password is needed and none was given (also other refusals before login). */
  public static final String CONNECTION_REJECTED = PSQLState.CONNECTION_REJECTED.getState();

  public static final String INVALID_PASSWORD = PSQLState.INVALID_PASSWORD.getState();

  public static final String INVALID_AUTHORIZATION =
      PSQLState.INVALID_AUTHORIZATION_SPECIFICATION.getState();

  public static final String OBJECT_NOT_IN_STATE = PSQLState.OBJECT_NOT_IN_STATE.getState();

  /** {@code invalid_catalog_name}: the database does not exist (no PSQLState constant). */
  public static final String INVALID_CATALOG_NAME = "3D000";

  /** {@code insufficient_privilege} (no PSQLState constant). */
  public static final String INSUFFICIENT_PRIVILEGE = "42501";

  /**
   * {@code admin_shutdown}, {@code crash_shutdown}, {@code cannot_connect_now}: the server went.
   */
  public static final String ADMIN_SHUTDOWN = "57P01";

  public static final String CRASH_SHUTDOWN = "57P02";
  public static final String CANNOT_CONNECT_NOW = "57P03";

  /** The class of connection exceptions. */
  public static final String CONNECTION_EXCEPTION_CLASS = "08";
}
