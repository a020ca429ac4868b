package io.github.liquibasecitus.cluster;

import java.util.regex.Pattern;

/** Removes secrets from text that may be shown to people. */
public final class Redaction {
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)(password=)[^&;\\s]*|(//[^/:@\\s]+:)[^@/\\s]+(@)");

  private Redaction() {}

  /** The URL with any password in it replaced by {@code ***}. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    return URL_PASSWORD
        .matcher(url)
        .replaceAll(m -> m.group(1) != null ? m.group(1) + "***" : m.group(2) + "***" + m.group(3));
  }
}
