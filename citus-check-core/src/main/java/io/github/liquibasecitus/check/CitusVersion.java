package io.github.liquibasecitus.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Citus version a check is for ({@code 12.1}, {@code 13.2.2}), as major and minor: rules that
 * apply from a version on are gated by it.
 */
public record CitusVersion(int major, int minor) implements Comparable<CitusVersion> {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:[.-]\\d+)*");

  /**
   * @param what the setting it came from, for the message
   * @throws IllegalArgumentException naming the setting and the form wanted
   */
  public static CitusVersion parse(String text, String what) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          what + " is '" + text + "': give a Citus version as major.minor, e.g. 12.1 or 13.2");
    }
    return new CitusVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  public boolean atLeast(String version) {
    return compareTo(parse(version, "version")) >= 0;
  }

  @Override
  public int compareTo(CitusVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
