package io.github.liquibasecitus.check.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A PostgreSQL script split into statements the way psql and the server see them: semicolons end
 * statements except inside string literals ({@code '...'}, {@code E'...'} with backslash escapes),
 * quoted identifiers, dollar-quoted bodies ({@code $$...$$}, {@code $fn$...$fn$}: function bodies
 * and {@code DO} blocks), comments ({@code --} and nested {@code /* *}{@code /}), and a
 * SQL-standard function body ({@code BEGIN ATOMIC ... END}). Each statement keeps its tokens and
 * the line where it starts.
 */
public final class SqlScript {
  /** A token: its kind, its text as written, and its line (1-based, in the script). */
  public record Token(Kind kind, String text, int line) {
    public enum Kind {
      WORD,
      QUOTED_NAME,
      STRING,
      DOLLAR_STRING,
      NUMBER,
      SYMBOL
    }

    /**
     * A name as the model takes it: a word lower-cased as PostgreSQL folds it, a quoted name kept
     * with its quotes (the model unquotes it, {@code SchemaModel.normal}); other tokens as written.
     */
    public String name() {
      return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** Whether this is the keyword {@code word} (case-insensitive; never a quoted name). */
    public boolean is(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    /** A string literal's value (quotes removed, doubled quotes undone), else the text. */
    public String value() {
      if (kind == Kind.STRING) {
        int open = text.indexOf('\'');
        return text.substring(open + 1, text.length() - 1).replace("''", "'");
      }
      if (kind == Kind.DOLLAR_STRING) {
        int tag = text.indexOf('$', 1) + 1;
        return text.substring(tag, text.length() - tag);
      }
      return text;
    }
  }

  /** A statement: its text (without the final semicolon), its first line, and its tokens. */
  public record Statement(String text, int line, List<Token> tokens) {}

  private SqlScript() {}

  /** The statements of {@code sql}; empty ones (only comments or semicolons) are left out. */
  public static List<Statement> split(String sql) {
    List<Statement> out = new ArrayList<>();
    List<Token> tokens = new ArrayList<>();
    int start = -1;
    int line = 1;
    int i = 0;
    int n = sql.length();
    int atomicDepth = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\n') {
        line++;
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int depth = 0;
        do {
          if (sql.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (sql.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            if (sql.charAt(i) == '\n') {
              line++;
            }
            i++;
          }
        } while (depth > 0 && i < n);
        continue;
      }
      if (c == ';' && atomicDepth == 0) {
        if (!tokens.isEmpty()) {
          out.add(new Statement(sql.substring(start, i).trim(), tokens.get(0).line(), tokens));
        }
        tokens = new ArrayList<>();
        start = -1;
        i++;
        continue;
      }
      if (start < 0) {
        start = i;
      }
      int tokenLine = line;
      int end;
      Token.Kind kind;
      if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
        end = quoted(sql, i + 1, '\'', true);
        kind = Token.Kind.STRING;
      } else if (c == '\'') {
        end = quoted(sql, i, '\'', false);
        kind = Token.Kind.STRING;
      } else if (c == '"') {
        end = quoted(sql, i, '"', false);
        kind = Token.Kind.QUOTED_NAME;
      } else if (c == '$' && dollarTag(sql, i) > 0) {
        int tagEnd = dollarTag(sql, i);
        String tag = sql.substring(i, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        end = close < 0 ? n : close + tag.length();
        kind = Token.Kind.DOLLAR_STRING;
      } else if (Character.isLetter(c) || c == '_') {
        end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
          end++;
        }
        kind = Token.Kind.WORD;
      } else if (Character.isDigit(c)) {
        end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        kind = Token.Kind.NUMBER;
      } else {
        end = i + 1;
        if (c == ':' && end < n && sql.charAt(end) == ':') {
          end++;
        }
        kind = Token.Kind.SYMBOL;
      }
      String text = sql.substring(i, end);
      for (int k = i; k < end; k++) {
        if (sql.charAt(k) == '\n') {
          line++;
        }
      }
      Token token = new Token(kind, text, tokenLine);
      if (kind == Token.Kind.WORD) {
        if (token.is("atomic") && !tokens.isEmpty() && tokens.get(tokens.size() - 1).is("begin")) {
          atomicDepth++;
        } else if (atomicDepth > 0 && (token.is("case"))) {
          atomicDepth++;
        } else if (atomicDepth > 0 && token.is("end")) {
          atomicDepth--;
        }
      }
      tokens.add(token);
      i = end;
    }
    if (!tokens.isEmpty()) {
      out.add(new Statement(sql.substring(start).trim(), tokens.get(0).line(), tokens));
    }
    return out;
  }

  /** The end (exclusive) of a literal opened at {@code open}. */
  private static int quoted(String sql, int open, char quote, boolean backslashes) {
    int i = open + 1;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (backslashes && c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return n;
  }

  /** The end of a dollar-quote tag ({@code $$}, {@code $body$}) starting at {@code i}, or -1. */
  private static int dollarTag(String sql, int i) {
    int j = i + 1;
    int n = sql.length();
    if (j < n && Character.isDigit(sql.charAt(j))) {
      return -1; // $1: a parameter
    }
    while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    return j < n && sql.charAt(j) == '$' ? j + 1 : -1;
  }
}
