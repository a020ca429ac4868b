package io.github.liquibasecitus.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A version of the Citus extension as {@code pg_extension.extversion} gives it ({@code 13.2-1}):
 * the numbers before the packaging suffix are compared, the text is shown. Like {@code BigDecimal},
 * its order is not its equality: {@code 13.2} and {@code 13.2-1} compare as equal, and are not.
 */
public record CitusVersion(String text, List<Integer> numbers) implements Comparable<CitusVersion> {

  /** The query of the installed version: one row where Citus is installed, none elsewhere. */
  public static final String QUERY =
      "SELECT e.extversion FROM pg_catalog.pg_extension e"
          + " WHERE e.extname OPERATOR(pg_catalog.=) 'citus'";

  public CitusVersion {
    numbers = List.copyOf(numbers);
  }

  /** Parses {@code 13.2-1}, {@code 12.1} or {@code 13}. */
  public static CitusVersion parse(String version) {
    String numeric = version.trim().replaceFirst("-.*", "");
    try {
      return new CitusVersion(
          version.trim(), Arrays.stream(numeric.split("\\.")).map(Integer::valueOf).toList());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + version + "' is not a Citus version (numbers and dots, e.g. 13.2 or 13.2-1)", e);
    }
  }

  /** The version of Citus installed in the connection's database, if any. */
  public static Optional<CitusVersion> installed(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(QUERY)) {
      return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.empty();
    }
  }

  /** Whether this version is {@code wanted} (such as {@code 13.2}) or newer. */
  public boolean atLeast(String wanted) {
    return compareTo(parse(wanted)) >= 0;
  }

  /** The numbers only, as Citus' documentation writes them: {@code 13.2}. */
  public String number() {
    return text.replaceFirst("-.*", "");
  }

  @Override
  public int compareTo(CitusVersion other) {
    for (int i = 0; i < Math.max(numbers.size(), other.numbers.size()); i++) {
      int a = i < numbers.size() ? numbers.get(i) : 0;
      int b = i < other.numbers.size() ? other.numbers.get(i) : 0;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
