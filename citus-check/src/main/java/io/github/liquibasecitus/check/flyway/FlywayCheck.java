package io.github.liquibasecitus.check.flyway;

import static io.github.liquibasecitus.check.model.MigrationRules.FLYWAY_LOCK_HANGS;
import static io.github.liquibasecitus.check.model.MigrationRules.FLYWAY_MIXED;
import static io.github.liquibasecitus.check.model.MigrationRules.NOT_READ;

import io.github.liquibasecitus.check.CheckResult;
import io.github.liquibasecitus.check.CheckSettings;
import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.model.At;
import io.github.liquibasecitus.check.model.MigrationRules;
import io.github.liquibasecitus.check.model.SchemaModel;
import io.github.liquibasecitus.check.model.Step;
import io.github.liquibasecitus.check.sql.SqlReader;
import io.github.liquibasecitus.check.sql.SqlScript;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The offline layer of citus:check for Flyway SQL migrations, without Flyway: the scripts of each
 * migration set (a Flyway configuration: its locations, placeholders and default schema) are found
 * as Flyway finds them ({@code V<version>__<description>.sql} by version, then {@code R__} by
 * description; {@code U} undo scripts after), their placeholders replaced, their {@code .sql.conf}
 * read, and walked in order into one model; the sets run one after the other, as a pipeline runs
 * its {@code flyway:migrate} executions. Java migrations are named as not checked.
 */
public final class FlywayCheck {
  private static final Pattern SCRIPT =
      Pattern.compile("([VRU])([0-9._]*?)__(.+)\\.sql", Pattern.CASE_INSENSITIVE);
  private static final Pattern JAVA = Pattern.compile("([VR][0-9._]*?__[^$]+)\\.(java|class)");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

  /**
   * One Flyway configuration: a {@code flyway:migrate} execution.
   *
   * @param name how reports name it (the execution id)
   * @param locations Flyway locations: {@code filesystem:path}, {@code classpath:path} or {@code
   *     path} (classpath)
   * @param placeholders Flyway placeholders
   * @param defaultSchema the schema unqualified tables land in (Flyway's first schema), or null
   */
  public record MigrationSet(
      String name,
      List<String> locations,
      Map<String, String> placeholders,
      String defaultSchema,
      Map<String, String> settings) {
    public MigrationSet {
      locations = List.copyOf(locations);
      placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
      settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /**
     * @param settings Flyway's other settings for the set as configured ({@code initSql}, {@code
     *     table}, {@code schemas}, ...), which the apply mode runs it with
     */
    public MigrationSet(
        String name,
        List<String> locations,
        Map<String, String> placeholders,
        String defaultSchema) {
      this(name, locations, placeholders, defaultSchema, Map.of());
    }
  }

  /**
   * What to check.
   *
   * @param baseDir the directory {@code filesystem:} locations are relative to
   * @param classpathRoots the directories {@code classpath:} locations are looked up in
   * @param transactionalLock Flyway's {@code postgresql.transactional.lock} (true by default)
   * @param mixed Flyway's {@code mixed} (false by default)
   * @param displayPath turns a script's path into the path reports show
   */
  public record Options(
      List<MigrationSet> sets,
      Path baseDir,
      List<Path> classpathRoots,
      boolean transactionalLock,
      boolean mixed,
      UnaryOperator<Path> displayPath) {
    public Options {
      sets = List.copyOf(sets);
      classpathRoots = List.copyOf(classpathRoots);
      displayPath = displayPath == null ? p -> baseDir.relativize(p) : displayPath;
    }
  }

  /** A script found in a location. */
  record Script(Path path, char kind, String version, String description) {}

  private FlywayCheck() {}

  /** The scripts of a set, in the order Flyway runs them (undo scripts last). */
  static List<Script> scripts(MigrationSet set, Options options) throws IOException {
    List<Script> found = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Path dir : directories(set, options)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Matcher m = SCRIPT.matcher(f.getFileName().toString());
          // A classpath location found in the resources and again in target/classes: once.
          if (m.matches() && seen.add(dir.relativize(f).toString())) {
            found.add(
                new Script(
                    f,
                    Character.toUpperCase(m.group(1).charAt(0)),
                    m.group(2),
                    m.group(3).replace('_', ' ')));
          }
        }
      }
    }
    found.sort(
        Comparator.comparingInt((Script s) -> s.kind() == 'V' ? 0 : s.kind() == 'R' ? 1 : 2)
            .thenComparing((a, b) -> compareVersions(a.version(), b.version()))
            .thenComparing(Script::description));
    return found;
  }

  /**
   * The migrations (display paths) whose SQL changes objects of the whole cluster (roles,
   * databases, ...), which a scratch database cannot hold; undo scripts are not run.
   */
  public static List<String> globalObjectScripts(Options options) throws IOException {
    List<String> found = new ArrayList<>();
    for (MigrationSet set : options.sets()) {
      for (Script script : scripts(set, options)) {
        String sql =
            placeholders(Files.readString(script.path(), StandardCharsets.UTF_8), set, script);
        if (script.kind() != 'U'
            && !io.github.liquibasecitus.check.changelog.GlobalObjects.statements(sql).isEmpty()) {
          found.add(displayed(script.path(), options));
        }
      }
    }
    return found;
  }

  /**
   * The display path of the first migration whose file name a text names (a failure message that
   * gives no path), or null.
   */
  public static String scriptNamedIn(String text, Options options) throws IOException {
    for (MigrationSet set : options.sets()) {
      for (Script script : scripts(set, options)) {
        if (text.contains(script.path().getFileName().toString())) {
          return displayed(script.path(), options);
        }
      }
    }
    return null;
  }

  /** A script's path as findings name it. */
  public static String displayed(Path script, Options options) {
    return options.displayPath().apply(script).toString().replace('\\', '/');
  }

  /** Checks every set; findings of rules switched off are dropped, others re-graded. */
  public static CheckResult run(Options options, CheckSettings settings) throws IOException {
    SchemaModel model = new SchemaModel(null);
    model.target(settings.target());
    List<Script> undo = new ArrayList<>();
    List<MigrationSet> undoSets = new ArrayList<>();
    Map<String, Boolean> javaNamed = new LinkedHashMap<>();
    for (MigrationSet set : options.sets()) {
      model.defaultSchema(set.defaultSchema());
      SqlReader reader = new SqlReader(model, false);
      for (Script script : scripts(set, options)) {
        if (script.kind() == 'U') {
          undo.add(script);
          undoSets.add(set);
          continue;
        }
        read(model, reader, set, script, options);
      }
      for (Path dir : directories(set, options)) {
        javaMigrations(model, dir, options, javaNamed);
      }
    }
    model.finish();
    for (int i = 0; i < undo.size(); i++) {
      model.defaultSchema(undoSets.get(i).defaultSchema());
      read(model, new SqlReader(model, false), undoSets.get(i), undo.get(i), options);
    }
    return new CheckResult(settings.enabled(MigrationRules.ALL), settings.apply(model.findings()));
  }

  private static void read(
      SchemaModel model, SqlReader reader, MigrationSet set, Script script, Options options)
      throws IOException {
    // Flyway sets each migration's connection back to the set's schema.
    model.defaultSchema(set.defaultSchema());
    String sql = placeholders(Files.readString(script.path(), StandardCharsets.UTF_8), set, script);
    List<SqlScript.Statement> statements = SqlScript.split(sql);
    long nonTransactional = statements.stream().filter(SqlReader::flywayNonTransactional).count();
    Boolean explicit = executeInTransaction(script.path());
    boolean mixed = nonTransactional > 0 && nonTransactional < statements.size();
    // Mixed without flyway.mixed: Flyway refuses it (CITUS027) before running anything of it.
    boolean inTransaction = explicit != null ? explicit : nonTransactional == 0;
    String name = script.path().getFileName().toString().replaceFirst("(?i)\\.sql$", "");
    Step step =
        new Step(
            new Location(displayed(script.path(), options), 1, name, null),
            statements.size(),
            inTransaction);
    model.begin(step);
    boolean refused = explicit == null && mixed && !options.mixed();
    if (refused) {
      SqlScript.Statement first =
          statements.stream().filter(SqlReader::flywayNonTransactional).findFirst().orElseThrow();
      model.report(
          new At(step, first.line()),
          FLYWAY_MIXED,
          null,
          name
              + " mixes "
              + nonTransactional
              + " statement(s) that cannot run in a transaction with "
              + (statements.size() - nonTransactional)
              + " that can; Flyway refuses it (mixed is false)");
    }
    reader.read(step, sql, line -> line);
    if (!inTransaction && !refused && options.transactionalLock()) {
      List<SqlScript.Statement> waiting =
          statements.stream().filter(SqlReader::waitsForOtherTransactions).toList();
      if (!waiting.isEmpty()) {
        model.report(
            new At(step, waiting.get(0).line()),
            FLYWAY_LOCK_HANGS,
            null,
            name
                + " runs "
                + waiting.size()
                + " statement(s) with CONCURRENTLY outside a transaction (line"
                + (waiting.size() == 1 ? " " : "s ")
                + String.join(", ", waiting.stream().map(st -> String.valueOf(st.line())).toList())
                + ") while Flyway's postgresql.transactional.lock is true: the first waits for"
                + " Flyway's own lock forever");
      }
    }
  }

  /** {@code executeInTransaction} of the script's {@code .sql.conf}; null when it says nothing. */
  private static Boolean executeInTransaction(Path script) throws IOException {
    Path conf = script.resolveSibling(script.getFileName() + ".conf");
    if (!Files.isRegularFile(conf)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    String value = p.getProperty("executeInTransaction");
    return value == null ? null : !"false".equalsIgnoreCase(value.trim());
  }

  /** Flyway's placeholders: the set's, then Flyway's own; unknown ones are left as written. */
  static String placeholders(String sql, MigrationSet set, Script script) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String value = set.placeholders().get(key);
      if (value == null) {
        value =
            switch (key) {
              case "flyway:defaultSchema" ->
                  set.defaultSchema() == null ? "public" : set.defaultSchema();
              case "flyway:filename" -> script.path().getFileName().toString();
              case "flyway:table" -> "flyway_schema_history";
              default -> null;
            };
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void javaMigrations(
      SchemaModel model, Path dir, Options options, Map<String, Boolean> named) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Matcher java = JAVA.matcher(f.getFileName().toString());
        // Its source and its class, and inner classes ($1), are one migration.
        if (java.matches() && named.put(java.group(1), true) == null) {
          Step step =
              new Step(
                  new Location(
                      options.displayPath().apply(f).toString().replace('\\', '/'), 0, null, null),
                  1,
                  true);
          model.begin(step);
          model.report(
              At.of(step),
              NOT_READ,
              null,
              "Java migration "
                  + f.getFileName()
                  + " is not checked: the check reads SQL, not compiled code");
        }
      }
    }
  }

  /** The directories of a set's locations that exist. */
  public static List<Path> directories(MigrationSet set, Options options) {
    List<Path> dirs = new ArrayList<>();
    for (String location : set.locations()) {
      String l = location.trim();
      if (l.startsWith("filesystem:")) {
        Path p = options.baseDir().resolve(l.substring("filesystem:".length())).normalize();
        if (Files.isDirectory(p)) {
          dirs.add(p);
        }
      } else {
        String path = l.startsWith("classpath:") ? l.substring("classpath:".length()) : l;
        for (Path root : options.classpathRoots()) {
          Path p = root.resolve(path.replaceFirst("^/", "")).normalize();
          if (Files.isDirectory(p)) {
            dirs.add(p);
          }
        }
      }
    }
    return dirs;
  }

  /** Flyway's version order: parts split at dots and underscores, compared as numbers. */
  static int compareVersions(String a, String b) {
    String[] x = a.isEmpty() ? new String[0] : a.split("[._]");
    String[] y = b.isEmpty() ? new String[0] : b.split("[._]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      java.math.BigInteger p = i < x.length ? number(x[i]) : java.math.BigInteger.ZERO;
      java.math.BigInteger q = i < y.length ? number(y[i]) : java.math.BigInteger.ZERO;
      int c = p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static java.math.BigInteger number(String part) {
    return part.isEmpty() ? java.math.BigInteger.ZERO : new java.math.BigInteger(part);
  }
}
