package io.github.liquibasecitus.ext.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;

/**
 * What a changeset's SQL does to objects that belong to the whole cluster rather than to one
 * database: roles (and their memberships and settings), tablespaces, databases, server settings. A
 * scratch database cannot contain them: applied there, such a changeset (or its rollback) changes
 * the real cluster. Its changes and its {@code <rollback>} are read.
 */
final class GlobalObjects {
  private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
  private static final List<Pattern> STATEMENTS =
      List.of(
          Pattern.compile(
              "^\\s*(CREATE|ALTER|DROP)\\s+(ROLE|USER|GROUP|TABLESPACE|DATABASE)\\b",
              Pattern.CASE_INSENSITIVE),
          Pattern.compile("^\\s*ALTER\\s+SYSTEM\\b", Pattern.CASE_INSENSITIVE),
          Pattern.compile(
              "^\\s*(COMMENT|SECURITY\\s+LABEL(\\s+FOR\\s+\\S+)?)\\s+ON\\s+(ROLE|DATABASE|TABLESPACE)\\b",
              Pattern.CASE_INSENSITIVE),
          Pattern.compile("^\\s*REASSIGN\\s+OWNED\\b", Pattern.CASE_INSENSITIVE));

  /** GRANT or REVOKE of a role (no ON clause): a membership, global to the cluster. */
  private static final Pattern MEMBERSHIP =
      Pattern.compile("^\\s*(GRANT|REVOKE)\\b", Pattern.CASE_INSENSITIVE);

  private static final Pattern ON = Pattern.compile("\\bON\\b", Pattern.CASE_INSENSITIVE);

  private GlobalObjects() {}

  /** The kinds of statement found (e.g. {@code CREATE ROLE}), in order; empty for none. */
  static List<String> in(ChangeSet cs) {
    Set<String> found = new LinkedHashSet<>();
    List<Change> changes = new ArrayList<>(cs.getChanges());
    if (cs.getRollback() != null) {
      changes.addAll(cs.getRollback().getChanges());
    }
    for (Change change : changes) {
      if (change instanceof AbstractSQLChange sql) {
        found.addAll(statements(sqlOf(sql)));
      }
    }
    return List.copyOf(found);
  }

  /** The global-object statements of a piece of SQL, named by their first words. */
  static List<String> statements(String sql) {
    List<String> found = new ArrayList<>();
    if (sql == null) {
      return found;
    }
    for (String statement : COMMENTS.matcher(sql).replaceAll(" ").split(";")) {
      for (Pattern p : STATEMENTS) {
        Matcher m = p.matcher(statement);
        if (m.find()) {
          found.add(m.group().trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT));
        }
      }
      Matcher m = MEMBERSHIP.matcher(statement);
      if (m.find() && !ON.matcher(statement).find()) {
        found.add(m.group(1).toUpperCase(Locale.ROOT) + " (role membership)");
      }
    }
    return found;
  }

  private static String sqlOf(AbstractSQLChange c) {
    try {
      return c.getSql();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
