package io.github.liquibasecitus.check.model;

import static io.github.liquibasecitus.check.model.MigrationRules.*;

import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.Rule;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a migration builds, followed step by step as the database would see it: schemas and whether
 * they are distributed, tables with their columns, keys and how they are distributed, foreign keys.
 * The readers feed it (Liquibase's structured changes through one handler per change kind, SQL
 * through {@code SqlReader}); rules that Citus applies when a statement runs are checked as the
 * walk reaches it, and {@link EndOfWalkRules} checks the model at the end. Names are as PostgreSQL
 * folds them ({@link #normal}).
 */
public final class SchemaModel {
  /** How a table is distributed. */
  public enum Kind {
    LOCAL,
    HASH,
    REFERENCE,
    SINGLE_SHARD,
    SCHEMA;

    String describe() {
      return switch (this) {
        case LOCAL -> "local";
        case HASH -> "hash-distributed";
        case REFERENCE -> "reference";
        case SINGLE_SHARD -> "single-shard";
        case SCHEMA -> "distributed-schema";
      };
    }
  }

  /** A column as declared: its name, type (lower case) and whether it may be NULL. */
  public static final class Column {
    final String name;
    String type;
    boolean nullable;

    /** Its default draws from a sequence (nextval, serial). */
    boolean sequenceDefault;

    /** Where it got that default. */
    At sequenceAt;

    Column(String name, String type, boolean nullable) {
      this.name = name;
      this.type = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
      this.nullable = nullable;
    }
  }

  /**
   * A column of a CREATE TABLE or ADD COLUMN: what the readers tell the model.
   *
   * @param references the table its inline foreign key references ({@code schema.table} or {@code
   *     table}), or null
   * @param sequence the sequence its default draws from ({@code nextval}, or a serial's own), or
   *     null
   */
  public record ColumnDef(
      String name,
      String type,
      boolean notNull,
      boolean primaryKey,
      boolean unique,
      String references,
      String sequence) {}

  /** A table the migration knows. */
  public static final class Table {
    String schema;
    String name;
    final Map<String, Column> columns = new LinkedHashMap<>();
    List<String> primaryKey = List.of();
    final List<List<String>> uniques = new ArrayList<>();
    Kind kind = Kind.LOCAL;
    String distributionColumn;
    String group; // colocation group of a single-shard table: "tenant:<id>" or "table:<key>"
    At created;
    At distributed;
    boolean replicaIdentity; // REPLICA IDENTITY FULL or USING INDEX: online moves work
    boolean columnsKnown; // all its columns were read (not LIKE, AS, PARTITION OF, outside)
    boolean keyByIndex; // a primary key made from an index whose columns were not read
    final java.util.Set<String> sequences = new java.util.HashSet<>();

    Table(String schema, String name) {
      this.schema = schema;
      this.name = name;
    }

    public String key() {
      return schema + "." + name;
    }

    public Kind kind() {
      return kind;
    }

    /** A column's declared type (lower case), or null when the table has no such column. */
    public String columnType(String column) {
      Column c = columns.get(column);
      return c == null ? null : c.type;
    }

    /** The distribution column of a hash-distributed table, else null. */
    public String distributionColumn() {
      return kind == Kind.HASH ? distributionColumn : null;
    }

    /** Whether the table was created in {@code step} (so it is empty there). */
    public boolean createdAt(Step step) {
      return created != null && created.step() == step;
    }

    /** Whether the table was distributed in {@code step}. */
    public boolean distributedAt(Step step) {
      return distributed != null && distributed.step() == step;
    }
  }

  /** A foreign key: its table, the table it references, where it was made, its name if known. */
  record ForeignKey(String from, String to, At at, String name) {}

  private String defaultSchema;
  final Map<String, Boolean> distributedSchemas = new LinkedHashMap<>();
  final Map<String, Table> tables = new LinkedHashMap<>();
  final List<ForeignKey> foreignKeys = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private final Map<Step, Integer> order = new IdentityHashMap<>();

  /**
   * @param defaultSchema the schema of tables that name none (null: public)
   */
  public SchemaModel(String defaultSchema) {
    this.defaultSchema =
        defaultSchema == null || defaultSchema.isBlank() ? "public" : normal(defaultSchema);
  }

  /**
   * The schema that unqualified names mean from here on (a migration's default schema, {@code SET
   * search_path}); null for public.
   */
  public void defaultSchema(String schema) {
    this.defaultSchema = schema == null || schema.isBlank() ? "public" : normal(schema);
  }

  /** Steps are walked in order; call before applying a step's changes. */
  public void begin(Step step) {
    order.putIfAbsent(step, order.size());
  }

  /** What the rules found so far (all of it after {@link #finish}). */
  public List<Finding> findings() {
    return findings;
  }

  /** Runs the end-of-walk rules once every step was applied. */
  public void finish() {
    EndOfWalkRules.check(this);
  }

  // ---- tables and keys ----

  public void createTable(At at, String schemaName, String tableName, List<ColumnDef> columns) {
    createTable(at, schemaName, tableName, columns, !columns.isEmpty(), false);
  }

  /**
   * A table created.
   *
   * @param columnsKnown whether {@code columns} are all of them ({@code LIKE}, {@code AS} and
   *     {@code PARTITION OF} bring others)
   * @param ifNotExists {@code IF NOT EXISTS}: a table the model knows stays as it is
   */
  public void createTable(
      At at,
      String schemaName,
      String tableName,
      List<ColumnDef> columns,
      boolean columnsKnown,
      boolean ifNotExists) {
    if (ifNotExists && table(schemaName, tableName) != null) {
      return;
    }
    Table t = new Table(schema(schemaName), normal(tableName));
    t.created = at;
    t.columnsKnown = columnsKnown;
    tables.put(t.key(), t);
    for (ColumnDef c : columns) {
      addColumn(at, t, c);
    }
    if (isDistributedSchema(t.schema)) {
      t.kind = Kind.SCHEMA;
      t.distributed = at;
      t.group = "schema:" + t.schema;
    }
  }

  public void addColumns(At at, String schemaName, String tableName, List<ColumnDef> columns) {
    Table t = table(schemaName, tableName);
    if (t != null) {
      for (ColumnDef c : columns) {
        addColumn(at, t, c);
      }
    }
  }

  private void addColumn(At at, Table t, ColumnDef c) {
    String name = normal(c.name());
    boolean pk = c.primaryKey();
    t.columns.put(name, new Column(name, c.type(), !pk && !c.notNull()));
    if (pk) {
      List<String> key = new ArrayList<>(t.primaryKey);
      key.add(name);
      t.primaryKey = key;
    }
    if (c.unique()) {
      t.uniques.add(List.of(name));
    }
    if (c.references() != null) {
      foreignKeys.add(
          new ForeignKey(
              t.key(), key(null, c.references()), at, t.name + "_" + normal(c.name()) + "_fkey"));
    }
    if (c.sequence() != null) {
      t.sequences.add(key(null, c.sequence()));
      Column col = t.columns.get(name);
      col.sequenceDefault = true;
      col.sequenceAt = at;
    }
  }

  /** ALTER COLUMN ... SET DEFAULT nextval(...): the column's default draws from a sequence. */
  public void sequenceDefault(At at, String schemaName, String tableName, String column) {
    Table t = table(schemaName, tableName);
    Column col = t == null ? null : t.columns.get(normal(column));
    if (col != null) {
      col.sequenceDefault = true;
      col.sequenceAt = at;
    }
  }

  /** The Citus version checked for; null for any supported one. */
  private io.github.liquibasecitus.check.CitusVersion target;

  public void target(io.github.liquibasecitus.check.CitusVersion version) {
    this.target = version;
  }

  /**
   * CITUS037 when the version checked for is older than {@code version}, which {@code what} needs.
   */
  public void requires(At at, String version, String what, String object) {
    if (target != null && !target.atLeast(version)) {
      report(
          at,
          NEEDS_NEWER_CITUS,
          object,
          what + " needs Citus " + version + "; the check is for Citus " + target);
    }
  }

  /** lock_timeout set for the session (SET), or for one step's transaction (SET LOCAL). */
  private boolean sessionLockTimeout;

  private Step stepLockTimeout;
  private Step lockTimeoutReported;

  /** SET [LOCAL] lock_timeout: {@code set} false for 0, DEFAULT or RESET. */
  public void lockTimeout(At at, boolean local, boolean set) {
    if (local) {
      stepLockTimeout = set ? at.step() : null;
    } else {
      sessionLockTimeout = set;
    }
  }

  /**
   * A statement that waits for a lock that blocks the table (ALTER TABLE, CREATE INDEX) on a Citus
   * table that may hold rows: CITUS036 once per step when no lock_timeout is set.
   */
  public void takesLock(At at, String schemaName, String tableName, String what) {
    if (sessionLockTimeout
        || stepLockTimeout == at.step()
        || lockTimeoutReported == at.step()
        || !existingCitusTable(at, schemaName, tableName)) {
      return;
    }
    lockTimeoutReported = at.step();
    String key = key(schemaName, tableName);
    report(
        at,
        NO_LOCK_TIMEOUT,
        key,
        what + " of " + key + " waits for its lock with no lock_timeout set");
  }

  /** Columns with a CHECK (column IS NOT NULL), {@code schema.table.column}. */
  private final java.util.Set<String> notNullChecks = new java.util.HashSet<>();

  /** A CHECK (column IS NOT NULL) added: once valid, SET NOT NULL of the column skips its scan. */
  public void notNullCheck(String schemaName, String tableName, String column) {
    notNullChecks.add(key(schemaName, tableName) + "." + normal(column));
  }

  public boolean hasNotNullCheck(String schemaName, String tableName, String column) {
    return notNullChecks.contains(key(schemaName, tableName) + "." + normal(column));
  }

  /** ALTER COLUMN ... TYPE: the column's new type. */
  public void columnType(String schemaName, String tableName, String column, String type) {
    Table t = table(schemaName, tableName);
    Column col = t == null ? null : t.columns.get(normal(column));
    if (col != null && type != null && !type.isBlank()) {
      col.type = type.toLowerCase(Locale.ROOT).trim();
    }
  }

  /** ALTER COLUMN ... DROP DEFAULT. */
  public void dropDefault(String schemaName, String tableName, String column) {
    Table t = table(schemaName, tableName);
    Column col = t == null ? null : t.columns.get(normal(column));
    if (col != null) {
      col.sequenceDefault = false;
      col.sequenceAt = null;
    }
  }

  /** Whether a foreign key points to the table. */
  public boolean referenced(String schemaName, String tableName) {
    String key = key(schemaName, tableName);
    return foreignKeys.stream().anyMatch(fk -> fk.to().equals(key));
  }

  /** Whether a distributed table's column defaults to the sequence: Citus distributed it. */
  public boolean isDistributedSequence(String schemaName, String sequenceName) {
    String key = key(schemaName, sequenceName);
    return tables.values().stream()
        .anyMatch(t -> t.kind != Kind.LOCAL && t.sequences.contains(key));
  }

  public void dropColumn(String schemaName, String tableName, String column) {
    Table t = table(schemaName, tableName);
    if (t != null) {
      t.columns.remove(normal(column));
    }
  }

  /** ALTER TABLE ... RENAME COLUMN: keys and the distribution column follow it. */
  public void renameColumn(String schemaName, String tableName, String from, String to) {
    Table t = table(schemaName, tableName);
    if (t == null) {
      return;
    }
    String a = normal(from);
    String b = normal(to);
    Column c = t.columns.remove(a);
    if (c != null) {
      Column renamed = new Column(b, c.type, c.nullable);
      renamed.sequenceDefault = c.sequenceDefault;
      renamed.sequenceAt = c.sequenceAt;
      t.columns.put(b, renamed);
    }
    t.primaryKey = t.primaryKey.stream().map(k -> k.equals(a) ? b : k).toList();
    t.uniques.replaceAll(u -> u.stream().map(k -> k.equals(a) ? b : k).toList());
    if (a.equals(t.distributionColumn)) {
      t.distributionColumn = b;
    }
  }

  public void addPrimaryKey(At at, String schemaName, String tableName, List<String> columns) {
    Table t = table(schemaName, tableName);
    if (t != null && columns.isEmpty()) {
      t.keyByIndex = true; // PRIMARY KEY USING INDEX: a key, columns unread
    } else if (t != null) {
      t.primaryKey = columns.stream().map(SchemaModel::normal).toList();
      t.primaryKey.forEach(n -> notNull(t, n));
      keyIncludesDistributionColumn(at, t, t.primaryKey, "primary key");
    }
  }

  /**
   * A unique constraint or index.
   *
   * @param what how the message names it: {@code unique constraint}, {@code unique index}
   */
  public void addUnique(
      At at, String schemaName, String tableName, List<String> columns, String what) {
    Table t = table(schemaName, tableName);
    if (t != null) {
      List<String> cols = columns.stream().map(SchemaModel::normal).toList();
      t.uniques.add(cols);
      keyIncludesDistributionColumn(at, t, cols, what);
    }
  }

  public void setNotNull(String schemaName, String tableName, String column) {
    Table t = table(schemaName, tableName);
    if (t != null) {
      notNull(t, normal(column));
    }
  }

  public void dropNotNull(String schemaName, String tableName, String column) {
    Table t = table(schemaName, tableName);
    Column col = t == null ? null : t.columns.get(normal(column));
    if (col != null) {
      col.nullable = true;
    }
  }

  /**
   * A foreign key; {@code to} may be {@code schema.table} or {@code table}.
   *
   * @param name the constraint's name, or null when PostgreSQL names it
   */
  public void addForeignKey(
      At at, String fromSchema, String fromTable, String toSchema, String toTable, String name) {
    foreignKeys.add(
        new ForeignKey(
            key(fromSchema, fromTable),
            key(toSchema, toTable),
            at,
            name == null ? null : normal(name)));
  }

  /** ALTER TABLE ... DROP CONSTRAINT, or dropForeignKeyConstraint: a foreign key of that name. */
  public void dropConstraint(String schemaName, String tableName, String name) {
    String key = key(schemaName, tableName);
    String n = normal(name);
    foreignKeys.removeIf(fk -> fk.from().equals(key) && n.equals(fk.name()));
  }

  public void dropTable(String schemaName, String tableName) {
    String key = key(schemaName, tableName);
    tables.remove(key);
    foreignKeys.removeIf(fk -> fk.from().equals(key) || fk.to().equals(key));
  }

  public void renameTable(String schemaName, String oldName, String newName) {
    Table t = tables.remove(key(schemaName, oldName));
    if (t != null) {
      String old = t.key();
      t.name = normal(newName);
      tables.put(t.key(), t);
      rekeyed(old, t);
    }
  }

  public void replicaIdentity(String schemaName, String tableName) {
    Table t = table(schemaName, tableName);
    if (t != null) {
      t.replicaIdentity = true;
    }
  }

  /** The table, or null if the migration does not know it. */
  public Table table(String schemaName, String tableName) {
    return tables.get(key(schemaName, tableName));
  }

  /** {@code schema.table} as the model names it. */
  public String key(String schemaName, String tableName) {
    if (schemaName == null && tableName != null && tableName.contains(".")) {
      String[] parts = qualified(tableName);
      return schema(parts[0]) + "." + normal(parts[1]);
    }
    return schema(schemaName) + "." + normal(tableName);
  }

  // ---- distribution ----

  public void distributeSchema(At at, String schemaName) {
    requires(at, "12.0", "a distributed schema (citus_schema_distribute)", schema(schemaName));
    String schema = normal(schemaName);
    if (schema.equals("public")) {
      report(at, PUBLIC_DISTRIBUTED, "public", "distributeSchema names the public schema");
      return;
    }
    distributedSchemas.put(schema, true);
    for (Table t : tables.values()) {
      if (!t.schema.equals(schema)) {
        continue;
      }
      if (t.kind != Kind.LOCAL && t.kind != Kind.SCHEMA) {
        report(
            at,
            WRONG_KIND_IN_DISTRIBUTED_SCHEMA,
            t.key(),
            "schema "
                + schema
                + " is distributed while it holds "
                + t.key()
                + ", a "
                + t.kind.describe()
                + " table");
      } else {
        t.kind = Kind.SCHEMA;
        t.distributed = at;
        t.group = "schema:" + schema;
      }
    }
  }

  public void undistributeSchema(String schemaName) {
    String schema = normal(schemaName);
    distributedSchemas.put(schema, false);
    for (Table t : tables.values()) {
      if (t.schema.equals(schema) && t.kind == Kind.SCHEMA) {
        t.kind = Kind.LOCAL;
        t.group = null;
      }
    }
  }

  /** create_distributed_table by a column. */
  public void distributeHash(At at, String schemaName, String tableName, String column) {
    Table t = distribute(at, schemaName, tableName, Kind.HASH);
    if (t == null) {
      return;
    }
    String col = normal(column);
    t.distributionColumn = col;
    t.group = "hash:" + t.key();
    if (t.columnsKnown && !t.columns.containsKey(col)) {
      report(
          at,
          DISTRIBUTION_COLUMN_MISSING,
          t.key(),
          t.key() + " has no column " + col + " when createDistributedTable runs");
    } else {
      keyIncludesDistributionColumn(at, t, t.primaryKey, "primary key");
      for (List<String> u : t.uniques) {
        keyIncludesDistributionColumn(at, t, u, "unique constraint");
      }
    }
  }

  public void distributeReference(At at, String schemaName, String tableName) {
    distribute(at, schemaName, tableName, Kind.REFERENCE);
  }

  /**
   * A single-shard table: of a tenant, colocated with another table, or (neither given) in a group
   * of its own.
   */
  public void distributeSingleShard(
      At at,
      String schemaName,
      String tableName,
      String tenant,
      String withSchema,
      String withTable) {
    requires(at, "12.0", "a single-shard table", key(schemaName, tableName));
    Table t = distribute(at, schemaName, tableName, Kind.SINGLE_SHARD);
    if (t != null) {
      t.group = groupOf(tenant, withSchema, withTable, t);
    }
  }

  /**
   * Citus' create_distributed_table without a column: all such tables share Citus' one default
   * single-shard group.
   */
  public void distributeSingleShardByCitus(At at, String schemaName, String tableName) {
    requires(
        at,
        "12.0",
        "a single-shard table (create_distributed_table with a NULL column)",
        key(schemaName, tableName));
    Table t = distribute(at, schemaName, tableName, Kind.SINGLE_SHARD);
    if (t != null) {
      t.group = "default single-shard group";
    }
  }

  /** colocateWithTenant: the table becomes the tenant's. */
  public void colocateWithTenant(String schemaName, String tableName, String tenant) {
    Table t = table(schemaName, tableName);
    if (t != null) {
      t.kind = Kind.SINGLE_SHARD;
      t.group = "tenant:" + tenant;
    }
  }

  public void undistributeTable(String schemaName, String tableName) {
    Table t = table(schemaName, tableName);
    if (t != null) {
      t.kind = Kind.LOCAL;
      t.group = null;
      t.distributionColumn = null;
    }
  }

  public void redistribute(String schemaName, String tableName, String column) {
    Table t = table(schemaName, tableName);
    if (t != null && column != null) {
      t.distributionColumn = normal(column);
    }
  }

  /** ALTER TABLE ... SET SCHEMA: into a distributed schema, Citus makes it a schema table. */
  public void setSchema(At at, String schemaName, String tableName, String newSchema) {
    Table t = table(schemaName, tableName);
    if (t == null) {
      return;
    }
    String schema = normal(newSchema);
    String old = t.key();
    if (isDistributedSchema(schema) && t.kind != Kind.LOCAL && t.kind != Kind.SCHEMA) {
      report(
          at,
          WRONG_KIND_IN_DISTRIBUTED_SCHEMA,
          old,
          old + ", a " + t.kind.describe() + " table, is moved into distributed schema " + schema);
      return;
    }
    tables.remove(old);
    t.schema = schema;
    tables.put(t.key(), t);
    if (isDistributedSchema(schema)) {
      t.kind = Kind.SCHEMA;
      t.distributed = at;
      t.group = "schema:" + schema;
    } else if (t.kind == Kind.SCHEMA) {
      t.kind = Kind.LOCAL;
      t.group = null;
    }
    rekeyed(old, t);
  }

  /** CREATE TABLE ... INHERITS: refused in a distributed schema. */
  public void inherits(At at, String schemaName, String tableName) {
    String s = schema(schemaName);
    if (isDistributedSchema(s)) {
      report(
          at,
          INHERITANCE_IN_DISTRIBUTED_SCHEMA,
          s + "." + normal(tableName),
          "CREATE TABLE ... INHERITS in distributed schema " + s);
    }
  }

  /** Whether the schema is distributed at this point of the walk. */
  public boolean isDistributedSchema(String schemaName) {
    return Boolean.TRUE.equals(distributedSchemas.get(schema(schemaName)));
  }

  /**
   * Whether a table is a Citus table that the step did not create: it may hold rows, and what locks
   * it locks every shard on every node.
   */
  public boolean existingCitusTable(At at, String schemaName, String tableName) {
    Table t = table(schemaName, tableName);
    if (t != null) {
      return t.kind() != Kind.LOCAL && !t.createdAt(at.step());
    }
    return isDistributedSchema(qualified(key(schemaName, tableName))[0]);
  }

  /** A lock rule's finding, on a table {@link #existingCitusTable} only. */
  public void reportOnExisting(
      At at, Rule rule, String schemaName, String tableName, String message) {
    if (existingCitusTable(at, schemaName, tableName)) {
      String key = key(schemaName, tableName);
      report(at, rule, key, message.replace("{table}", key));
    }
  }

  /** A finding of a rule at a place of the migration. */
  public void report(At at, Rule rule, String object, String message) {
    findings.add(rule.at(at.location(object), message));
  }

  // ---- helpers ----

  private Table distribute(At at, String schemaName, String tableName, Kind kind) {
    Table t = table(schemaName, tableName);
    String key = t == null ? key(schemaName, tableName) : t.key();
    String schema = t == null ? schema(schemaName) : t.schema;
    if (tableName != null && tableName.contains(".") && schemaName == null) {
      schema = qualified(key)[0];
    }
    if (isDistributedSchema(schema)) {
      report(
          at,
          WRONG_KIND_IN_DISTRIBUTED_SCHEMA,
          key,
          key
              + " is in distributed schema "
              + schema
              + " and cannot become a "
              + kind.describe()
              + " table");
      return null;
    }
    if (t == null) {
      // Created outside what the check reads: known from here on, columns unknown.
      String[] parts = qualified(key);
      t = new Table(parts[0], parts[1]);
      t.created = at;
      tables.put(t.key(), t);
    }
    t.kind = kind;
    t.distributed = at;
    return t;
  }

  private String groupOf(String tenant, String withSchema, String with, Table t) {
    if (tenant != null) {
      return "tenant:" + tenant;
    }
    if (with != null) {
      Table other = table(withSchema, with);
      if (other != null && other.group != null) {
        return other.group;
      }
      return "table:" + key(withSchema, with);
    }
    return "table:" + t.key();
  }

  private void keyIncludesDistributionColumn(At at, Table t, List<String> key, String what) {
    if (t.kind != Kind.HASH || t.distributionColumn == null || key.isEmpty()) {
      return;
    }
    if (!key.contains(t.distributionColumn)) {
      report(
          at,
          KEY_WITHOUT_DISTRIBUTION_COLUMN,
          t.key(),
          "the "
              + what
              + " ("
              + String.join(", ", key)
              + ") of "
              + t.key()
              + " leaves out its distribution column "
              + t.distributionColumn);
    }
  }

  /** The table was known as {@code old}: its foreign keys follow it. */
  private void rekeyed(String old, Table t) {
    foreignKeys.replaceAll(
        fk ->
            new ForeignKey(
                fk.from().equals(old) ? t.key() : fk.from(),
                fk.to().equals(old) ? t.key() : fk.to(),
                fk.at(),
                fk.name()));
  }

  /** The place that comes last in the migration: where Citus would refuse. */
  At latest(At... places) {
    At last = null;
    for (At a : places) {
      if (a != null
          && (last == null
              || order.getOrDefault(a.step(), 0) > order.getOrDefault(last.step(), 0))) {
        last = a;
      }
    }
    return last;
  }

  private static void notNull(Table t, String column) {
    Column c = t.columns.get(column);
    if (c != null) {
      c.nullable = false;
    }
  }

  private String schema(String schema) {
    return schema == null || schema.isBlank() ? defaultSchema : normal(schema);
  }

  /** {@code schema.table} or {@code table} (quotes dropped) as {schema or null, table}. */
  static String[] qualified(String name) {
    String n = name.trim();
    int dot = n.lastIndexOf('.');
    return dot < 0
        ? new String[] {null, n}
        : new String[] {n.substring(0, dot), n.substring(dot + 1)};
  }

  /** As PostgreSQL folds it: quoted names kept, others lower-cased. */
  public static String normal(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim();
    if (n.length() > 1 && n.startsWith("\"") && n.endsWith("\"")) {
      return n.substring(1, n.length() - 1).replace("\"\"", "\"");
    }
    return n.toLowerCase(Locale.ROOT);
  }
}
