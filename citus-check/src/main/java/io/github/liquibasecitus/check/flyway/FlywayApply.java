package io.github.liquibasecitus.check.flyway;

import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.changelog.ApplyCheck;
import io.github.liquibasecitus.check.trace.LockTrace;
import io.github.liquibasecitus.flyway.CitusExtCallback;
import io.github.liquibasecitus.operations.ConnectionSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
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
  private final Output log;
  private List<LockTrace.Step> traced;

  /**
   * Where the apply mode's lines go: its own at info, Flyway's progress at debug, Flyway's warnings
   * (each once) at warn.
   */
  public interface Output {
    void info(String line);

    void warn(String line);

    void debug(String line);

    default boolean debugEnabled() {
      return false;
    }
  }

  /**
   * @param target the cluster (or scratch database) to migrate, as its owner
   */
  public FlywayApply(FlywayCheck.Options options, ConnectionSpec target, Output log) {
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
    try (Connection probe = target.open()) {
      LockTrace trace = new LockTrace(probe);
      try {
        return migrateAll(trace);
      } finally {
        traced = trace.finish();
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
    Logs.target = log;
    Logs.warned.clear();
    try {
      return migrateSets(trace);
    } finally {
      Logs.target = null;
    }
  }

  private int migrateSets(LockTrace trace) {
    int executed = 0;
    for (FlywayCheck.MigrationSet set : options.sets()) {
      List<String> locations = new ArrayList<>();
      for (String location : set.locations()) {
        // A classpath location is in the resources and again in target/classes: Flyway would see
        // each script twice. The first root that has it is the one.
        List<Path> dirs =
            FlywayCheck.directories(
                new FlywayCheck.MigrationSet(set.name(), List.of(location), null, null), options);
        boolean classpath = !location.trim().startsWith("filesystem:");
        for (Path dir : classpath && !dirs.isEmpty() ? dirs.subList(0, 1) : dirs) {
          locations.add("filesystem:" + dir);
        }
      }
      if (locations.isEmpty()) {
        continue;
      }
      java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
      set.settings().forEach((k, v) -> settings.put("flyway." + k, v));
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
      if (trace != null) {
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
    static volatile Output target;
    static final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public org.flywaydb.core.api.logging.Log createLogger(Class<?> type) {
      Output out = target;
      return new FlywayLog(
          out != null
              ? out
              : new Output() {
                @Override
                public void info(String line) {}

                @Override
                public void warn(String line) {}

                @Override
                public void debug(String line) {}
              });
    }
  }

  /** Flyway's log as the apply's output. */
  private record FlywayLog(Output out) implements org.flywaydb.core.api.logging.Log {
    @Override
    public boolean isDebugEnabled() {
      return out.debugEnabled();
    }

    @Override
    public void debug(String message) {
      out.debug(message);
    }

    @Override
    public void info(String message) {
      out.debug(message);
    }

    @Override
    public void warn(String message) {
      if (Logs.warned.add(message)) {
        out.warn(message); // once: Flyway repeats some for every connection
      }
    }

    @Override
    public void error(String message) {
      out.warn(message);
    }

    @Override
    public void error(String message, Exception e) {
      out.warn(message + ": " + e.getMessage());
    }

    @Override
    public void notice(String message) {
      out.info(message);
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
          try (var s = connection.createStatement();
              ResultSet rs = s.executeQuery(LockTrace.GLOBAL_PID)) {
            rs.next();
            trace.follow(rs.getLong(1));
          }
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
        throw new IllegalStateException("tracing locks failed: " + e.getMessage(), e);
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
