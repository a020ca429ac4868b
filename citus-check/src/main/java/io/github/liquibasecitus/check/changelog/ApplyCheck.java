package io.github.liquibasecitus.check.changelog;

import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.Rule;
import io.github.liquibasecitus.check.Severity;
import io.github.liquibasecitus.check.trace.LockTrace;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.lang3.exception.ExceptionUtils;

/**
 * The apply layer of citus:check: the changelog proven on a Citus cluster of its own, where Citus
 * itself answers. It is applied, rolled back to the start and applied again (Liquibase's
 * update-testing-rollback idea); the first step that fails becomes a finding with Citus' own
 * message at the changeset Liquibase names.
 */
public final class ApplyCheck {
  public static final Rule REFUSED =
      new Rule(
          "CITUS201",
          Severity.ERROR,
          "Changeset or migration refused by Citus",
          "Applied to a throwaway Citus cluster, a changeset or Flyway migration failed:"
              + " production would refuse it the same way.",
          "Read Citus' message; the offline rules name the usual causes.");
  public static final Rule ROLLBACK_FAILED =
      new Rule(
          "CITUS202",
          Severity.ERROR,
          "Rollback fails",
          "After the changelog applied, rolling it back to the start failed: a rollback that a bad"
              + " deployment would need does not work.",
          "Fix or write the changeset's <rollback>.");
  public static final Rule REAPPLY_FAILED =
      new Rule(
          "CITUS203",
          Severity.ERROR,
          "Second apply fails",
          "Rolled back to the start, the changelog failed to apply again: a rollback left"
              + " something behind (a role, a schema, a shard placement). For Flyway, which does"
              + " not roll back, the second migrate on the same cluster failed (a redeploy).",
          "Make the rollbacks undo everything their changesets do; for Flyway, read the"
              + " message: a migration that only works once.");

  public static final Rule GLOBAL_OBJECTS =
      new Rule(
          "CITUS204",
          Severity.ERROR,
          "Changes objects of the whole cluster",
          "The changeset (or its rollback) creates, changes or drops roles, tablespaces, databases"
              + " or server settings. A scratch database of the given cluster cannot contain them:"
              + " applied there, it would change the real cluster, so the apply mode did not run.",
          "Run the apply mode without a URL, on a throwaway cluster of its own (Citus installed"
              + " locally), or leave such changesets to a changelog of their own.");

  public static final Rule ROLLBACK_STOPS =
      new Rule(
          "CITUS205",
          Severity.WARNING,
          "Rollback test stops at a changeset without an inverse",
          "A changeset with no <rollback> whose changes have no automatic inverse (loadData, sql,"
              + " sqlFile, ...) cannot be rolled back: the rollback test rolls back the changesets"
              + " after it, applies them again, and stops there. A rollback to before it would"
              + " fail in production too.",
          "Give the changeset a <rollback> (an empty <rollback/> when nothing needs undoing) if"
              + " deployments may roll back past it.");

  public static final Rule PLAN_NOT_CARRIED_OUT =
      new Rule(
          "CITUS209",
          Severity.ERROR,
          "citus:advise's plan not carried out",
          "citus:advise's generated changelog applied, yet a schema the plan distributes is not a"
              + " distributed schema with all its tables on one node, or a table the plan makes a"
              + " reference table is not one.",
          "Read the plan (target/citus-advise/plan.txt) and the apply's messages; report the"
              + " database's shape if the plan was wrong.");

  /** Every apply rule, in id order: those above, then the trace's ({@link LockTrace#ALL}). */
  public static final List<Rule> ALL =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of(
                  REFUSED, ROLLBACK_FAILED, REAPPLY_FAILED, GLOBAL_OBJECTS, ROLLBACK_STOPS),
              java.util.stream.Stream.concat(
                  LockTrace.ALL.stream(), java.util.stream.Stream.of(PLAN_NOT_CARRIED_OUT)))
          .toList();

  /**
   * How far the changelog rolls back: its changesets in order ({@code file::id::author}) and, for
   * those that cannot be rolled back, why ({@code loadData has no automatic inverse}).
   */
  public record Rollbacks(List<String> changeSets, java.util.Map<String, String> withoutInverse) {
    public Rollbacks {
      changeSets = List.copyOf(changeSets);
      withoutInverse = java.util.Map.copyOf(withoutInverse);
    }

    /** Every changeset can be rolled back. */
    public static Rollbacks all(List<String> changeSets) {
      return new Rollbacks(changeSets, java.util.Map.of());
    }
  }

  /** The steps, on the throwaway cluster. */
  public interface Steps {
    /** Applies the pending changesets; returns how many ran. */
    int update() throws Exception;

    /** Rolls back the last {@code count} changesets. */
    void rollback(int count) throws Exception;

    /** What the first update's changesets did on every node, as far as it ran; none if untraced. */
    default List<LockTrace.Step> traced() {
      return List.of();
    }
  }

  private ApplyCheck() {}

  /**
   * Runs the steps; stops at the first that fails.
   *
   * @param locate where a failure is, given the text of the failure (Liquibase names the changeset
   *     as {@code file::id::author})
   * @param where the cluster the steps ran on, for the findings' messages
   */
  public static List<Finding> run(
      Steps steps, Function<String, Location> locate, String where, Rollbacks rollbacks) {
    int applied;
    List<Finding> found = new java.util.ArrayList<>();
    try {
      applied = steps.update();
    } catch (Exception e) {
      found.add(finding(REFUSED, "applying it", e, locate, where));
      found.addAll(LockTrace.findings(steps.traced(), locate, where));
      return found;
    }
    found.addAll(LockTrace.findings(steps.traced(), locate, where));
    // Roll back the changesets after the last one that has no inverse: those that ran last.
    List<String> ran =
        rollbacks
            .changeSets()
            .subList(
                Math.max(0, rollbacks.changeSets().size() - applied),
                rollbacks.changeSets().size());
    int depth = 0;
    String stop = null;
    for (int i = ran.size() - 1; i >= 0; i--) {
      if (rollbacks.withoutInverse().containsKey(ran.get(i))) {
        stop = ran.get(i);
        break;
      }
      depth++;
    }
    if (stop != null) {
      found.add(
          ROLLBACK_STOPS.at(
              locate.apply(stop),
              "the rollback test stops at "
                  + stop
                  + " ("
                  + rollbacks.withoutInverse().get(stop)
                  + "); the "
                  + depth
                  + " changeset(s) after it were rolled back and applied again"));
    }
    try {
      steps.rollback(depth);
    } catch (Exception e) {
      found.add(
          finding(ROLLBACK_FAILED, "rolling back " + depth + " changeset(s)", e, locate, where));
      return found;
    }
    try {
      steps.update();
    } catch (Exception e) {
      found.add(finding(REAPPLY_FAILED, "applying it again", e, locate, where));
    }
    return found;
  }

  /**
   * Applies, then applies again, which must succeed: for migrations that cannot be rolled back
   * (Flyway's community edition has no undo). Stops at the first step that fails.
   */
  public static List<Finding> runForward(
      Steps steps, Function<String, Location> locate, String where) {
    List<Finding> found = new java.util.ArrayList<>();
    try {
      steps.update();
    } catch (Exception e) {
      found.add(finding(REFUSED, "applying it", e, locate, where));
      found.addAll(LockTrace.findings(steps.traced(), locate, where));
      return found;
    }
    found.addAll(LockTrace.findings(steps.traced(), locate, where));
    try {
      steps.update();
    } catch (Exception e) {
      found.add(finding(REAPPLY_FAILED, "applying it again", e, locate, where));
    }
    return found;
  }

  private static Finding finding(
      Rule rule, String step, Exception e, Function<String, Location> locate, String where) {
    StringBuilder all = new StringBuilder();
    ExceptionUtils.getThrowableList(e).forEach(t -> all.append(t.getMessage()).append('\n'));
    SQLException sql = ExceptionUtils.throwableOfType(e, SQLException.class);
    String message = sql != null ? sql.getMessage() : ExceptionUtils.getRootCause(e).getMessage();
    return rule.at(
        locate.apply(all.toString()),
        "on " + where + ", " + step + " failed: " + firstLines(message));
  }

  /** Citus' message and its detail or hint, without the statement's context. */
  private static String firstLines(String message) {
    if (message == null) {
      return "(no message)";
    }
    StringBuilder kept = new StringBuilder();
    for (String line : message.split("\n")) {
      String t = line.trim();
      if (t.startsWith("Where:") || t.startsWith("Position:") || t.startsWith("[Failed SQL")) {
        break;
      }
      kept.append(kept.length() == 0 ? "" : " ").append(t);
    }
    return kept.toString();
  }
}
