package io.github.liquibasecitus.check;

import java.util.Locale;

/** How much a finding matters; {@code failOn} compares against it. */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  /** At least as grave as {@code other} (ERROR is graver than WARNING, WARNING than INFO). */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code error}, {@code warning} or {@code info}, in any case.
   *
   * @param what names the setting in the error, e.g. {@code "severity of CITUS009"}
   */
  public static Severity parse(String value, String what) {
    if (value != null) {
      for (Severity s : values()) {
        if (s.name().equalsIgnoreCase(value.trim())) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        what + " '" + value + "' is not a severity: use error, warning or info");
  }
}
