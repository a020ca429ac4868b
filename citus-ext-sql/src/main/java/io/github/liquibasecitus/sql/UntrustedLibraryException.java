package io.github.liquibasecitus.sql;

import java.sql.SQLException;

/** The {@code citus_ext} schema holds objects of a role that is not trusted to run code as us. */
public class UntrustedLibraryException extends SQLException {
  public UntrustedLibraryException(String message) {
    super(message, SqlStates.INSUFFICIENT_PRIVILEGE);
  }
}
