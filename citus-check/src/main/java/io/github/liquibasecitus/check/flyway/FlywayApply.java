package io.github.liquibasecitus.check.flyway;

import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.changelog.ApplyCheck;
import io.github.liquibasecitus.check.trace.LockTrace;
import io.github.liquibasecitus.flyway.CitusExtCallback;
import io.github.liquibasecitus.operations.ConnectionSpec;
import io.github.liquibasecitus.operations.OperationsLog;
import io.github.liquibasecitus.sql.SqlText;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The apply mode for Flyway migrations: each set migrated, in order, on the throwaway cluster (or
 * scratch database) as {@code flyway:migrate} would run it, with flyway-citus' callback; each
 * migration traced. Flyway's community edition has no undo, so nothing is rolled back: the second
 * {@link #update} is a second migrate on the same cluster, a redeploy, which must succeed.
 */
public final class FlywayApply implements ApplyCheck.Steps {
  private static final Pattern LOCATION =
      Pattern.compile("Location\\s*:\\s*(\\S+)[^\\n]*\\n\\s*Line\\s*:\\s*(\\d+)");

  private final FlywayCheck.Options options;
  private final ConnectionSpec target;
  private final OperationsLog log;
  private List<LockTrace.Step> traced;

  /**
   * @param target the cluster (or scratch database) to migrate, as its owner
   * @param log its own lines at info, Flyway's progress at debug, Flyway's warnings (once) at warn
   */
  public FlywayApply(FlywayCheck.Options options, ConnectionSpec target, OperationsLog log) {
    this.options = options;
    this.target = target;
    this.log = log;
  }

  @Override
  public int update() throws Exception {
    if (traced != null) {
      return migrateAll(null);
    }
    traced = List.of();
    Connection opened;
    try {
      opened = target.open();
    } catch (SQLException e) {
      log.warn("No connection for the trace, migrating untraced: " + e.getMessage());
      return migrateAll(null);
    }
    try (Connection probe = opened) {
      LockTrace trace = new LockTrace(probe);
      try {
        return migrateAll(trace);
      } finally {
        traced = trace.finish();
        if (trace.broken() != null) {
          log.warn("The trace stopped, the migrations went on untraced: " + trace.broken());
        }
      }
    }
  }

  @Override
  public void rollback(int count) {
    throw new UnsupportedOperationException("Flyway's community edition does not roll back");
  }

  @Override
  public List<LockTrace.Step> traced() {
    return traced == null ? List.of() : traced;
  }

  private int migrateAll(LockTrace trace) {
    // Flyway's own lines go to Maven's log: its progress at debug, its warnings as warnings.
    Logs.target.set(log);
    Logs.warned.clear();
    try {
      return migrateSets(trace);
    } finally {
      Logs.target.remove();
    }
  }

  private int migrateSets(LockTrace trace) {
    int executed = 0;
    for (FlywayCheck.MigrationSet set : options.sets()) {
      List<String> locations = new ArrayList<>();
      for (String location : set.locations()) {
        List<Path> dirs =
            FlywayCheck.directories(
                new FlywayCheck.MigrationSet(set.name(), List.of(location), null, null), options);
        if (location.trim().startsWith("filesystem:")) {
          dirs.forEach(dir -> locations.add("filesystem:" + dir));
          continue;
        }
        // A classpath location is in the resources and again in target/classes: Flyway would see
        // each script twice. A later root that repeats a script of an earlier one is left out.
        java.util.Set<String> given = new java.util.HashSet<>();
        for (Path dir : dirs) {
          List<String> names = scriptNames(dir);
          if (given.isEmpty() || java.util.Collections.disjoint(given, names)) {
            locations.add("filesystem:" + dir);
            given.addAll(names);
          }
        }
      }
      if (locations.isEmpty()) {
        continue;
      }
      java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
      set.settings().forEach((k, v) -> settings.put("flyway." + k, v));
      if (target.role() != null) {
        // As the goal's other connections: the given role, then the set's own initSql.
        String role = "SET ROLE " + SqlText.quoteIdentifier(target.role());
        String init = settings.get("flyway.initSql");
        settings.put("flyway.initSql", init == null ? role : role + ";\n" + init);
      }
      // In a group all migrations share one transaction: a migration's locks and files cannot be
      // told from the others', so the set is applied untraced.
      boolean grouped = "true".equalsIgnoreCase(set.settings().get("group"));
      if (grouped && trace != null) {
        log.info(
            "Flyway "
                + set.name()
                + ": group is true, all migrations in one transaction: applied without the trace");
      }
      var fluent =
          Flyway.configure(getClass().getClassLoader())
              .configuration(settings)
              .dataSource(target.url(), target.username(), target.password())
              .locations(locations.toArray(String[]::new))
              .placeholders(set.placeholders())
              .mixed(options.mixed())
              .cleanDisabled(true)
              .loggers(Logs.class.getName());
      fluent
          .getPluginRegister()
          .getPlugin(PostgreSQLConfigurationExtension.class)
          .setTransactionalLock(options.transactionalLock());
      if (set.defaultSchema() != null && !set.settings().containsKey("schemas")) {
        fluent.schemas(set.defaultSchema());
      }
      List<Callback> callbacks = new ArrayList<>();
      callbacks.add(new CitusExtCallback());
      if (trace != null && !grouped) {
        callbacks.add(new Tracing(trace));
      }
      fluent.callbacks(callbacks.toArray(Callback[]::new));
      MigrateResult result = fluent.load().migrate();
      log.info(
          "Flyway "
              + set.name()
              + ": "
              + result.migrationsExecuted
              + " migration(s) applied"
              + (result.targetSchemaVersion == null
                  ? ""
                  : ", now at version " + result.targetSchemaVersion));
      executed += result.migrationsExecuted;
    }
    return executed;
  }

  /** The file names of the SQL scripts in a directory and below, relative to it. */
  private static List<String> scriptNames(Path dir) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      return files
          .filter(java.nio.file.Files::isRegularFile)
          .filter(
              f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".sql"))
          .map(f -> dir.relativize(f).toString())
          .toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  /**
   * Where a migration is, from a step's name (its display path) or Flyway's failure text (which
   * names the script's path and the statement's line).
   */
  public static Location locate(String text, FlywayCheck.Options options) {
    if (text == null) {
      return new Location(null, 0, null, null);
    }
    Matcher m = LOCATION.matcher(text);
    if (m.find()) {
      String path = FlywayCheck.displayed(Path.of(m.group(1)), options);
      return new Location(path, Integer.parseInt(m.group(2)), name(path), null);
    }
    String path = text.strip();
    if (!path.contains("\n") && path.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) {
      return new Location(path, 1, name(path), null);
    }
    try {
      String named = FlywayCheck.scriptNamedIn(text, options);
      return named == null
          ? new Location(null, 0, null, null)
          : new Location(named, 1, name(named), null);
    } catch (java.io.IOException e) {
      return new Location(null, 0, null, null);
    }
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1).replaceFirst("(?i)\\.sql$", "");
  }

  /** What Flyway's {@code loggers} setting names: the output of the running apply. */
  public static final class Logs implements org.flywaydb.core.api.logging.LogCreator {
    /** The running apply's output, per thread: builds of several modules may run at once. */
    static final InheritableThreadLocal<OperationsLog> target = new InheritableThreadLocal<>();

    static final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public org.flywaydb.core.api.logging.Log createLogger(Class<?> type) {
      return new FlywayLog();
    }

    /** The output of the apply running on this thread; none outside one. */
    static OperationsLog current() {
      OperationsLog out = target.get();
      return out != null
          ? out
          : new OperationsLog() {
            @Override
            public void info(String line) {}

            @Override
            public void warn(String line) {}

            @Override
            public void debug(String line) {}
          };
    }
  }

  /** Flyway's log as the output of the apply running (Flyway may keep its loggers for good). */
  private static final class FlywayLog implements org.flywaydb.core.api.logging.Log {
    @Override
    public boolean isDebugEnabled() {
      return Logs.current().debugEnabled();
    }

    @Override
    public void debug(String message) {
      Logs.current().debug(message);
    }

    @Override
    public void info(String message) {
      Logs.current().debug(message);
    }

    @Override
    public void warn(String message) {
      if (Logs.warned.add(message)) {
        Logs.current().warn(message); // once: Flyway repeats some for every connection
      }
    }

    @Override
    public void error(String message) {
      Logs.current().warn(message);
    }

    @Override
    public void error(String message, Exception e) {
      Logs.current().warn(message + ": " + e.getMessage());
    }

    @Override
    public void notice(String message) {
      Logs.current().info(message);
    }
  }

  /** Feeds the trace: a step per migration, read inside its transaction after it ran. */
  private final class Tracing implements Callback {
    private final LockTrace trace;

    Tracing(LockTrace trace) {
      this.trace = trace;
    }

    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.BEFORE_EACH_MIGRATE
          || event == Event.AFTER_EACH_MIGRATE
          || event == Event.AFTER_EACH_MIGRATE_ERROR
          || event == Event.AFTER_EACH_MIGRATE_STATEMENT
          || event == Event.AFTER_MIGRATE
          || event == Event.AFTER_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
      return true;
    }

    @Override
    public String getCallbackName() {
      return "citus:check trace";
    }

    @Override
    public void handle(Event event, Context context) {
      try {
        if (event == Event.BEFORE_EACH_MIGRATE) {
          trace.end(); // the migration before it committed
          Connection connection = context.getConnection();
          trace.follow(connection); // no query on it: we may be inside its transaction
          trace.begin(step(context.getMigrationInfo()), connection.getAutoCommit());
        } else if (event == Event.AFTER_EACH_MIGRATE_STATEMENT) {
          if (context.getStatement() != null) {
            context.getStatement().getWarnings().forEach(w -> trace.notice(w.getMessage()));
          }
        } else if (event == Event.AFTER_EACH_MIGRATE) {
          trace.holding();
        } else if (event == Event.AFTER_EACH_MIGRATE_ERROR) {
          trace.failed();
        } else {
          trace.end();
        }
      } catch (SQLException e) {
        trace.failed(); // whether it runs in a transaction is unknown: that step is not traced
      }
    }

    private String step(MigrationInfo info) {
      String physical = info.getPhysicalLocation();
      return physical == null || physical.isEmpty()
          ? info.getScript()
          : FlywayCheck.displayed(Path.of(physical), options);
    }
  }
}
