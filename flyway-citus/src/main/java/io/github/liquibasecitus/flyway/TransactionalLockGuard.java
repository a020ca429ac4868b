package io.github.liquibasecitus.flyway;

import io.github.liquibasecitus.sql.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.extensibility.Plugin;

/**
 * Fails a migrate at once, before anything runs, when a pending SQL migration holds a {@code
 * CONCURRENTLY} statement while Flyway's {@code postgresql.transactional.lock} is true: Flyway then
 * keeps a transaction open for the whole migrate, and the concurrent index build waits for it
 * forever (measured on Citus: {@code Lock: virtualxid} on the coordinator). citus:check says the
 * same offline (CITUS019).
 */
final class TransactionalLockGuard {
  private static final Pattern SCRIPT = Pattern.compile("[VR][0-9._]*__.+\\.sql");
  private static final Pattern NOT_CODE =
      Pattern.compile(
          "--[^\\n]*|/\\*.*?\\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\\$([A-Za-z_]*)\\$.*?\\$\\1\\$",
          Pattern.DOTALL);

  /**
   * Statements that wait for every older transaction: concurrent index builds and reindexes
   * (PostgreSQL waits for older snapshots; a concurrent drop or detach waits only for sessions that
   * lock its table).
   */
  private static final Pattern CONCURRENTLY =
      Pattern.compile(
          "\\b(?:create\\s+(?:unique\\s+)?index|reindex\\b[^;]*?)\\s+concurrently\\b",
          Pattern.CASE_INSENSITIVE);

  private TransactionalLockGuard() {}

  static void check(Connection connection, Configuration configuration) {
    if (!transactionalLock(configuration)) {
      return;
    }
    Map<String, String> scripts = new TreeMap<>();
    try {
      for (Location location : configuration.getLocations()) {
        scripts.putAll(scripts(location, configuration.getClassLoader()));
      }
    } catch (IOException | URISyntaxException | UnsupportedOperationException e) {
      return; // Flyway says what is wrong with its locations; a configuration without them
    }
    Set<String> applied;
    try {
      applied = applied(connection, configuration);
    } catch (SQLException e) {
      return; // Flyway reads its history itself, and says what fails
    }
    List<String> waiting = new ArrayList<>();
    scripts.forEach(
        (name, sql) -> {
          if (!applied.contains(name) && CONCURRENTLY.matcher(code(sql)).find()) {
            waiting.add(name);
          }
        });
    if (!waiting.isEmpty()) {
      throw new FlywayException(
          "Flyway migrate: "
              + String.join(", ", waiting)
              + " run"
              + (waiting.size() == 1 ? "s" : "")
              + " CONCURRENTLY while postgresql.transactional.lock is true: Flyway keeps its lock"
              + " in a transaction open for the whole migrate, and a concurrent index build waits"
              + " for it forever. Set it false: -Dflyway.postgresql.transactional.lock=false,"
              + " flyway.postgresql.transactional.lock=false in flyway.conf (flyway.toml:"
              + " [flyway.postgresql] transactional.lock = false), or"
              + " spring.flyway.postgresql.transactional-lock=false. Nothing ran.");
    }
  }

  /** Flyway's {@code postgresql.transactional.lock}, true (its default) when it cannot be read. */
  static boolean transactionalLock(Configuration configuration) {
    try {
      for (Plugin plugin : configuration.getPluginRegister().getPlugins(Plugin.class)) {
        if (plugin.getClass().getSimpleName().equals("PostgreSQLConfigurationExtension")) {
          return (Boolean) plugin.getClass().getMethod("isTransactionalLock").invoke(plugin);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // An older or newer Flyway: assume its default.
    }
    return true;
  }

  /** The statements of a script without comments, literals and dollar-quoted bodies. */
  static String code(String sql) {
    return NOT_CODE.matcher(sql).replaceAll(" ");
  }

  /** The migration scripts under a location, by file name, with their text. */
  private static Map<String, String> scripts(Location location, ClassLoader loader)
      throws IOException, URISyntaxException {
    Map<String, String> found = new TreeMap<>();
    if (location.isFileSystem()) {
      walk(Path.of(location.getRootPath()), found);
    } else if (location.isClassPath()) {
      Enumeration<URL> roots = loader.getResources(location.getRootPath());
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        URLConnection c = root.openConnection();
        if (c instanceof JarURLConnection jar) {
          String prefix = jar.getEntryName() == null ? "" : jar.getEntryName() + "/";
          for (JarEntry e : java.util.Collections.list(jar.getJarFile().entries())) {
            String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
            if (e.getName().startsWith(prefix) && SCRIPT.matcher(name).matches()) {
              try (InputStream in = jar.getJarFile().getInputStream(e)) {
                found.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
              }
            }
          }
        } else if ("file".equals(root.getProtocol())) {
          walk(Path.of(root.toURI()), found);
        }
      }
    }
    return found;
  }

  private static void walk(Path dir, Map<String, String> found) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (SCRIPT.matcher(name).matches()) {
          found.put(name, Files.readString(f, StandardCharsets.UTF_8));
        }
      }
    }
  }

  /** The scripts the history table holds as successful (by file name); none without a table. */
  private static Set<String> applied(Connection connection, Configuration configuration)
      throws SQLException {
    String schema = configuration.getDefaultSchema();
    if (schema == null && configuration.getSchemas().length > 0) {
      schema = configuration.getSchemas()[0];
    }
    Set<String> applied = new HashSet<>();
    String table =
        schema == null
            ? SqlText.quoteIdentifier(configuration.getTable())
            : SqlText.qualified(schema, configuration.getTable());
    try (PreparedStatement exists =
        connection.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
      exists.setString(1, table);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return applied;
        }
      }
    }
    try (PreparedStatement s =
            connection.prepareStatement("SELECT script FROM " + table + " WHERE success");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String script = rs.getString(1);
        if (script != null) {
          applied.add(script.substring(script.lastIndexOf('/') + 1));
        }
      }
    }
    return applied;
  }
}
