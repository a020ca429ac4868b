package io.github.liquibasecitus.maven;

import java.sql.SQLException;
import liquibase.exception.CommandExecutionException;
import liquibase.exception.LiquibaseException;
import liquibase.exception.LockException;
import liquibase.exception.MigrationFailedException;
import liquibase.exception.ValidationFailedException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The one boundary where errors become Maven's: user mistakes and cluster refusals are {@link
 * MojoFailureException}s that say what happened and what to do (Maven shows no stack trace for
 * them); anything else stays a {@link MojoExecutionException} with its cause.
 */
final class Failures {
  private Failures() {}

  /** A failure to connect: wrong credentials, unreachable host, missing database. */
  static MojoFailureException connecting(String where, String username, Exception e) {
    SQLException sql = find(e, SQLException.class);
    String state = sql == null ? "" : String.valueOf(sql.getSQLState());
    String message = withoutFinalStop(sql == null ? e.getMessage() : sql.getMessage());
    if (state.equals("28P01") || state.equals("28000")) {
      return new MojoFailureException(
          "Authentication failed for user "
              + username
              + " at "
              + where
              + ": check citus.username and citus.password, or the <server> named by citus.server in settings.xml.",
          e);
    }
    if (state.startsWith("08")) {
      return new MojoFailureException(
          "Cannot reach the Citus coordinator at "
              + where
              + ": "
              + message
              + ". Check citus.url and that the coordinator is running.",
          e);
    }
    if (state.equals("3D000")) {
      return new MojoFailureException(
          "The database in " + where + " does not exist: " + message + ". Check citus.url.", e);
    }
    return new MojoFailureException("Cannot connect to " + where + ": " + message + ".", e);
  }

  /** A message that goes on with a sentence of ours loses its own final period. */
  static String withoutFinalStop(String message) {
    String m = message == null ? "" : message.strip();
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }

  /** A Liquibase command that failed. */
  static Exception running(String goal, Exception e) {
    SQLException sql = find(e, SQLException.class);
    if (sql != null) {
      return new MojoFailureException(
          "citus:"
              + goal
              + " failed: the database refused a statement"
              + consequence(goal)
              + "\n"
              + sql.getMessage(),
          e);
    }
    ValidationFailedException invalid = find(e, ValidationFailedException.class);
    if (invalid != null) {
      return new MojoFailureException(
          "citus:" + goal + " failed: the changelog is not valid.\n" + invalid.getMessage(), e);
    }
    LockException lock = find(e, LockException.class);
    if (lock != null) {
      return new MojoFailureException("citus:" + goal + " failed: " + lock.getMessage(), e);
    }
    if (find(e, MigrationFailedException.class) != null
        || find(e, CommandExecutionException.class) != null
        || e instanceof LiquibaseException) {
      return new MojoFailureException("citus:" + goal + " failed: " + rootMessage(e), e);
    }
    return new MojoExecutionException("citus:" + goal + " failed unexpectedly: " + e, e);
  }

  /** What a refused statement leaves behind, for the goals that change the database. */
  private static String consequence(String goal) {
    return switch (goal) {
      case "update" -> "; the changeset was not recorded and runs again next time.";
      case "rollback" -> "; that changeset's rollback was not recorded: it is still applied.";
      default -> ".";
    };
  }

  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
