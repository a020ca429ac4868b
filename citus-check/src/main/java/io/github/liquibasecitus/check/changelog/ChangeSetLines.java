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
    String text =
        texts.computeIfAbsent(
            path,
            p -> {
              String t = readFile.apply(p);
              return t == null ? "" : t;
            });
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
}
