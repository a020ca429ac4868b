package io.github.liquibasecitus.check.changelog;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.changelog.ChangeSet;

/**
 * The line where a changeset starts in its file, found in the file's text (Liquibase's model keeps
 * no line numbers): the {@code <changeSet id="...">} tag, the YAML or JSON {@code id}, or the
 * formatted SQL {@code --changeset author:id} comment. 0 where it cannot be told.
 */
final class ChangeSetLines {
  private final Function<String, String> readFile;
  private final Map<String, String> texts = new HashMap<>();

  /**
   * @param readFile the text of a changelog by its path, or null if it cannot be read
   */
  ChangeSetLines(Function<String, String> readFile) {
    this.readFile = readFile;
  }

  int lineOf(ChangeSet cs) {
    String path = cs.getFilePath();
    if (path == null) {
      return 0;
    }
    String text = text(path);
    String id = Pattern.quote(cs.getId());
    String author = cs.getAuthor() == null ? "" : Pattern.quote(cs.getAuthor());
    Pattern[] patterns = {
      Pattern.compile("<changeSet\\b[^>]*\\bid\\s*=\\s*[\"']" + id + "[\"']"),
      Pattern.compile("(?im)^\\s*--\\s*changeset\\s+" + author + ":" + id + "(\\s|$)"),
      Pattern.compile("\"id\"\\s*:\\s*\"" + id + "\""),
      Pattern.compile("(?m)^\\s*-?\\s*id:\\s*[\"']?" + id + "[\"']?\\s*$"),
    };
    for (Pattern p : patterns) {
      Matcher m = p.matcher(text);
      if (m.find()) {
        int line = 1;
        for (int i = 0; i < m.start(); i++) {
          if (text.charAt(i) == '\n') {
            line++;
          }
        }
        return line;
      }
    }
    return 0;
  }

  /**
   * The line of {@code file} that holds line {@code sqlLine} of {@code sql}, searched from line
   * {@code from} on by its text; 0 when it is not there as written (properties substituted, XML
   * escapes).
   */
  int sqlLine(String file, int from, String sql, int sqlLine) {
    String wanted = sql.lines().skip(Math.max(0, sqlLine - 1)).findFirst().orElse("").strip();
    if (file == null || wanted.isEmpty()) {
      return 0;
    }
    String[] lines = text(file).split("\n", -1);
    for (int i = Math.max(0, from - 1); i < lines.length; i++) {
      if (lines[i].contains(wanted)) {
        return i + 1;
      }
    }
    return 0;
  }

  private String text(String path) {
    return texts.computeIfAbsent(
        path,
        p -> {
          String t = readFile.apply(p);
          return t == null ? "" : t;
        });
  }
}
