package io.github.liquibasecitus.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The citus_ext PL/pgSQL library as shipped in this jar: the scripts of {@code sql/}, in the order
 * of its manifest, and the version they install. Java runs them as they are; it never re-types
 * them.
 */
public final class CitusExtLibrary {
  static final String RESOURCE_DIR = "io/github/liquibasecitus/sql/";
  private static final Pattern VERSION =
      Pattern.compile("FUNCTION citus_ext\\.version\\(\\)[^$]*\\$\\$\\s*SELECT '([0-9.]+)'");

  private final List<String> scripts;
  private final String version;
  private final String digest;

  private CitusExtLibrary(List<String> scripts, String version) {
    this.version = version;
    this.digest = digest(scripts);
    List<String> all = new ArrayList<>(scripts);
    // Stamps what was installed, so that a build of the same version with other scripts (a
    // snapshot during development) is installed again rather than taken as current.
    all.add(
        "COMMENT ON SCHEMA citus_ext IS 'liquibase-citus citus_ext "
            + version
            + " "
            + digest
            + "'");
    this.scripts = List.copyOf(all);
  }

  private static String digest(List<String> scripts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String script : scripts) {
        sha.update(script.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads the library from this jar. */
  public static CitusExtLibrary load() {
    List<String> scripts = new ArrayList<>();
    for (String line : read("manifest.txt").lines().toList()) {
      String file = line.strip();
      if (!file.isEmpty() && !file.startsWith("#")) {
        scripts.add(read(file));
      }
    }
    Matcher m = VERSION.matcher(scripts.get(0));
    if (!m.find()) {
      throw new IllegalStateException(
          "The first script of citus_ext does not define citus_ext.version()");
    }
    return new CitusExtLibrary(scripts, m.group(1));
  }

  private static String read(String name) {
    try (InputStream in =
        CitusExtLibrary.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE_DIR + name + " in the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The version these scripts install, e.g. {@code 0.1.0}. */
  public String version() {
    return version;
  }

  /** What these scripts are, in 16 hex digits: stamped on the schema by the last script. */
  public String digest() {
    return digest;
  }

  /** The install (and upgrade) scripts, in order; each is idempotent. */
  public List<String> scripts() {
    return scripts;
  }

  /** -1, 0 or 1 as version {@code a} is older than, equal to or newer than {@code b}. */
  public static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
      int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (xi != yi) {
        return Integer.compare(xi, yi);
      }
    }
    return 0;
  }
}
