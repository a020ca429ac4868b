package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.sql.SqlStates;
import io.github.liquibasecitus.sql.Turns;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.exception.CommandExecutionException;
import liquibase.exception.LiquibaseException;
import liquibase.exception.LockException;
import liquibase.exception.MigrationFailedException;
import liquibase.exception.ValidationFailedException;
import org.apache.commons.lang3.exception.ExceptionUtils;
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
    SQLException sql = ExceptionUtils.throwableOfType(e, SQLException.class);
    String state = sql == null ? "" : String.valueOf(sql.getSQLState());
    String message = withoutFinalStop(sql == null ? e.getMessage() : sql.getMessage());
    // pgJDBC says a password is needed but none was given with 08004, not 28P01.
    boolean noPassword =
        state.equals(SqlStates.CONNECTION_REJECTED) && message.contains("no password was provided");
    if (state.equals(SqlStates.INVALID_PASSWORD)
        || state.equals(SqlStates.INVALID_AUTHORIZATION)
        || noPassword) {
      return new MojoFailureException(
          "Authentication failed "
              + (username == null
                  ? "with no username given (pgJDBC then uses the OS user's name)"
                  : "for user " + username)
              + (noPassword ? " and no password" : "")
              + " at "
              + where
              + ": check "
              + PropertyNames.USERNAME
              + " and "
              + PropertyNames.PASSWORD
              + ", or the <server> named by "
              + PropertyNames.SERVER
              + " in settings.xml.",
          e);
    }
    if (state.startsWith("08")) {
      return new MojoFailureException(
          "Cannot reach the Citus coordinator at "
              + where
              + ": "
              + message
              + ". Check "
              + PropertyNames.URL
              + " and that the coordinator is running.",
          e);
    }
    if (state.equals(SqlStates.INVALID_CATALOG_NAME)) {
      return new MojoFailureException(
          "The database in "
              + where
              + " does not exist: "
              + message
              + ". Check "
              + PropertyNames.URL
              + ".",
          e);
    }
    return new MojoFailureException("Cannot connect to " + where + ": " + message + ".", e);
  }

  /** A message that goes on with a sentence of ours loses its own final period. */
  static String withoutFinalStop(String message) {
    String m = message == null ? "" : message.strip();
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }

  /**
   * Citus' words for a worker it could not reach: {@code connection to the remote node
   * user@host:port failed}.
   */
  private static final Pattern REMOTE_NODE =
      Pattern.compile("connection to the remote node (?:[^@\\s]+@)?([^\\s]+?) failed");

  /** Whether the goal's own connection to the coordinator died (not a statement refused). */
  static boolean connectionLost(Throwable e) {
    SQLException sql = ExceptionUtils.throwableOfType(e, SQLException.class);
    if (sql == null || REMOTE_NODE.matcher(String.valueOf(sql.getMessage())).find()) {
      return false;
    }
    String state = String.valueOf(sql.getSQLState());
    return state.startsWith(SqlStates.CONNECTION_EXCEPTION_CLASS)
        || state.equals(SqlStates.ADMIN_SHUTDOWN)
        || state.equals(SqlStates.CRASH_SHUTDOWN)
        || state.equals(SqlStates.CANNOT_CONNECT_NOW);
  }

  /** A Liquibase command that failed. */
  static Exception running(String goal, Exception e) {
    SQLException sql = ExceptionUtils.throwableOfType(e, SQLException.class);
    Matcher worker = REMOTE_NODE.matcher(sql == null ? "" : String.valueOf(sql.getMessage()));
    if (worker.find()) {
      return new MojoFailureException(
          AbstractCitusMojo.label(goal)
              + " failed: worker "
              + worker.group(1)
              + " does not answer"
              + consequence(goal)
              + " Start the worker again, or take it out of the cluster (citus_drain_node, then"
              + " citus_remove_node).\n"
              + sql.getMessage(),
          e);
    }
    if (connectionLost(e)) {
      return new MojoFailureException(
          AbstractCitusMojo.label(goal)
              + " failed: the connection to the coordinator was lost ("
              + withoutFinalStop(sql.getMessage())
              + ")"
              + consequence(goal)
              + " Once the coordinator answers, run "
              + AbstractCitusMojo.label(goal)
              + " again.",
          e);
    }
    Turns.Refused refused = ExceptionUtils.throwableOfType(e, Turns.Refused.class);
    if (refused != null) {
      String label = AbstractCitusMojo.label(goal);
      return new MojoFailureException(
          refused.getMessage().startsWith(label)
              ? refused.getMessage()
              : label + ": " + refused.getMessage(),
          e);
    }
    if (sql != null) {
      return new MojoFailureException(
          AbstractCitusMojo.label(goal)
              + " failed: the database refused a statement"
              + consequence(goal)
              + "\n"
              + sql.getMessage(),
          e);
    }
    ValidationFailedException invalid =
        ExceptionUtils.throwableOfType(e, ValidationFailedException.class);
    if (invalid != null) {
      return new MojoFailureException(
          AbstractCitusMojo.label(goal)
              + " failed: the changelog is not valid.\n"
              + invalid.getMessage(),
          e);
    }
    LockException lock = ExceptionUtils.throwableOfType(e, LockException.class);
    if (lock != null) {
      return new MojoFailureException(
          AbstractCitusMojo.label(goal)
              + " failed: "
              + withoutFinalStop(lock.getMessage().replace("  ", " "))
              + ". If no other update runs (a build of another tool was killed), mvn "
              + AbstractCitusMojo.label(ReleaseLocksMojo.GOAL)
              + " frees it.",
          e);
    }
    if (ExceptionUtils.throwableOfType(e, MigrationFailedException.class) != null
        || ExceptionUtils.throwableOfType(e, CommandExecutionException.class) != null
        || e instanceof LiquibaseException) {
      return new MojoFailureException(
          AbstractCitusMojo.label(goal) + " failed: " + ExceptionUtils.getRootCause(e).getMessage(),
          e);
    }
    return new MojoExecutionException(
        AbstractCitusMojo.label(goal) + " failed unexpectedly: " + e, e);
  }

  /** What a refused statement leaves behind, for the goals that change the database. */
  private static String consequence(String goal) {
    return switch (goal) {
      case UpdateMojo.GOAL -> "; the changeset was not recorded and runs again next time.";
      case RollbackMojo.GOAL ->
          "; that changeset's rollback was not recorded: it is still applied.";
      default -> ".";
    };
  }
}
