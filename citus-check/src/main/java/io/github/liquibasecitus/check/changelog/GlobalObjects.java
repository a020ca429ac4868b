package io.github.liquibasecitus.check.changelog;

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
public final class GlobalObjects {
  private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

  /**
   * Anywhere in the text, not only at a statement's start: inside a {@code DO} block, an {@code
   * EXECUTE format(...)} or a {@code run_command_on_workers('...')} they change the cluster too. A
   * false alarm only sends the apply mode to a throwaway cluster, the safe side.
   */
  private static final List<Pattern> STATEMENTS =
      List.of(
          Pattern.compile(
              "\\b(CREATE|ALTER|DROP)\\s+(ROLE|USER|GROUP|TABLESPACE|DATABASE)\\b",
              Pattern.CASE_INSENSITIVE),
          Pattern.compile("\\bALTER\\s+SYSTEM\\b", Pattern.CASE_INSENSITIVE),
          Pattern.compile(
              "\\b(COMMENT|SECURITY\\s+LABEL(\\s+FOR\\s+\\S+)?)\\s+ON\\s+(ROLE|DATABASE|TABLESPACE)\\b",
              Pattern.CASE_INSENSITIVE),
          Pattern.compile("\\bREASSIGN\\s+OWNED\\b", Pattern.CASE_INSENSITIVE),
          Pattern.compile(
              "\\b(GRANT|REVOKE)\\b[^;]*?\\bON\\s+(DATABASE|TABLESPACE)\\b",
              Pattern.CASE_INSENSITIVE));

  /** GRANT or REVOKE of a role, with no ON before its TO or FROM: a membership. */
  private static final Pattern MEMBERSHIP =
      Pattern.compile(
          "\\b(GRANT|REVOKE)\\s+(?:(?!\\bON\\b)[^;])*?\\b(TO|FROM)\\b", Pattern.CASE_INSENSITIVE);

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
  public static List<String> statements(String sql) {
    List<String> found = new ArrayList<>();
    if (sql == null) {
      return found;
    }
    String text = COMMENTS.matcher(sql).replaceAll(" ");
    for (Pattern p : STATEMENTS) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        found.add(words(m.group()));
      }
    }
    Matcher m = MEMBERSHIP.matcher(text);
    while (m.find()) {
      found.add(m.group(1).toUpperCase(Locale.ROOT) + " (role membership)");
    }
    return found;
  }

  /** The first words of a match, e.g. {@code CREATE ROLE} or {@code GRANT ... ON DATABASE}. */
  private static String words(String match) {
    String w = match.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    return w.startsWith("GRANT ") || w.startsWith("REVOKE ")
        ? w.substring(0, w.indexOf(' ')) + " ... " + w.substring(w.lastIndexOf(" ON ") + 1)
        : w;
  }

  private static String sqlOf(AbstractSQLChange c) {
    try {
      return c.getSql();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
