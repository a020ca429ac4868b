package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import liquibase.exception.DatabaseException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void wrongPasswordNamesTheSettingsToCheck() {
    MojoFailureException e =
        Failures.connecting(
            "jdbc:postgresql://db/citus",
            "app",
            new SQLException("password authentication failed", "28P01"));
    assertEquals(
        "Authentication failed for user app at jdbc:postgresql://db/citus: check citus.username and"
            + " citus.password, or the <server> named by citus.server in settings.xml.",
        e.getMessage());
  }

  @Test
  void noUserAndNoPasswordIsAnAuthenticationFailureNotAnUnreachableHost() {
    MojoFailureException e =
        Failures.connecting(
            "127.0.0.1:5432/citus",
            null,
            new SQLException(
                "The server requested SCRAM-based authentication, but no password was provided.",
                "08004"));
    assertEquals(
        "Authentication failed with no username given (pgJDBC then uses the OS user's name) and no"
            + " password at 127.0.0.1:5432/citus: check citus.username and citus.password, or the"
            + " <server> named by citus.server in settings.xml.",
        e.getMessage());
  }

  @Test
  void unreachableHostSaysSo() {
    MojoFailureException e =
        Failures.connecting(
            "jdbc:postgresql://nowhere/citus",
            "app",
            new SQLException("Connection refused", "08001"));
    assertEquals(
        "Cannot reach the Citus coordinator at jdbc:postgresql://nowhere/citus: Connection refused."
            + " Check citus.url and that the coordinator is running.",
        e.getMessage());
  }

  @Test
  void aMessageEndingInAPeriodIsNotFollowedByASecondOne() {
    MojoFailureException e =
        Failures.connecting(
            "127.0.0.1:1/citus",
            "app",
            new SQLException(
                "Connection to 127.0.0.1:1 refused. Check that the hostname and port are"
                    + " correct and that the postmaster is accepting TCP/IP connections.",
                "08001"));
    assertEquals(
        "Cannot reach the Citus coordinator at 127.0.0.1:1/citus: Connection to 127.0.0.1:1"
            + " refused. Check that the hostname and port are correct and that the postmaster is"
            + " accepting TCP/IP connections. Check citus.url and that the coordinator is running.",
        e.getMessage());
  }

  @Test
  void refusedStatementIsAUserErrorThatSaysTheChangesetWillRunAgain() {
    Exception e =
        Failures.running(
            "update",
            new DatabaseException(new SQLException("ERROR: schema x has reference table y")));
    assertInstanceOf(MojoFailureException.class, e);
    assertTrue(
        e.getMessage()
            .startsWith(
                "citus:update failed: the database refused a statement; the changeset was not recorded and runs again next time.\n"),
        e.getMessage());
  }

  @Test
  void onlyGoalsThatChangeTheDatabaseTalkAboutChangesets() {
    Exception status =
        Failures.running("status", new DatabaseException(new SQLException("ERROR: boom")));
    assertEquals(
        "citus:status failed: the database refused a statement.\nERROR: boom", status.getMessage());
    Exception rollback =
        Failures.running("rollback", new DatabaseException(new SQLException("ERROR: boom")));
    assertEquals(
        "citus:rollback failed: the database refused a statement; that changeset's rollback was not"
            + " recorded: it is still applied.\nERROR: boom",
        rollback.getMessage());
  }

  @Test
  void bugsStayExecutionExceptions() {
    assertInstanceOf(
        MojoExecutionException.class, Failures.running("update", new NullPointerException("x")));
  }
}
