package io.github.liquibasecitus.check.sql;

import static io.github.liquibasecitus.check.model.MigrationRules.*;

import io.github.liquibasecitus.check.model.At;
import io.github.liquibasecitus.check.model.SchemaModel;
import io.github.liquibasecitus.check.model.SchemaModel.ColumnDef;
import io.github.liquibasecitus.check.model.SchemaModel.Kind;
import io.github.liquibasecitus.check.model.Step;
import io.github.liquibasecitus.check.sql.SqlScript.Statement;
import io.github.liquibasecitus.check.sql.SqlScript.Token;
import io.github.liquibasecitus.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.UnsupportedStatement;

/**
 * Reads SQL into the {@link SchemaModel} and checks each statement as it runs. The DDL the rules
 * need (CREATE TABLE, ALTER TABLE, CREATE INDEX, CREATE TRIGGER, CREATE SCHEMA, calls of Citus
 * functions, {@code SET citus.enable_schema_based_sharding}) is read from the statement's tokens,
 * clause by clause as PostgreSQL writes it, because those are the forms general SQL parsers refuse
 * ({@code NOT VALID}, {@code CONCURRENTLY IF NOT EXISTS}, partial indexes, {@code PARTITION OF});
 * any other statement is given to JSqlParser, and one that neither reads is a {@link
 * MigrationRules#NOT_READ} finding at its line.
 */
public final class SqlReader {
  /** Heads of statements that change nothing the rules follow, read without a parser. */
  private static final Set<String> UNMODELLED =
      Set.of(
          "create extension",
          "create sequence",
          "alter sequence",
          "create type",
          "alter type",
          "create domain",
          "create policy",
          "alter policy",
          "create role",
          "alter role",
          "create user",
          "alter user",
          "drop role",
          "drop user",
          "alter default",
          "alter index",
          "alter function",
          "alter schema",
          "alter view",
          "alter materialized",
          "create materialized",
          "refresh materialized",
          "create aggregate",
          "create collation",
          "create cast",
          "create operator",
          "create publication",
          "security label",
          "comment on",
          "grant",
          "revoke",
          "set",
          "reset",
          "analyze",
          "vacuum",
          "reindex",
          "cluster",
          "lock",
          "begin",
          "commit",
          "start",
          "end",
          "rollback",
          "savepoint",
          "release",
          "notify",
          "listen",
          "discard",
          "call",
          "copy");

  private final SchemaModel model;
  private final boolean changeTypes;
  private boolean schemaBasedSharding;

  /**
   * @param changeTypes whether the migration could use the product's Liquibase change types instead
   *     of calling Citus from SQL (CITUS013); false for Flyway, where SQL is the way
   */
  public SqlReader(SchemaModel model, boolean changeTypes) {
    this.model = model;
    this.changeTypes = changeTypes;
  }

  /**
   * Whether Flyway runs a migration holding this statement outside a transaction, as its PostgreSQL
   * parser decides: {@code CREATE/DROP INDEX CONCURRENTLY}, {@code VACUUM}, {@code ALTER SYSTEM},
   * {@code REINDEX SCHEMA/DATABASE/SYSTEM}, {@code DISCARD ALL}, databases, tablespaces and
   * subscriptions.
   */
  public static boolean flywayNonTransactional(Statement s) {
    Words w = new Words(s.tokens());
    int i = w.isAt(1, "unique") ? 2 : 1;
    return (w.isAt(0, "create") && w.isAt(i, "index") && w.isAt(i + 1, "concurrently"))
        || (w.isAt(0, "drop") && w.isAt(1, "index") && w.isAt(2, "concurrently"))
        || w.isAt(0, "vacuum")
        || (w.isAt(0, "alter") && w.isAt(1, "system"))
        || (w.isAt(0, "reindex")
            && (w.isAt(1, "schema") || w.isAt(1, "database") || w.isAt(1, "system")))
        || (w.isAt(0, "discard") && w.isAt(1, "all"))
        || ((w.isAt(0, "create") || w.isAt(0, "drop"))
            && (w.isAt(1, "database") || w.isAt(1, "tablespace") || w.isAt(1, "subscription")));
  }

  /**
   * Whether the statement waits for every older transaction to end, as {@code CREATE INDEX
   * CONCURRENTLY} and {@code REINDEX ... CONCURRENTLY} do (PostgreSQL waits for older snapshots):
   * under a lock held in an open transaction by the same migration tool, it waits forever. ({@code
   * DROP INDEX CONCURRENTLY} and {@code DETACH ... CONCURRENTLY} wait only for sessions that lock
   * their table.)
   */
  public static boolean waitsForOtherTransactions(Statement s) {
    String form = concurrentForm(new Words(s.tokens()));
    return "CREATE INDEX CONCURRENTLY".equals(form) || "REINDEX CONCURRENTLY".equals(form);
  }

  /** The name of the statement's concurrent form, or null when it has none. */
  private static String concurrentForm(Words w) {
    int i = w.isAt(1, "unique") ? 2 : 1;
    if (w.isAt(0, "create") && w.isAt(i, "index") && w.isAt(i + 1, "concurrently")) {
      return "CREATE INDEX CONCURRENTLY";
    }
    if (w.isAt(0, "drop") && w.isAt(1, "index") && w.isAt(2, "concurrently")) {
      return "DROP INDEX CONCURRENTLY";
    }
    if (w.isAt(0, "reindex") && w.find(1, w.size(), "concurrently") > 0) {
      return "REINDEX CONCURRENTLY";
    }
    if (w.isAt(0, "alter")
        && w.isAt(1, "table")
        && w.find(2, w.size(), "detach") > 0
        && w.find(2, w.size(), "concurrently") > 0) {
      return "ALTER TABLE ... DETACH PARTITION CONCURRENTLY";
    }
    return null;
  }

  /**
   * Reads the SQL of one step.
   *
   * @param fileLine the line in the step's file of a line of {@code sql} (1-based), 0 if unknown
   */
  public void read(Step step, String sql, IntUnaryOperator fileLine) {
    read(step, null, sql, fileLine);
  }

  /**
   * Reads SQL of one step that stands in a file of its own (a changeset's {@code sqlFile}).
   *
   * @param file the file findings name, or null for the step's
   */
  public void read(Step step, String file, String sql, IntUnaryOperator fileLine) {
    if (sql == null) {
      return;
    }
    for (Statement s : SqlScript.split(sql)) {
      At at = new At(step, fileLine.applyAsInt(s.line()), file);
      try {
        statement(at, s);
      } catch (RuntimeException e) {
        notRead(at, s, "its form surprised the reader (" + e + ")");
      }
    }
  }

  private void statement(At at, Statement s) {
    Words w = new Words(s.tokens());
    dataChange(at, w);
    if (w.isAt(0, "create")) {
      int i = 1;
      if (w.isAt(i, "or") && w.isAt(i + 1, "replace")) {
        i += 2;
      }
      while (w.isAt(i, "global")
          || w.isAt(i, "local")
          || w.isAt(i, "temp")
          || w.isAt(i, "temporary")
          || w.isAt(i, "unlogged")
          || w.isAt(i, "constraint")
          || w.isAt(i, "unique")) {
        i++;
      }
      if (w.isAt(i, "table")) {
        createTable(at, w, i + 1);
        return;
      }
      if (w.isAt(i, "index")) {
        createIndex(at, w, i + 1, w.has(1, "unique") || w.has(2, "unique"));
        return;
      }
      if (w.isAt(i, "trigger")) {
        createTrigger(at, w, i + 1);
        return;
      }
      if (w.isAt(i, "schema")) {
        createSchema(at, w, i + 1);
        return;
      }
    }
    if (w.isAt(0, "alter") && w.isAt(1, "table")) {
      alterTable(at, w, 2);
      return;
    }
    if ((w.isAt(0, "drop") && w.isAt(1, "index") && w.isAt(2, "concurrently"))
        || w.isAt(0, "reindex")) {
      String form = concurrentForm(w);
      if (form != null) {
        concurrently(at, form, null);
      }
      return;
    }
    if (w.isAt(0, "alter") && w.isAt(1, "sequence")) {
      alterSequence(at, w);
      return;
    }
    if (w.isAt(0, "drop") && w.isAt(1, "table")) {
      int i = 2;
      if (w.isAt(i, "if") && w.isAt(i + 1, "exists")) {
        i += 2;
      }
      while (i < w.size()) {
        Name t = w.name(i);
        model.dropTable(t.schema(), t.table());
        i = t.end();
        if (!w.symbolAt(i, ",")) {
          break;
        }
        i++;
      }
      return;
    }
    if (w.isAt(0, "set") || w.isAt(0, "reset")) {
      settings(at, w);
      return;
    }
    if (w.isAt(0, "do")) {
      notRead(at, s, "a DO block's body is not checked");
      return;
    }
    if (citusCalls(at, w)) {
      return;
    }
    String head = w.head(2);
    if (UNMODELLED.contains(head) || UNMODELLED.contains(w.head(1))) {
      return;
    }
    try {
      if (CCJSqlParserUtil.newParser(s.text()).Statement() instanceof UnsupportedStatement) {
        notRead(at, s, "JSqlParser does not know its form");
      }
    } catch (Exception | Error e) {
      notRead(at, s, "JSqlParser refused it");
    }
  }

  // ---- CREATE TABLE ----

  private void createTable(At at, Words w, int i) {
    boolean ifNotExists = w.isAt(i, "if") && w.isAt(i + 1, "not") && w.isAt(i + 2, "exists");
    if (ifNotExists) {
      i += 3;
    }
    Name t = w.name(i);
    i = t.end();
    if (w.isAt(i, "of") && model.isDistributedSchema(t.schema())) {
      String key = model.key(t.schema(), t.table());
      model.report(
          at,
          TABLE_OF_TYPE_IN_SCHEMA,
          key,
          "CREATE TABLE " + key + " OF " + w.get(i + 1).name() + " in a distributed schema");
    }
    if (w.isAt(i, "partition") && w.isAt(i + 1, "of")) {
      partitionAcrossSchemas(at, w.name(i + 2), t, "CREATE TABLE ... PARTITION OF");
    }
    if (!w.symbolAt(i, "(")) {
      // PARTITION OF (the partition follows its parent), OF a type, AS: columns unread.
      model.createTable(at, t.schema(), t.table(), List.of(), false, ifNotExists);
      return;
    }
    int close = w.close(i);
    List<ColumnDef> columns = new ArrayList<>();
    List<List<String>> primaryKeys = new ArrayList<>();
    List<List<String>> uniques = new ArrayList<>();
    List<String[]> references = new ArrayList<>();
    boolean like = false;
    for (int[] e : w.elements(i, close)) {
      like |= w.isAt(e[0], "like");
      tableElement(w, t, e[0], e[1], columns, primaryKeys, uniques, references);
    }
    if (w.isAt(close + 1, "inherits")) {
      // Its columns and keys are partly its parents': the key rules cannot tell.
      model.createTable(at, t.schema(), t.table(), List.of(), false, ifNotExists);
      model.inherits(at, t.schema(), t.table());
      return;
    }
    if (ifNotExists && model.table(t.schema(), t.table()) != null) {
      return;
    }
    model.createTable(at, t.schema(), t.table(), columns, !like, ifNotExists);
    for (List<String> pk : primaryKeys) {
      model.addPrimaryKey(at, t.schema(), t.table(), pk);
    }
    for (List<String> u : uniques) {
      model.addUnique(at, t.schema(), t.table(), u, "unique constraint");
    }
    for (String[] ref : references) {
      model.addForeignKey(at, t.schema(), t.table(), null, ref[0], ref[1]);
    }
  }

  /** A column, or a table constraint, of CREATE TABLE or ALTER TABLE ... ADD. */
  private void tableElement(
      Words w,
      Name table,
      int from,
      int to,
      List<ColumnDef> columns,
      List<List<String>> primaryKeys,
      List<List<String>> uniques,
      List<String[]> references) {
    int i = from;
    String constraint = null;
    if (w.isAt(i, "constraint")) {
      constraint = w.get(i + 1).name();
      i += 2;
    }
    if (w.isAt(i, "primary") && w.isAt(i + 1, "key")) {
      primaryKeys.add(w.nameList(i + 2));
    } else if (w.isAt(i, "unique")) {
      int p = i + 1;
      while (p < to && !w.symbolAt(p, "(")) {
        p++; // NULLS [NOT] DISTINCT
      }
      uniques.add(w.nameList(p));
    } else if (w.isAt(i, "foreign") && w.isAt(i + 1, "key")) {
      int ref = w.find(i, to, "references");
      if (ref > 0) {
        List<String> cols = w.nameList(i + 2);
        String name =
            constraint != null
                ? constraint
                : cols.isEmpty()
                    ? null
                    : SqlText.quoteIdentifier(
                        SchemaModel.normal(table.table())
                            + "_"
                            + SchemaModel.normal(cols.get(0))
                            + "_fkey");
        references.add(new String[] {w.name(ref + 1).qualified(), name});
      }
    } else if (w.isAt(i, "check") || w.isAt(i, "exclude") || w.isAt(i, "like") || i >= to) {
      return;
    } else {
      columns.add(column(w, table, i, to));
    }
  }

  private static final Set<String> COLUMN_CLAUSES =
      Set.of(
          "not",
          "null",
          "primary",
          "unique",
          "references",
          "default",
          "check",
          "constraint",
          "generated",
          "collate",
          "compression",
          "storage");

  private static final Set<String> SERIALS =
      Set.of("serial", "serial4", "bigserial", "serial8", "smallserial", "serial2");

  private ColumnDef column(Words w, Name table, int from, int to) {
    String name = w.get(from).name();
    int i = from + 1;
    StringBuilder type = new StringBuilder();
    while (i < to && !(w.get(i).kind() == Token.Kind.WORD && COLUMN_CLAUSES.contains(w.low(i)))) {
      if (w.symbolAt(i, "(")) {
        int close = w.close(i);
        for (int k = i; k <= close; k++) {
          type.append(w.get(k).text());
        }
        i = close + 1;
        continue;
      }
      type.append(type.length() == 0 || w.symbolAt(i, "[") || w.symbolAt(i, "]") ? "" : " ");
      type.append(w.get(i).text());
      i++;
    }
    boolean notNull = false;
    boolean pk = false;
    boolean unique = false;
    String references = null;
    String sequence = null;
    for (; i < to; i++) {
      if (w.symbolAt(i, "(")) {
        i = w.close(i);
      } else if (w.isAt(i, "not") && w.isAt(i + 1, "null")) {
        notNull = true;
      } else if (w.isAt(i, "primary") && w.isAt(i + 1, "key")) {
        pk = true;
      } else if (w.isAt(i, "unique")) {
        unique = true;
      } else if (w.isAt(i, "references")) {
        references = w.name(i + 1).qualified();
      } else if (w.isAt(i, "nextval") && w.symbolAt(i + 1, "(")) {
        List<String> args = w.stringArguments(i + 1);
        if (!args.isEmpty() && args.get(0) != null) {
          sequence = args.get(0);
        }
      }
    }
    if (SERIALS.contains(type.toString().toLowerCase(Locale.ROOT))) {
      String seq =
          SqlText.quoteIdentifier(
              SchemaModel.normal(table.table()) + "_" + SchemaModel.normal(name) + "_seq");
      sequence =
          table.schema() == null
              ? seq
              : SqlText.quoteIdentifier(SchemaModel.normal(table.schema())) + "." + seq;
    }
    return new ColumnDef(name, type.toString(), notNull, pk, unique, references, sequence);
  }

  // ---- ALTER TABLE ----

  private void alterTable(At at, Words w, int i) {
    if (w.isAt(i, "if") && w.isAt(i + 1, "exists")) {
      i += 2;
    }
    if (w.isAt(i, "only")) {
      i++;
    }
    Name t = w.name(i);
    i = t.end();
    referenceChanged(at, t, "ALTER TABLE");
    if (!w.isAt(i, "validate")) {
      model.takesLock(at, t.schema(), t.table(), "ALTER TABLE");
    }
    SchemaModel.Table table = model.table(t.schema(), t.table());
    try {
      alterTableActions(at, w, t, i);
    } finally {
      // Parallel for what comes after it in the step, not for its own actions: a foreign key to
      // a reference table added here alone is fine.
      if (table != null && table.kind() == Kind.HASH && !table.createdAt(at.step())) {
        parallelAlways(at, table.key(), "ALTER TABLE");
      }
    }
  }

  private void alterTableActions(At at, Words w, Name t, int i) {
    if (w.isAt(i, "rename") && w.isAt(i + 1, "to")) {
      model.reportOnExisting(
          at,
          RENAMED_IN_USE,
          t.schema(),
          t.table(),
          "ALTER TABLE {table} RENAME TO " + w.get(i + 2).name());
      model.renameTable(t.schema(), t.table(), w.get(i + 2).name());
      return;
    }
    if (w.isAt(i, "set") && w.isAt(i + 1, "schema")) {
      model.setSchema(at, t.schema(), t.table(), w.get(i + 2).name());
      return;
    }
    for (int[] a : w.elements(i - 1, w.size())) {
      alterAction(at, w, t, a[0], a[1]);
    }
  }

  private void alterAction(At at, Words w, Name t, int i, int to) {
    if (w.isAt(i, "add")) {
      i++;
      boolean column = w.isAt(i, "column");
      if (column) {
        i++;
      }
      if (w.isAt(i, "if") && w.isAt(i + 1, "not") && w.isAt(i + 2, "exists")) {
        i += 3;
      }
      List<ColumnDef> columns = new ArrayList<>();
      List<List<String>> pks = new ArrayList<>();
      List<List<String>> uniques = new ArrayList<>();
      List<String[]> references = new ArrayList<>();
      if (column) {
        columns.add(column(w, t, i, to));
      } else {
        tableElement(w, t, i, to, columns, pks, uniques, references);
        validatedUnderLock(at, w, t, i, to);
      }
      if (column && existing(at, t)) {
        for (int k = i; k + 1 < to; k++) {
          if (w.get(k).kind() == Token.Kind.WORD
              && VOLATILE.contains(w.low(k))
              && w.symbolAt(k + 1, "(")) {
            String key = model.key(t.schema(), t.table());
            model.report(
                at,
                VOLATILE_DEFAULT_REWRITES,
                key,
                "ADD COLUMN "
                    + w.get(i).name()
                    + " with a default of "
                    + w.low(k)
                    + "() rewrites "
                    + key
                    + " ("
                    + kindOf(t)
                    + ")");
            break;
          }
        }
      }
      for (ColumnDef c : columns) {
        if (SERIALS.contains(c.type().toLowerCase(Locale.ROOT)) && distributedAtAll(t)) {
          String key = model.key(t.schema(), t.table());
          model.report(
              at,
              SERIAL_COLUMN_ADDED,
              key,
              "ADD COLUMN " + c.name() + " " + c.type() + " to " + key + " (" + kindOf(t) + ")");
        }
      }
      model.addColumns(at, t.schema(), t.table(), columns);
      pks.forEach(pk -> model.addPrimaryKey(at, t.schema(), t.table(), pk));
      uniques.forEach(u -> model.addUnique(at, t.schema(), t.table(), u, "unique constraint"));
      for (String[] r : references) {
        SchemaModel.Table target = model.table(null, r[0]);
        if (target != null && target.kind() == Kind.REFERENCE) {
          referenceChanged(
              at,
              t,
              "a foreign key from " + model.key(t.schema(), t.table()) + " to reference table",
              target);
        }
        model.addForeignKey(at, t.schema(), t.table(), null, r[0], r[1]);
      }
    } else if (w.isAt(i, "validate") && w.isAt(i + 1, "constraint") && i + 2 < to) {
      String column =
          pendingNotNull.remove(
              model.key(t.schema(), t.table()) + "." + SchemaModel.normal(w.get(i + 2).name()));
      if (column != null) {
        model.notNullCheck(t.schema(), t.table(), column);
      }
    } else if (w.isAt(i, "attach") && w.isAt(i + 1, "partition")) {
      partitionAcrossSchemas(at, t, w.name(i + 2), "ATTACH PARTITION");
    } else if (w.isAt(i, "alter")) {
      i++;
      if (w.isAt(i, "column")) {
        i++;
      }
      String column = w.get(i).name();
      if (w.isAt(i + 1, "set") && w.isAt(i + 2, "default") && w.find(i + 3, to, "nextval") > 0) {
        model.sequenceDefault(at, t.schema(), t.table(), column);
      } else if (w.isAt(i + 1, "drop") && w.isAt(i + 2, "default")) {
        model.dropDefault(t.schema(), t.table(), column);
      }
      if (w.isAt(i + 1, "type") || (w.isAt(i + 1, "set") && w.isAt(i + 2, "data"))) {
        distributionColumnAltered(at, t, column, "ALTER COLUMN " + column + " TYPE");
        int type = w.isAt(i + 1, "type") ? i + 2 : i + 4;
        typeChange(at, t, column, w, type, to);
        StringBuilder newType = new StringBuilder();
        for (int k = type; k < to && !w.isAt(k, "using") && !w.isAt(k, "collate"); k++) {
          newType.append(k > type ? " " : "").append(w.get(k).text());
        }
        model.columnType(t.schema(), t.table(), column, newType.toString());
      }
      if (w.isAt(i + 1, "set") && w.isAt(i + 2, "not") && w.isAt(i + 3, "null")) {
        if (!model.hasNotNullCheck(t.schema(), t.table(), column)) {
          model.reportOnExisting(
              at, SET_NOT_NULL_SCANS, t.schema(), t.table(), "SET NOT NULL of {table}." + column);
        }
        model.setNotNull(t.schema(), t.table(), column);
      } else if (w.isAt(i + 1, "drop") && w.isAt(i + 2, "not") && w.isAt(i + 3, "null")) {
        model.dropNotNull(t.schema(), t.table(), column);
      }
    } else if (w.isAt(i, "drop") && w.isAt(i + 1, "constraint")) {
      int n = w.isAt(i + 2, "if") && w.isAt(i + 3, "exists") ? i + 4 : i + 2;
      if (n < to) {
        pendingNotNull.remove(
            model.key(t.schema(), t.table()) + "." + SchemaModel.normal(w.get(n).name()));
        model.dropConstraint(t.schema(), t.table(), w.get(n).name());
      }
    } else if (w.isAt(i, "rename") && !w.isAt(i + 1, "constraint") && !w.isAt(i + 1, "to")) {
      int a = w.isAt(i + 1, "column") ? i + 2 : i + 1;
      if (w.isAt(a + 1, "to") && a + 2 < to) {
        model.reportOnExisting(
            at,
            RENAMED_IN_USE,
            t.schema(),
            t.table(),
            "RENAME COLUMN " + w.get(a).name() + " TO " + w.get(a + 2).name() + " of {table}");
        model.renameColumn(t.schema(), t.table(), w.get(a).name(), w.get(a + 2).name());
      }
    } else if (w.isAt(i, "drop")) {
      i++;
      if (w.isAt(i, "column")) {
        i++;
      }
      if (w.isAt(i, "if") && w.isAt(i + 1, "exists")) {
        i += 2;
      }
      distributionColumnAltered(at, t, w.get(i).name(), "DROP COLUMN " + w.get(i).name());
      model.dropColumn(t.schema(), t.table(), w.get(i).name());
    } else if (w.isAt(i, "replica") && w.isAt(i + 1, "identity")) {
      if (w.isAt(i + 2, "full") || w.isAt(i + 2, "using")) {
        model.replicaIdentity(t.schema(), t.table());
      }
    } else if (w.isAt(i, "detach") && w.find(i, to, "concurrently") > 0) {
      concurrently(at, "ALTER TABLE ... DETACH PARTITION CONCURRENTLY", t);
    } else if (w.isAt(i, "rename") && w.isAt(i + 1, "constraint") && distributedAtAll(t)) {
      String key = model.key(t.schema(), t.table());
      model.report(
          at,
          CONSTRAINT_RENAMED,
          key,
          "RENAME CONSTRAINT " + w.get(i + 2).name() + " of " + key + " (" + kindOf(t) + ")");
    }
  }

  // ---- CREATE INDEX, CREATE TRIGGER, CREATE SCHEMA ----

  private void createIndex(At at, Words w, int i, boolean unique) {
    boolean concurrently = w.isAt(i, "concurrently");
    if (concurrently) {
      i++;
    }
    boolean ifNotExists = w.isAt(i, "if") && w.isAt(i + 1, "not") && w.isAt(i + 2, "exists");
    int on = w.find(i, w.size(), "on");
    if (on < 0) {
      return;
    }
    int name = w.isAt(on + 1, "only") ? on + 2 : on + 1;
    Name t = w.name(name);
    SchemaModel.Table table = model.table(t.schema(), t.table());
    String key = model.key(t.schema(), t.table());
    if (concurrently) {
      concurrently(at, "CREATE INDEX CONCURRENTLY", t);
      if (ifNotExists) {
        model.report(
            at,
            CONCURRENTLY_IF_NOT_EXISTS,
            key,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS on " + key);
      }
    } else if (distributed(t) && table != null && !table.createdAt(at.step())) {
      parallel(at, t, "CREATE INDEX");
      model.takesLock(at, t.schema(), t.table(), "CREATE INDEX");
      model.report(
          at,
          INDEX_WITHOUT_CONCURRENTLY,
          key,
          "CREATE INDEX on " + key + " (" + kindOf(t) + ") without CONCURRENTLY");
    }
    if (unique) {
      int open = t.end();
      while (open < w.size() && !w.symbolAt(open, "(")) {
        open++;
      }
      List<String> columns = new ArrayList<>();
      for (int[] e : w.elements(open, w.close(open))) {
        if (e[1] - e[0] == 1 && w.get(e[0]).kind() != Token.Kind.SYMBOL) {
          columns.add(w.get(e[0]).name());
        } else {
          return; // an expression: cannot tell
        }
      }
      model.addUnique(at, t.schema(), t.table(), columns, "unique index");
    }
  }

  private void createTrigger(At at, Words w, int i) {
    int on = w.find(i, w.size(), "on");
    if (on < 0) {
      return;
    }
    Name t = w.name(on + 1);
    if (distributed(t)) {
      String key = model.key(t.schema(), t.table());
      model.report(
          at,
          TRIGGER_ON_DISTRIBUTED_TABLE,
          key,
          "CREATE TRIGGER " + w.get(i).name() + " on " + key + " (" + kindOf(t) + ")");
    }
  }

  private void createSchema(At at, Words w, int i) {
    if (w.isAt(i, "if") && w.isAt(i + 1, "not") && w.isAt(i + 2, "exists")) {
      i += 3;
    }
    String schema = w.isAt(i, "authorization") ? w.get(i + 1).name() : w.get(i).name();
    if (schemaBasedSharding) {
      if (w.find(i + 1, w.size(), "create") > 0) {
        model.report(
            at,
            SCHEMA_WITH_TABLES,
            schema,
            "CREATE SCHEMA "
                + schema
                + " with CREATE statements in it, while citus.enable_schema_based_sharding is on");
        return;
      }
      model.distributeSchema(at, schema);
    }
  }

  // ---- settings and calls ----

  private void settings(At at, Words w) {
    int i = w.isAt(1, "local") || w.isAt(1, "session") ? 2 : 1;
    if (w.isAt(i, "lock_timeout")) {
      String value = w.size() > i + 2 ? w.get(i + 2).value().toLowerCase(Locale.ROOT) : "";
      boolean set =
          w.isAt(0, "set") && !value.isEmpty() && !value.equals("0") && !value.equals("default");
      model.lockTimeout(at, w.isAt(1, "local"), set);
      return;
    }
    if (w.isAt(0, "set")
        && w.size() > i + 4
        && w.get(i).name().equals("citus")
        && w.get(i + 2).name().equals("multi_shard_modify_mode")
        && w.get(i + 4).value().toLowerCase(Locale.ROOT).equals("sequential")) {
      sequentialStep = at.step();
      return;
    }
    if (w.isAt(i, "search_path") && w.isAt(0, "set")) {
      // The first schema of the path (other than "$user") is where unqualified names go.
      for (int k = i + 2; k < w.size(); k++) {
        Token t = w.get(k);
        for (String name :
            t.kind() == Token.Kind.STRING ? t.value().split(",") : new String[] {t.name()}) {
          String n = name.trim();
          if (!n.isEmpty() && !n.equals(",") && !n.equals("$user") && !n.equals("\"$user\"")) {
            model.defaultSchema(t.kind() == Token.Kind.STRING ? SchemaModel.normal(n) : n);
            return;
          }
        }
      }
      return;
    }
    if (w.isAt(i, "search_path") && w.isAt(0, "reset")) {
      model.defaultSchema(null);
      return;
    }
    if (w.size() > i + 2
        && w.get(i).name().equals("citus")
        && w.symbolAt(i + 1, ".")
        && w.get(i + 2).name().equals("enable_schema_based_sharding")) {
      if (w.isAt(0, "reset")) {
        schemaBasedSharding = false;
      } else {
        String value = w.size() > i + 4 ? w.get(i + 4).value().toLowerCase(Locale.ROOT) : "";
        schemaBasedSharding = Set.of("on", "true", "1", "yes").contains(value);
      }
    }
  }

  /** Calls of Citus functions that change types do better; true if the statement made any. */
  private boolean citusCalls(At at, Words w) {
    boolean any = false;
    for (int i = 0; i + 1 < w.size(); i++) {
      if (w.get(i).kind() != Token.Kind.WORD || !w.symbolAt(i + 1, "(")) {
        continue;
      }
      String function = w.low(i);
      String type =
          switch (function) {
            case "create_distributed_table" ->
                "createDistributedTable or citus:createSingleShardTable";
            case "create_reference_table" -> "createReferenceTable";
            case "citus_schema_distribute", "distribute_schema" -> "distributeSchema";
            case "citus_schema_undistribute" -> "undistributeSchema";
            case "undistribute_table" -> "undistributeTable";
            case "alter_distributed_table" -> "alterDistributedTable";
            case "create_single_shard_table" -> "createSingleShardTable";
            case "colocate_with_tenant" -> "colocateWithTenant";
            case "citus_schema_move", "move_tenant", "move_schema" -> "moveTenant";
            default -> null;
          };
      if (type == null) {
        continue;
      }
      any = true;
      if (changeTypes) {
        model.report(
            at,
            RAW_SQL_HAS_CHANGE_TYPE,
            null,
            "raw SQL calls " + function + "(), which the change type citus:" + type + " does");
      }
      List<String> args = w.stringArguments(i + 1);
      if (args.isEmpty()) {
        continue;
      }
      String first = args.get(0);
      switch (function) {
        case "citus_schema_distribute", "distribute_schema" -> model.distributeSchema(at, first);
        case "citus_schema_move" -> model.requires(at, "12.1", "citus_schema_move", first);
        case "create_reference_table" -> model.distributeReference(at, null, first);
        case "create_distributed_table" -> {
          if (args.size() > 1 && args.get(1) != null) {
            model.distributeHash(at, null, first, args.get(1));
            // Its shards are made over several connections per node.
            parallelAlways(at, model.key(null, first), "create_distributed_table");
          } else {
            model.distributeSingleShardByCitus(at, null, first);
          }
        }
        case "create_single_shard_table" ->
            model.distributeSingleShard(
                at, null, first, args.size() > 1 ? args.get(1) : null, null, null);
        default -> {}
      }
    }
    return any;
  }

  // ---- helpers ----

  private void alterSequence(At at, Words w) {
    int i = 2;
    if (w.isAt(i, "if") && w.isAt(i + 1, "exists")) {
      i += 2;
    }
    Name seq = w.name(i);
    int next = seq.end();
    boolean options =
        next < w.size()
            && !w.isAt(next, "rename")
            && !w.isAt(next, "owner")
            && !(w.isAt(next, "set") && w.isAt(next + 1, "schema"))
            && !(w.isAt(next, "owned") && w.isAt(next + 1, "by"));
    if (options && model.isDistributedSequence(seq.schema(), seq.table())) {
      String key = model.key(seq.schema(), seq.table());
      model.report(
          at,
          DISTRIBUTED_SEQUENCE_ALTERED,
          key,
          "ALTER SEQUENCE "
              + key
              + " "
              + w.get(next).text().toUpperCase(Locale.ROOT)
              + " ..., a sequence a distributed table's column defaults to");
    }
  }

  private static final Set<String> VOLATILE =
      Set.of(
          "random",
          "clock_timestamp",
          "timeofday",
          "gen_random_uuid",
          "uuid_generate_v1",
          "uuid_generate_v1mc",
          "uuid_generate_v4");

  /** The step in which a parallel command ran on a hash-distributed table, and which. */
  private Step parallelStep;

  private String parallelWhat;

  /** The step that set citus.multi_shard_modify_mode to sequential. */
  private Step sequentialStep;

  /**
   * DDL, or an UPDATE/DELETE of many shards, on a hash-distributed table the step did not create
   * (it may hold rows, so Citus runs it over several connections per node).
   */
  private void parallel(At at, Name t, String what) {
    SchemaModel.Table table = model.table(t.schema(), t.table());
    if (table != null && table.kind() == Kind.HASH && !table.createdAt(at.step())) {
      parallelAlways(at, table.key(), what);
    }
  }

  private void parallelAlways(At at, String table, String what) {
    if (at.step().transactional() && parallelStep != at.step()) {
      parallelStep = at.step();
      parallelWhat = what + " of " + table;
    }
  }

  /** A change to a reference table that foreign keys point to, after a parallel command. */
  private void referenceChanged(At at, Name t, String what) {
    SchemaModel.Table table = model.table(t.schema(), t.table());
    if (table != null
        && table.kind() == Kind.REFERENCE
        && model.referenced(t.schema(), t.table())) {
      referenceChanged(at, t, what + " of reference table", table);
    }
  }

  private void referenceChanged(At at, Name t, String what, SchemaModel.Table reference) {
    if (parallelStep == at.step() && sequentialStep != at.step()) {
      model.report(
          at,
          PARALLEL_THEN_REFERENCE,
          reference.key(),
          what + " " + reference.key() + " after " + parallelWhat + " in the same transaction");
    }
  }

  /** INSERT, UPDATE, DELETE and TRUNCATE: which table, and whether many shards at once. */
  private void dataChange(At at, Words w) {
    int n;
    String what;
    if (w.isAt(0, "insert") && w.isAt(1, "into")) {
      n = 2;
      what = "INSERT";
    } else if (w.isAt(0, "update")) {
      n = w.isAt(1, "only") ? 2 : 1;
      what = "UPDATE";
    } else if (w.isAt(0, "delete") && w.isAt(1, "from")) {
      n = w.isAt(2, "only") ? 3 : 2;
      what = "DELETE";
    } else if (w.isAt(0, "truncate")) {
      n = w.isAt(1, "table") ? 2 : 1;
      what = "TRUNCATE";
    } else {
      return;
    }
    if (n >= w.size() || w.get(n).kind() == Token.Kind.SYMBOL) {
      return;
    }
    Name t = w.name(n);
    referenceChanged(at, t, what);
    if (what.equals("UPDATE") || what.equals("DELETE")) {
      SchemaModel.Table table = model.table(t.schema(), t.table());
      int where = w.find(t.end(), w.size(), "where");
      // A filter on the distribution column goes to one shard.
      boolean oneShard =
          table != null
              && table.distributionColumn() != null
              && where > 0
              && w.find(where, w.size(), table.distributionColumn()) > 0;
      if (!oneShard) {
        parallel(at, t, what);
      }
    }
  }

  /** A partition and its parent in different schemas, one of them distributed. */
  private void partitionAcrossSchemas(At at, Name parent, Name child, String what) {
    String p = model.key(parent.schema(), parent.table());
    String c = model.key(child.schema(), child.table());
    String ps = p.substring(0, p.indexOf('.'));
    String cs = c.substring(0, c.indexOf('.'));
    if (!ps.equals(cs) && (model.isDistributedSchema(ps) || model.isDistributedSchema(cs))) {
      model.report(
          at,
          PARTITION_ACROSS_SCHEMAS,
          c,
          what + ": partition " + c + " of " + p + ", across schemas, one of them distributed");
    }
  }

  /** CHECK (column IS NOT NULL) NOT VALID constraints, {@code schema.table.name} to the column. */
  private final Map<String, String> pendingNotNull = new java.util.HashMap<>();

  /** ADD [CONSTRAINT n] FOREIGN KEY / CHECK without NOT VALID, to a table that may hold rows. */
  private void validatedUnderLock(At at, Words w, Name t, int from, int to) {
    int k = w.isAt(from, "constraint") ? from + 2 : from;
    boolean check = w.isAt(k, "check");
    if (!check && !w.isAt(k, "foreign")) {
      return;
    }
    boolean notNull =
        check
            && w.symbolAt(k + 1, "(")
            && w.isAt(k + 3, "is")
            && w.isAt(k + 4, "not")
            && w.isAt(k + 5, "null");
    for (int n = k; n + 1 < to; n++) {
      if (w.isAt(n, "not") && w.isAt(n + 1, "valid")) {
        if (notNull && k > from) {
          // valid once VALIDATE CONSTRAINT of its name runs
          pendingNotNull.put(
              model.key(t.schema(), t.table()) + "." + SchemaModel.normal(w.get(from + 1).name()),
              w.get(k + 2).name());
        }
        return;
      }
    }
    if (notNull) {
      // valid: SET NOT NULL of the column skips its scan
      model.notNullCheck(t.schema(), t.table(), w.get(k + 2).name());
    }
    model.reportOnExisting(
        at,
        CONSTRAINT_VALIDATED_UNDER_LOCK,
        t.schema(),
        t.table(),
        "ADD " + (check ? "CHECK" : "FOREIGN KEY") + " to {table} without NOT VALID");
  }

  /** A Citus table that the step did not create: it may hold rows. */
  private boolean existing(At at, Name t) {
    SchemaModel.Table table = model.table(t.schema(), t.table());
    return distributedAtAll(t) && (table == null || !table.createdAt(at.step()));
  }

  /** ALTER COLUMN ... TYPE: a rewrite unless a varchar grows or becomes text. */
  private void typeChange(At at, Name t, String column, Words w, int from, int to) {
    SchemaModel.Table known = model.table(t.schema(), t.table());
    if (!existing(at, t)
        || from >= to
        || (known != null && SchemaModel.normal(column).equals(known.distributionColumn()))) {
      return; // a distribution column's type Citus refuses to change (CITUS020)
    }
    StringBuilder type = new StringBuilder();
    for (int k = from; k < to && !w.isAt(k, "using") && !w.isAt(k, "collate"); k++) {
      type.append(w.get(k).text().toLowerCase(Locale.ROOT));
    }
    SchemaModel.Table table = model.table(t.schema(), t.table());
    String old = table == null ? null : table.columnType(SchemaModel.normal(column));
    if (old != null && binaryCompatible(old.replace(" ", ""), type.toString())) {
      return;
    }
    String key = model.key(t.schema(), t.table());
    model.report(
        at,
        TYPE_CHANGE_REWRITES,
        key,
        "ALTER COLUMN "
            + column
            + " TYPE "
            + type
            + " rewrites "
            + key
            + " ("
            + kindOf(t)
            + ")"
            + (old == null ? "" : ", from " + old));
  }

  private static final Pattern VARCHAR =
      Pattern.compile("(?:varchar|charactervarying)(?:\\((\\d+)\\))?");

  /** Names of one type: no rewrite between them. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("int", "integer"),
          Map.entry("int4", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("int2", "smallint"),
          Map.entry("bool", "boolean"),
          Map.entry("float8", "doubleprecision"),
          Map.entry("float4", "real"),
          Map.entry("timestamptz", "timestampwithtimezone"),
          Map.entry("timestamp", "timestampwithouttimezone"),
          Map.entry("charactervarying", "varchar"));

  private static final Pattern NUMERIC = Pattern.compile("(?:numeric|decimal)\\((\\d+),(\\d+)\\)");

  /**
   * Changes PostgreSQL makes without a rewrite: the same type by another name, varchar(n) to
   * varchar(m >= n), varchar or text, text to varchar, numeric(p, s) to numeric(q >= p, s).
   */
  static boolean binaryCompatible(String from, String to) {
    String a = ALIASES.getOrDefault(from, from);
    String b = ALIASES.getOrDefault(to, to);
    if (a.equals(b) || (a.equals("text") && b.equals("varchar"))) {
      return true;
    }
    java.util.regex.Matcher na = NUMERIC.matcher(a);
    java.util.regex.Matcher nb = NUMERIC.matcher(b);
    if (na.matches() && nb.matches()) {
      return na.group(2).equals(nb.group(2))
          && Integer.parseInt(nb.group(1)) >= Integer.parseInt(na.group(1));
    }
    java.util.regex.Matcher va = VARCHAR.matcher(a);
    if (!va.matches()) {
      return false;
    }
    if (b.equals("text")) {
      return true;
    }
    java.util.regex.Matcher vb = VARCHAR.matcher(b);
    if (!vb.matches()) {
      return false;
    }
    return vb.group(1) == null
        || (va.group(1) != null && Integer.parseInt(vb.group(1)) >= Integer.parseInt(va.group(1)));
  }

  private void distributionColumnAltered(At at, Name t, String column, String what) {
    SchemaModel.Table table = model.table(t.schema(), t.table());
    if (table != null && SchemaModel.normal(column).equals(table.distributionColumn())) {
      String key = model.key(t.schema(), t.table());
      model.report(
          at, DISTRIBUTION_COLUMN_ALTERED, key, what + " of " + key + ", its distribution column");
    }
  }

  /** Whether the table is a Citus table of any kind (reference tables included). */
  private boolean distributedAtAll(Name t) {
    SchemaModel.Table table = model.table(t.schema(), t.table());
    if (table != null) {
      return table.kind() != Kind.LOCAL;
    }
    return model.isDistributedSchema(t.schema());
  }

  private void concurrently(At at, String what, Name t) {
    if (at.step().transactional()) {
      model.report(
          at,
          CONCURRENTLY_IN_TRANSACTION,
          t == null ? null : model.key(t.schema(), t.table()),
          what + " in a step that runs in a transaction");
    }
  }

  private boolean distributed(Name t) {
    SchemaModel.Table table = model.table(t.schema(), t.table());
    if (table != null) {
      return table.kind() != Kind.LOCAL && table.kind() != Kind.REFERENCE;
    }
    return model.isDistributedSchema(t.schema());
  }

  private String kindOf(Name t) {
    SchemaModel.Table table = model.table(t.schema(), t.table());
    return table == null
        ? "a table of distributed schema " + t.schema()
        : switch (table.kind()) {
          case SCHEMA -> "a table of a distributed schema";
          case HASH -> "hash-distributed";
          case SINGLE_SHARD -> "single-shard";
          case REFERENCE -> "reference";
          default -> table.kind().name().toLowerCase(Locale.ROOT);
        };
  }

  private void notRead(At at, Statement s, String why) {
    String first = s.text().lines().findFirst().orElse("").strip();
    if (first.length() > 60) {
      first = first.substring(0, 57) + "...";
    }
    model.report(at, NOT_READ, null, "statement not read (" + why + "): " + first);
  }

  /** A qualified name read from the tokens: schema (or null), table, the index after it. */
  record Name(String schema, String table, int end) {
    String qualified() {
      return schema == null ? table : schema + "." + table;
    }
  }

  /** The tokens of a statement, with the reads the recognizer needs. */
  static final class Words {
    private final List<Token> tokens;

    Words(List<Token> tokens) {
      this.tokens = tokens;
    }

    int size() {
      return tokens.size();
    }

    Token get(int i) {
      return tokens.get(i);
    }

    String low(int i) {
      return tokens.get(i).text().toLowerCase(Locale.ROOT);
    }

    boolean isAt(int i, String word) {
      return i >= 0 && i < tokens.size() && tokens.get(i).is(word);
    }

    boolean has(int i, String word) {
      return isAt(i, word);
    }

    boolean symbolAt(int i, String symbol) {
      return i >= 0
          && i < tokens.size()
          && tokens.get(i).kind() == Token.Kind.SYMBOL
          && tokens.get(i).text().equals(symbol);
    }

    /** The first {@code n} words, lower case, joined by spaces. */
    String head(int n) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < n && i < tokens.size(); i++) {
        s.append(i == 0 ? "" : " ").append(low(i));
      }
      return s.toString();
    }

    /** The index of the keyword in [from, to) outside parentheses, or -1. */
    int find(int from, int to, String word) {
      for (int i = from; i < to && i < tokens.size(); i++) {
        if (symbolAt(i, "(")) {
          i = close(i);
        } else if (isAt(i, word)) {
          return i;
        }
      }
      return -1;
    }

    /** The index of the parenthesis closing the one at {@code open}. */
    int close(int open) {
      int depth = 0;
      for (int i = open; i < tokens.size(); i++) {
        if (symbolAt(i, "(")) {
          depth++;
        } else if (symbolAt(i, ")") && --depth == 0) {
          return i;
        }
      }
      return tokens.size() - 1;
    }

    /** The comma-separated elements between {@code open} and {@code close}: [from, to) each. */
    List<int[]> elements(int open, int close) {
      List<int[]> out = new ArrayList<>();
      int start = open + 1;
      for (int i = open + 1; i < close && i < tokens.size(); i++) {
        if (symbolAt(i, "(")) {
          i = close(i);
        } else if (symbolAt(i, ",")) {
          out.add(new int[] {start, i});
          start = i + 1;
        }
      }
      if (start < Math.min(close, tokens.size())) {
        out.add(new int[] {start, Math.min(close, tokens.size())});
      }
      return out;
    }

    /** {@code name} or {@code schema.name} at {@code i}. */
    Name name(int i) {
      if (symbolAt(i + 1, ".") && i + 2 < tokens.size()) {
        return new Name(get(i).name(), get(i + 2).name(), i + 3);
      }
      return new Name(null, get(i).name(), i + 1);
    }

    /** The names in the parentheses at {@code open}. */
    List<String> nameList(int open) {
      List<String> names = new ArrayList<>();
      if (!symbolAt(open, "(")) {
        return names;
      }
      for (int[] e : elements(open, close(open))) {
        names.add(get(e[0]).name());
      }
      return names;
    }

    /**
     * The arguments of the call whose parenthesis is at {@code open} that are string literals (a
     * {@code ::regclass} cast kept), NULL as null; stops at the first other argument.
     */
    List<String> stringArguments(int open) {
      List<String> args = new ArrayList<>();
      for (int[] e : elements(open, close(open))) {
        Token first = get(e[0]);
        if (first.kind() == Token.Kind.STRING || first.kind() == Token.Kind.DOLLAR_STRING) {
          args.add(first.value());
        } else if (first.is("null")) {
          args.add(null);
        } else {
          break;
        }
      }
      return args;
    }
  }
}
