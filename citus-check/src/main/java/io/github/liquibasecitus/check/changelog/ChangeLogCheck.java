package io.github.liquibasecitus.check.changelog;

import io.github.liquibasecitus.check.CheckResult;
import io.github.liquibasecitus.check.CheckSettings;
import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.model.MigrationRules;
import io.github.liquibasecitus.check.model.SchemaModel;
import io.github.liquibasecitus.check.sql.SqlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.change.core.SQLFileChange;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;

/**
 * The offline layer of citus:check as a plain Java API: parses a changelog with Liquibase's own
 * parser (XML, YAML, JSON, formatted SQL; includes, properties, contexts and labels as in {@code
 * update}), follows what it builds and runs {@link MigrationRules#ALL} on it. No database.
 *
 * <p>A changeset silences rules for itself with a marker in its comment: {@code
 * <comment>citus-check:ignore CITUS009 CITUS010</comment>} (or {@code --comment: citus-check:ignore
 * CITUS009} in formatted SQL).
 */
public final class ChangeLogCheck {
  /** The marker, followed by rule ids, in a changeset's comment. */
  public static final String IGNORE_MARKER = "citus-check:ignore";

  private static final Pattern IGNORE =
      Pattern.compile(
          Pattern.quote(IGNORE_MARKER) + "((?:[\\s,]+CITUS\\d{3})+)", Pattern.CASE_INSENSITIVE);

  /**
   * What to check.
   *
   * @param changeLogFile the changelog's path in {@code resources}
   * @param parameters changelog properties, as {@code update} gets them
   * @param contexts Liquibase context expression, or null for all
   * @param labels Liquibase label expression, or null for all
   * @param defaultSchema the schema of tables that name none (null: public)
   * @param displayPath turns a changelog path into the path reports show (relative to the project)
   */
  public record Options(
      String changeLogFile,
      Map<String, String> parameters,
      String contexts,
      String labels,
      String defaultSchema,
      UnaryOperator<String> displayPath) {
    public Options {
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
      displayPath = displayPath == null ? UnaryOperator.identity() : displayPath;
    }

    public static Options of(String changeLogFile) {
      return new Options(changeLogFile, Map.of(), null, null, null, null);
    }
  }

  private final ResourceAccessor resources;
  private final Options options;
  private final DatabaseChangeLog changeLog;
  private final ChangeSetLines lines;

  private ChangeLogCheck(ResourceAccessor resources, Options options, DatabaseChangeLog changeLog) {
    this.resources = resources;
    this.options = options;
    this.changeLog = changeLog;
    this.lines = new ChangeSetLines(path -> read(resources, path));
  }

  /** Parses and checks; findings of rules switched off are dropped, others re-graded. */
  public static CheckResult run(ResourceAccessor resources, Options options, CheckSettings settings)
      throws Exception {
    return parse(resources, options).check(settings);
  }

  /** The changelog parsed once, for {@link #check}, {@link #locator} and {@link #pending}. */
  public static ChangeLogCheck parse(ResourceAccessor resources, Options options) throws Exception {
    return new ChangeLogCheck(resources, options, parseChangeLog(resources, options));
  }

  private static DatabaseChangeLog parseChangeLog(ResourceAccessor resources, Options options)
      throws Exception {
    PostgresDatabase database = new PostgresDatabase();
    ChangeLogParameters params = new ChangeLogParameters(database);
    options.parameters().forEach(params::set);
    params.setContexts(new Contexts(options.contexts()));
    params.setLabels(new LabelExpression(options.labels()));
    return Scope.child(
        Map.of(Scope.Attr.resourceAccessor.name(), resources),
        () ->
            ChangeLogParserFactory.getInstance()
                .getParser(options.changeLogFile(), resources)
                .parse(options.changeLogFile(), params, resources));
  }

  /** The offline rules on the parsed changelog. */
  public CheckResult check(CheckSettings settings) throws Exception {
    ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(options.contexts()));
    LabelChangeSetFilter labels = new LabelChangeSetFilter(new LabelExpression(options.labels()));
    DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(new PostgresDatabase());
    SchemaModel model = new SchemaModel(options.defaultSchema());
    model.target(settings.target());
    SqlReader reader = new SqlReader(model, true);
    ChangeLogWalk walk =
        new ChangeLogWalk(
            model,
            this::location,
            new ChangeLogWalk.SqlSource() {
              @Override
              public void read(ChangeLogWalk.Context x, AbstractSQLChange change) {
                readSql(reader, x, change);
              }

              @Override
              public void generated(ChangeLogWalk.Context x, Change change) {
                readGenerated(reader, x, change);
              }
            });
    List<ChangeSet> ignoring = new ArrayList<>();
    Scope.child(
        Map.of(Scope.Attr.resourceAccessor.name(), resources),
        () -> {
          for (ChangeSet cs : changeLog.getChangeSets()) {
            if (contexts.accepts(cs).isAccepted()
                && labels.accepts(cs).isAccepted()
                && dbms.accepts(cs).isAccepted()) {
              walk.apply(cs);
              ignoring.add(cs);
            }
          }
        });
    model.finish();
    List<Finding> kept = new ArrayList<>();
    for (Finding f : model.findings()) {
      if (!silenced(f, ignoring)) {
        kept.add(f);
      }
    }
    return new CheckResult(settings.enabled(MigrationRules.ALL), settings.apply(kept));
  }

  private Location location(ChangeSet cs) {
    return new Location(
        options.displayPath().apply(cs.getFilePath()),
        lines.lineOf(cs),
        cs.getId() + "::" + cs.getAuthor(),
        null);
  }

  /** Changes of data: their SQL is rows, not structure. */
  private static final java.util.Set<String> DATA_CHANGES =
      java.util.Set.of(
          "loadData",
          "loadUpdateData",
          "insert",
          "update",
          "delete",
          "output",
          "empty",
          "stop",
          "tagDatabase",
          "executeCommand");

  private final PostgresDatabase postgres = new PostgresDatabase();

  /** The SQL Liquibase generates for a change on PostgreSQL, placed at its changeset. */
  private void readGenerated(SqlReader reader, ChangeLogWalk.Context x, Change change) {
    String name =
        Scope.getCurrentScope()
            .getSingleton(ChangeFactory.class)
            .getChangeMetaData(change)
            .getName();
    if (DATA_CHANGES.contains(name)) {
      return;
    }
    StringBuilder sql = new StringBuilder();
    try {
      for (Sql s : SqlGeneratorFactory.getInstance().generateSql(change, postgres)) {
        sql.append(s.toSql()).append(";\n");
      }
    } catch (RuntimeException e) {
      return; // a change that needs a database to say its SQL: nothing to read offline
    }
    int line = lines.lineOf(x.changeSet());
    reader.read(x.step(), sql.toString(), l -> line);
  }

  /**
   * A changeset's SQL, each statement placed at its line: in the changelog for {@code <sql>} and
   * formatted SQL, in its own file for {@code sqlFile}.
   */
  private void readSql(SqlReader reader, ChangeLogWalk.Context x, AbstractSQLChange change) {
    String sql = ChangeLogWalk.sqlOf(change);
    if (sql == null) {
      return;
    }
    if (change instanceof SQLFileChange file && file.getPath() != null) {
      String path = file.getPath();
      if (Boolean.TRUE.equals(file.isRelativeToChangelogFile())) {
        String changeLog = x.changeSet().getFilePath();
        int slash = changeLog.lastIndexOf('/');
        path = slash < 0 ? path : changeLog.substring(0, slash + 1) + path;
      }
      reader.read(x.step(), options.displayPath().apply(path), sql, line -> line);
      return;
    }
    String file = x.changeSet().getFilePath();
    // Statements come in order: one on a later line of the SQL is looked for after the last found.
    int[] last = {0, lines.lineOf(x.changeSet()) - 1}; // {its line in the SQL, in the file}
    reader.read(
        x.step(),
        sql,
        line -> {
          if (line == last[0] && last[1] > 0) {
            return last[1];
          }
          int found = lines.sqlLine(file, last[1] + 1, sql, line);
          if (found > 0) {
            last[0] = line;
            last[1] = found;
          }
          return found;
        });
  }

  /**
   * The changesets (those the options' contexts and labels select) whose SQL or rollback changes
   * objects global to the cluster (roles, tablespaces, databases, server settings), each as {@code
   * file::id::author (CREATE ROLE, ...)}: a scratch database cannot contain what they do.
   */
  public List<String> globalObjectChangeSets() throws Exception {
    ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(options.contexts()));
    LabelChangeSetFilter labels = new LabelChangeSetFilter(new LabelExpression(options.labels()));
    List<String> found = new ArrayList<>();
    Scope.child(
        Map.of(Scope.Attr.resourceAccessor.name(), resources),
        () -> {
          for (ChangeSet cs : changeLog.getChangeSets()) {
            if (contexts.accepts(cs).isAccepted() && labels.accepts(cs).isAccepted()) {
              List<String> statements = GlobalObjects.in(cs);
              if (!statements.isEmpty()) {
                found.add(
                    cs.getFilePath()
                        + "::"
                        + cs.getId()
                        + "::"
                        + cs.getAuthor()
                        + " ("
                        + String.join(", ", statements)
                        + ")");
              }
            }
          }
        });
    return found;
  }

  /**
   * The changesets (those the options' contexts and labels select) in order, and those that cannot
   * be rolled back: no {@code <rollback>} and a change without an automatic inverse.
   */
  public ApplyCheck.Rollbacks rollbacks() throws Exception {
    ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(options.contexts()));
    LabelChangeSetFilter labels = new LabelChangeSetFilter(new LabelExpression(options.labels()));
    DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(new PostgresDatabase());
    PostgresDatabase database = new PostgresDatabase();
    List<String> names = new ArrayList<>();
    Map<String, String> without = new java.util.LinkedHashMap<>();
    Scope.child(
        Map.of(Scope.Attr.resourceAccessor.name(), resources),
        () -> {
          for (ChangeSet cs : changeLog.getChangeSets()) {
            if (!contexts.accepts(cs).isAccepted()
                || !labels.accepts(cs).isAccepted()
                || !dbms.accepts(cs).isAccepted()) {
              continue;
            }
            String name = cs.getFilePath() + "::" + cs.getId() + "::" + cs.getAuthor();
            names.add(name);
            if (cs.getRollback() != null && !cs.getRollback().getChanges().isEmpty()) {
              continue;
            }
            List<String> kinds = new ArrayList<>();
            for (liquibase.change.Change c : cs.getChanges()) {
              if (!c.supportsRollback(database)) {
                String kind =
                    Scope.getCurrentScope()
                        .getSingleton(liquibase.change.ChangeFactory.class)
                        .getChangeMetaData(c)
                        .getName();
                if (!kinds.contains(kind)) {
                  kinds.add(kind);
                }
              }
            }
            if (!kinds.isEmpty()) {
              without.put(
                  name,
                  String.join(", ", kinds)
                      + (kinds.size() == 1 ? " has" : " have")
                      + " no automatic inverse and the changeset gives no <rollback>");
            }
          }
        });
    return new ApplyCheck.Rollbacks(names, without);
  }

  /**
   * Where a failure is: the changeset a Liquibase message names ({@code file::id::author}), with
   * its line; else the changelog file itself.
   */
  public java.util.function.Function<String, Location> locator() {
    return text -> {
      for (ChangeSet cs : changeLog.getChangeSets()) {
        String named = cs.getFilePath() + "::" + cs.getId() + "::" + cs.getAuthor();
        if (text != null && text.contains(named)) {
          return new Location(
              options.displayPath().apply(cs.getFilePath()),
              lines.lineOf(cs),
              cs.getId() + "::" + cs.getAuthor(),
              null);
        }
      }
      return new Location(options.displayPath().apply(options.changeLogFile()), 0, null, null);
    };
  }

  /**
   * The changesets (those the options' contexts and labels select) that the database's changelog
   * history does not hold, in changelog order. Reads the history through Liquibase without creating
   * or changing anything (a role that may only read can ask): with no history table, every
   * changeset is pending.
   */
  public List<ChangeSet> unapplied(Database database) throws Exception {
    ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(options.contexts()));
    LabelChangeSetFilter labels = new LabelChangeSetFilter(new LabelExpression(options.labels()));
    List<RanChangeSet> ran =
        Scope.getCurrentScope()
            .getSingleton(ChangeLogHistoryServiceFactory.class)
            .getChangeLogService(database)
            .getRanChangeSets();
    Set<String> applied = new HashSet<>();
    for (RanChangeSet r : ran) {
      applied.add(normalPath(r.getChangeLog()) + "::" + r.getId() + "::" + r.getAuthor());
    }
    List<ChangeSet> pending = new ArrayList<>();
    for (ChangeSet cs : changeLog.getChangeSets()) {
      if (contexts.accepts(cs).isAccepted()
          && labels.accepts(cs).isAccepted()
          && !applied.contains(
              normalPath(cs.getFilePath()) + "::" + cs.getId() + "::" + cs.getAuthor())) {
        pending.add(cs);
      }
    }
    return pending;
  }

  /** {@link #unapplied} as {@link MigrationRules#NOT_APPLIED} findings. */
  public CheckResult pending(Database database, CheckSettings settings) throws Exception {
    List<Finding> found = new ArrayList<>();
    for (ChangeSet cs : unapplied(database)) {
      found.add(
          MigrationRules.NOT_APPLIED.at(
              new Location(
                  options.displayPath().apply(cs.getFilePath()),
                  lines.lineOf(cs),
                  cs.getId() + "::" + cs.getAuthor(),
                  null),
              "changeset " + cs.getId() + "::" + cs.getAuthor() + " is not applied yet"));
    }
    return new CheckResult(
        settings.enabled(List.of(MigrationRules.NOT_APPLIED)), settings.apply(found));
  }

  private static String normalPath(String path) {
    return path == null
        ? ""
        : path.replace('\\', '/').replaceFirst("^classpath:", "").replaceFirst("^/", "");
  }

  private static boolean silenced(Finding f, List<ChangeSet> changeSets) {
    if (f.location().changeSet() == null) {
      return false;
    }
    for (ChangeSet cs : changeSets) {
      if (f.location().changeSet().equals(cs.getId() + "::" + cs.getAuthor())
          && ignored(cs).contains(f.rule().id())) {
        return true;
      }
    }
    return false;
  }

  /** The rule ids a changeset's comment silences. */
  static Set<String> ignored(ChangeSet cs) {
    Set<String> ids = new HashSet<>();
    if (cs.getComments() == null) {
      return ids;
    }
    Matcher m = IGNORE.matcher(cs.getComments());
    while (m.find()) {
      for (String id : m.group(1).split("[\\s,]+")) {
        if (!id.isBlank()) {
          ids.add(id.toUpperCase(Locale.ROOT));
        }
      }
    }
    return ids;
  }

  private static String read(ResourceAccessor resources, String path) {
    try {
      Resource resource = resources.get(path);
      if (resource == null || !resource.exists()) {
        return null;
      }
      try (InputStream in = resource.openInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return null;
    }
  }
}
