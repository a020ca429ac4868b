package io.github.liquibasecitus.operations;

import java.util.ArrayList;
import java.util.List;

/** Rows as aligned, left-justified columns under a header, for people reading a build log. */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  private TextTable(List<String> header) {
    this.header = header;
  }

  public static TextTable of(String... header) {
    return new TextTable(List.of(header));
  }

  public TextTable row(Object... cells) {
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(cell == null ? "-" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  /** The header and the rows, each indented by {@code indent}, without trailing spaces. */
  public List<String> lines(String indent) {
    int[] widths = new int[header.size()];
    for (List<String> row : concat()) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : concat()) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private List<List<String>> concat() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }

  /** Bytes as PostgreSQL's {@code pg_size_pretty} shows them: 8192 bytes, 16 kB, 12 MB, ... */
  public static String size(Long bytes) {
    if (bytes == null) {
      return null;
    }
    String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    double value = bytes;
    int unit = 0;
    // pg_size_pretty switches unit when the value reaches 10240 of the smaller one.
    while (unit < units.length - 1 && Math.abs(value) >= 10 * 1024 - 0.5) {
      value /= 1024;
      unit++;
    }
    return Math.round(value) + " " + units[unit];
  }
}
