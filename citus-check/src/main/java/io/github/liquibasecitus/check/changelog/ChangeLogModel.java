package io.github.liquibasecitus.check.changelog;

import static io.github.liquibasecitus.check.changelog.ChangeLogRules.*;

import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.Rule;
import io.github.liquibasecitus.ext.change.AlterDistributedTableChange;
import io.github.liquibasecitus.ext.change.ColocateWithTenantChange;
import io.github.liquibasecitus.ext.change.CreateDistributedTableChange;
import io.github.liquibasecitus.ext.change.CreateReferenceTableChange;
import io.github.liquibasecitus.ext.change.CreateSingleShardTableChange;
import io.github.liquibasecitus.ext.change.DistributeSchemaChange;
import io.github.liquibasecitus.ext.change.IsolateTenantChange;
import io.github.liquibasecitus.ext.change.MoveTenantChange;
import io.github.liquibasecitus.ext.change.UndistributeSchemaChange;
import io.github.liquibasecitus.ext.change.UndistributeTableChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ColumnConfig;
import liquibase.change.ConstraintsConfig;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.AddForeignKeyConstraintChange;
import liquibase.change.core.AddNotNullConstraintChange;
import liquibase.change.core.AddPrimaryKeyChange;
import liquibase.change.core.AddUniqueConstraintChange;
import liquibase.change.core.CreateTableChange;
import liquibase.change.core.DropNotNullConstraintChange;
import liquibase.change.core.DropTableChange;
import liquibase.change.core.RenameTableChange;
import liquibase.changelog.ChangeSet;

/**
 * What a changelog builds, followed change by change as the database would see it: schemas and
 * whether they are distributed, tables with their columns, keys and how they are distributed,
 * foreign keys. Rules that Citus applies when a change runs are checked as the walk reaches it; the
 * others on the model at the end.
 *
 * <p>Over 400 lines, for a reason: it is the one changelog reader of citus:check today (the walk,
 * the raw-SQL scanner and the end-of-walk rules). Its split into one handler per change kind, a
 * real SQL parser and the rules apart comes with the check core of its own (the issue "citus:check
 * for every migration people write"), which replaces the regular expressions instead of moving
 * them; moving them twice would only churn.
 */
final class ChangeLogModel {
  enum Kind {
    LOCAL,
    HASH,
    REFERENCE,
    SINGLE_SHARD,
    SCHEMA
  }

  static final class Column {
    final String name;
    final String type;
    boolean nullable;

    Column(String name, String type, boolean nullable) {
      this.name = name;
      this.type = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
      this.nullable = nullable;
    }
  }

  static final class Table {
    String schema;
    String name;
    final Map<String, Column> columns = new LinkedHashMap<>();
    List<String> primaryKey = List.of();
    final List<List<String>> uniques = new ArrayList<>();
    Kind kind = Kind.LOCAL;
    String distributionColumn;
    String group; // colocation group of a single-shard table: "tenant:<id>" or "table:<key>"
    ChangeSet created;
    ChangeSet distributed;
    boolean replicaIdentity; // REPLICA IDENTITY FULL or USING INDEX: online moves work

    Table(String schema, String name) {
      this.schema = schema;
      this.name = name;
    }

    String key() {
      return schema + "." + name;
    }
  }

  record ForeignKey(String from, String to, ChangeSet at) {}

  private static final Pattern CITUS_CALL =
      Pattern.compile(
          "(?i)\\b(citus_ext\\s*\\.\\s*)?(create_distributed_table|create_reference_table"
              + "|citus_schema_distribute|citus_schema_undistribute|undistribute_table"
              + "|alter_distributed_table|create_single_shard_table|colocate_with_tenant"
              + "|distribute_schema|citus_schema_move|move_tenant|move_schema)\\s*\\(");
  private static final Pattern RAW_DISTRIBUTE =
      Pattern.compile("(?i)create_distributed_table\\s*\\(\\s*'([^']+)'\\s*,\\s*('([^']*)'|NULL)");
  private static final Pattern RAW_REFERENCE =
      Pattern.compile("(?i)create_reference_table\\s*\\(\\s*'([^']+)'");
  private static final Pattern RAW_SCHEMA_DISTRIBUTE =
      Pattern.compile("(?i)citus_schema_distribute\\s*\\(\\s*'([^']+)'");
  private static final Pattern RAW_INHERITS =
      Pattern.compile(
          "(?is)create\\s+table\\s+(if\\s+not\\s+exists\\s+)?([\\w\".]+)\\s*\\(.*?\\)\\s*inherits\\s*\\(");
  private static final Pattern RAW_SET_SCHEMA =
      Pattern.compile(
          "(?is)alter\\s+table\\s+(if\\s+exists\\s+)?([\\w\".]+)\\s+set\\s+schema\\s+([\\w\"]+)");
  private static final Pattern RAW_REPLICA_IDENTITY =
      Pattern.compile(
          "(?is)alter\\s+table\\s+(only\\s+)?(if\\s+exists\\s+)?([\\w\".]+)\\s+replica\\s+identity"
              + "\\s+(full|using\\s+index)");
  private static final Set<String> INTEGER_TYPES =
      Set.of("int", "integer", "int4", "serial", "serial4", "smallint", "int2", "smallserial");

  private final String defaultSchema;
  private final Function<ChangeSet, Location> locate;
  final Map<String, Boolean> distributedSchemas = new LinkedHashMap<>();
  final Map<String, Table> tables = new LinkedHashMap<>();
  final List<ForeignKey> foreignKeys = new ArrayList<>();
  final List<Finding> findings = new ArrayList<>();
  private final Map<ChangeSet, Integer> order = new java.util.IdentityHashMap<>();

  ChangeLogModel(String defaultSchema, Function<ChangeSet, Location> locate) {
    this.defaultSchema =
        defaultSchema == null || defaultSchema.isBlank() ? "public" : normal(defaultSchema);
    this.locate = locate;
  }

  // ---- the walk ----

  void apply(ChangeSet changeSet) {
    order.putIfAbsent(changeSet, order.size());
    List<Change> changes = changeSet.getChanges();
    for (Change change : changes) {
      apply(changeSet, change, changes.size());
    }
  }

  private void apply(ChangeSet cs, Change change, int changesInSet) {
    if (change instanceof CreateTableChange c) {
      Table t = new Table(schema(c.getSchemaName()), normal(c.getTableName()));
      t.created = cs;
      for (ColumnConfig col : c.getColumns()) {
        addColumn(cs, t, col);
      }
      tables.put(t.key(), t);
      if (isDistributedSchema(t.schema)) {
        t.kind = Kind.SCHEMA;
        t.distributed = cs;
        t.group = "schema:" + t.schema;
      }
    } else if (change instanceof AddColumnChange c) {
      Table t = table(c.getSchemaName(), c.getTableName());
      if (t != null) {
        for (ColumnConfig col : c.getColumns()) {
          addColumn(cs, t, col);
        }
      }
    } else if (change instanceof AddPrimaryKeyChange c) {
      Table t = table(c.getSchemaName(), c.getTableName());
      if (t != null) {
        t.primaryKey = names(c.getColumnNames());
        t.primaryKey.forEach(n -> notNull(t, n));
        keyIncludesDistributionColumn(cs, t, t.primaryKey, "primary key");
      }
    } else if (change instanceof AddUniqueConstraintChange c) {
      Table t = table(c.getSchemaName(), c.getTableName());
      if (t != null) {
        List<String> cols = names(c.getColumnNames());
        t.uniques.add(cols);
        keyIncludesDistributionColumn(cs, t, cols, "unique constraint");
      }
    } else if (change instanceof AddNotNullConstraintChange c) {
      Table t = table(c.getSchemaName(), c.getTableName());
      if (t != null) {
        notNull(t, normal(c.getColumnName()));
      }
    } else if (change instanceof DropNotNullConstraintChange c) {
      Table t = table(c.getSchemaName(), c.getTableName());
      Column col = t == null ? null : t.columns.get(normal(c.getColumnName()));
      if (col != null) {
        col.nullable = true;
      }
    } else if (change instanceof AddForeignKeyConstraintChange c) {
      foreignKeys.add(
          new ForeignKey(
              key(c.getBaseTableSchemaName(), c.getBaseTableName()),
              key(c.getReferencedTableSchemaName(), c.getReferencedTableName()),
              cs));
    } else if (change instanceof DropTableChange c) {
      String key = key(c.getSchemaName(), c.getTableName());
      tables.remove(key);
      foreignKeys.removeIf(fk -> fk.from().equals(key) || fk.to().equals(key));
    } else if (change instanceof RenameTableChange c) {
      Table t = tables.remove(key(c.getSchemaName(), c.getOldTableName()));
      if (t != null) {
        String old = t.key();
        t.name = normal(c.getNewTableName());
        tables.put(t.key(), t);
        rekeyed(old, t);
      }
    } else if (change instanceof DistributeSchemaChange c) {
      distributeSchema(cs, normal(c.getSchemaName()));
    } else if (change instanceof UndistributeSchemaChange c) {
      String schema = normal(c.getSchemaName());
      distributedSchemas.put(schema, false);
      for (Table t : tables.values()) {
        if (t.schema.equals(schema) && t.kind == Kind.SCHEMA) {
          t.kind = Kind.LOCAL;
          t.group = null;
        }
      }
    } else if (change instanceof CreateDistributedTableChange c) {
      Table t = distribute(cs, c.getSchemaName(), c.getTableName(), Kind.HASH);
      if (t != null) {
        String column = normal(c.getDistributionColumn());
        t.distributionColumn = column;
        if (!t.columns.isEmpty() && !t.columns.containsKey(column)) {
          report(
              cs,
              DISTRIBUTION_COLUMN_MISSING,
              t.key(),
              t.key() + " has no column " + column + " when createDistributedTable runs",
              null);
        } else {
          keyIncludesDistributionColumn(cs, t, t.primaryKey, "primary key");
          for (List<String> u : t.uniques) {
            keyIncludesDistributionColumn(cs, t, u, "unique constraint");
          }
        }
        t.group = "hash:" + t.key();
      }
    } else if (change instanceof CreateReferenceTableChange c) {
      distribute(cs, c.getSchemaName(), c.getTableName(), Kind.REFERENCE);
    } else if (change instanceof CreateSingleShardTableChange c) {
      Table t = distribute(cs, c.getSchemaName(), c.getTableName(), Kind.SINGLE_SHARD);
      if (t != null) {
        t.group = groupOf(c.getTenantId(), c.getColocateWithSchemaName(), c.getColocateWith(), t);
      }
    } else if (change instanceof ColocateWithTenantChange c) {
      String mode =
          c.getTransferMode() == null ? "auto" : c.getTransferMode().toLowerCase(Locale.ROOT);
      Table t = table(c.getSchemaName(), c.getTableName());
      String key = t == null ? key(c.getSchemaName(), c.getTableName()) : t.key();
      // A table distributed in this same changeset is re-created in the tenant's group by
      // citus_ext (no move); any other is moved, online unless block_writes.
      boolean moves = t == null || t.distributed != cs;
      if (!mode.equals("block_writes") && moves && changesInSet > 1) {
        report(
            cs,
            ONLINE_MOVE_NOT_ALONE,
            key,
            "colocateWithTenant of "
                + key
                + " (transfer mode "
                + mode
                + ") moves its shard online and shares its changeset with "
                + (changesInSet - 1)
                + " other change(s)",
            null);
      }
      noRollback(cs, ColocateWithTenantChange.NAME, key);
      if (t != null) {
        t.kind = Kind.SINGLE_SHARD;
        t.group = "tenant:" + c.getTenantId();
      }
    } else if (change instanceof IsolateTenantChange c) {
      String mode =
          c.getTransferMode() == null ? "auto" : c.getTransferMode().toLowerCase(Locale.ROOT);
      Table t = table(c.getSchemaName(), c.getTableName());
      String key = t == null ? key(c.getSchemaName(), c.getTableName()) : t.key();
      if (!mode.equals("block_writes") && changesInSet > 1) {
        report(
            cs,
            ONLINE_MOVE_NOT_ALONE,
            key,
            "isolateTenant of "
                + key
                + " (transfer mode "
                + mode
                + ") splits its shards online and shares its changeset with "
                + (changesInSet - 1)
                + " other change(s)",
            null);
      }
      noRollback(cs, IsolateTenantChange.NAME, key);
    } else if (change instanceof MoveTenantChange c) {
      String mode =
          c.getTransferMode() == null ? "auto" : c.getTransferMode().toLowerCase(Locale.ROOT);
      String what =
          c.getSchemaName() != null ? "schema " + c.getSchemaName() : "tenant " + c.getTenantId();
      if (!mode.equals("block_writes") && changesInSet > 1) {
        report(
            cs,
            ONLINE_MOVE_NOT_ALONE,
            null,
            "moveTenant of "
                + what
                + " (transfer mode "
                + mode
                + ") moves its shards online and shares its changeset with "
                + (changesInSet - 1)
                + " other change(s)",
            null);
      }
    } else if (change instanceof UndistributeTableChange c) {
      Table t = table(c.getSchemaName(), c.getTableName());
      noRollback(
          cs, "undistributeTable", t == null ? key(c.getSchemaName(), c.getTableName()) : t.key());
      if (t != null) {
        t.kind = Kind.LOCAL;
        t.group = null;
        t.distributionColumn = null;
      }
    } else if (change instanceof AlterDistributedTableChange c) {
      Table t = table(c.getSchemaName(), c.getTableName());
      noRollback(
          cs,
          "alterDistributedTable",
          t == null ? key(c.getSchemaName(), c.getTableName()) : t.key());
      if (t != null && c.getDistributionColumn() != null) {
        t.distributionColumn = normal(c.getDistributionColumn());
      }
    } else if (change instanceof AbstractSQLChange c) {
      rawSql(cs, sqlOf(c));
    }
  }

  private void addColumn(ChangeSet cs, Table t, ColumnConfig col) {
    ConstraintsConfig k = col.getConstraints();
    boolean pk = k != null && Boolean.TRUE.equals(k.isPrimaryKey());
    boolean nullable = !pk && (k == null || !Boolean.FALSE.equals(k.isNullable()));
    String name = normal(col.getName());
    t.columns.put(name, new Column(name, col.getType(), nullable));
    if (pk) {
      List<String> key = new ArrayList<>(t.primaryKey);
      key.add(name);
      t.primaryKey = key;
    }
    if (k != null && Boolean.TRUE.equals(k.isUnique())) {
      t.uniques.add(List.of(name));
    }
    if (k != null && (k.getReferencedTableName() != null || k.getReferences() != null)) {
      String to =
          k.getReferencedTableName() != null
              ? key(k.getReferencedTableSchemaName(), k.getReferencedTableName())
              : key(null, k.getReferences().replaceAll("\\(.*", "").trim());
      foreignKeys.add(new ForeignKey(t.key(), to, cs));
    }
  }

  private void distributeSchema(ChangeSet cs, String schema) {
    if (schema.equals("public")) {
      report(cs, PUBLIC_DISTRIBUTED, "public", "distributeSchema names the public schema", null);
      return;
    }
    distributedSchemas.put(schema, true);
    for (Table t : tables.values()) {
      if (!t.schema.equals(schema)) {
        continue;
      }
      if (t.kind != Kind.LOCAL && t.kind != Kind.SCHEMA) {
        report(
            cs,
            WRONG_KIND_IN_DISTRIBUTED_SCHEMA,
            t.key(),
            "schema "
                + schema
                + " is distributed while it holds "
                + t.key()
                + ", a "
                + describe(t.kind)
                + " table",
            null);
      } else {
        t.kind = Kind.SCHEMA;
        t.distributed = cs;
        t.group = "schema:" + schema;
      }
    }
  }

  private Table distribute(ChangeSet cs, String schemaName, String tableName, Kind kind) {
    Table t = table(schemaName, tableName);
    String key = t == null ? key(schemaName, tableName) : t.key();
    String schema = t == null ? schema(schemaName) : t.schema;
    if (isDistributedSchema(schema)) {
      report(
          cs,
          WRONG_KIND_IN_DISTRIBUTED_SCHEMA,
          key,
          key
              + " is in distributed schema "
              + schema
              + " and cannot become a "
              + describe(kind)
              + " table",
          null);
      return null;
    }
    if (t == null) {
      // Created by raw SQL or outside the changelog: known from here on, columns unknown.
      t = new Table(schema, normal(tableName));
      t.created = cs;
      tables.put(t.key(), t);
    }
    t.kind = kind;
    t.distributed = cs;
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

  private void keyIncludesDistributionColumn(ChangeSet cs, Table t, List<String> key, String what) {
    if (t.kind != Kind.HASH || t.distributionColumn == null || key.isEmpty()) {
      return;
    }
    if (!key.contains(t.distributionColumn)) {
      report(
          cs,
          KEY_WITHOUT_DISTRIBUTION_COLUMN,
          t.key(),
          "the "
              + what
              + " ("
              + String.join(", ", key)
              + ") of "
              + t.key()
              + " leaves out its distribution column "
              + t.distributionColumn,
          null);
    }
  }

  private void noRollback(ChangeSet cs, String change, String table) {
    if (cs.getRollback() == null || cs.getRollback().getChanges().isEmpty()) {
      report(
          cs,
          NO_ROLLBACK,
          table,
          change + " of " + table + " has no rollback, and the changeset gives none",
          null);
    }
  }

  private void rawSql(ChangeSet cs, String sql) {
    if (sql == null) {
      return;
    }
    Matcher call = CITUS_CALL.matcher(sql);
    while (call.find()) {
      String function = call.group(2).toLowerCase(Locale.ROOT);
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
            case "citus_schema_move", "move_tenant", "move_schema" -> "moveTenant";
            default -> "colocateWithTenant";
          };
      report(
          cs,
          RAW_SQL_HAS_CHANGE_TYPE,
          null,
          "raw SQL calls " + function + "(), which the change type citus:" + type + " does",
          null);
    }
    Matcher schema = RAW_SCHEMA_DISTRIBUTE.matcher(sql);
    while (schema.find()) {
      distributeSchema(cs, normal(schema.group(1)));
    }
    Matcher hash = RAW_DISTRIBUTE.matcher(sql);
    while (hash.find()) {
      String[] parts = qualified(hash.group(1));
      boolean singleShard = hash.group(3) == null;
      Table t = distribute(cs, parts[0], parts[1], singleShard ? Kind.SINGLE_SHARD : Kind.HASH);
      if (t != null) {
        t.distributionColumn = singleShard ? null : normal(hash.group(3));
        // Citus puts single-shard tables created without colocate_with into one shared group.
        t.group = singleShard ? "default single-shard group" : "hash:" + t.key();
      }
    }
    Matcher reference = RAW_REFERENCE.matcher(sql);
    while (reference.find()) {
      String[] parts = qualified(reference.group(1));
      distribute(cs, parts[0], parts[1], Kind.REFERENCE);
    }
    for (String statement : sql.split(";")) {
      Matcher inherits = RAW_INHERITS.matcher(statement);
      if (inherits.find()) {
        String[] parts = qualified(inherits.group(2));
        String s = parts[0] == null ? defaultSchema : normal(parts[0]);
        if (isDistributedSchema(s)) {
          report(
              cs,
              INHERITANCE_IN_DISTRIBUTED_SCHEMA,
              s + "." + normal(parts[1]),
              "CREATE TABLE ... INHERITS in distributed schema " + s,
              null);
        }
      }
      Matcher setSchema = RAW_SET_SCHEMA.matcher(statement);
      if (setSchema.find()) {
        moveToSchema(cs, setSchema.group(2), normal(setSchema.group(3)));
      }
      Matcher identity = RAW_REPLICA_IDENTITY.matcher(statement);
      if (identity.find()) {
        String[] parts = qualified(identity.group(3));
        Table t = table(parts[0], parts[1]);
        if (t != null) {
          t.replicaIdentity = true;
        }
      }
    }
  }

  /** ALTER TABLE ... SET SCHEMA: into a distributed schema, Citus makes it a schema table. */
  private void moveToSchema(ChangeSet cs, String name, String schema) {
    String[] parts = qualified(name);
    Table t = table(parts[0], parts[1]);
    if (t == null) {
      return;
    }
    String old = t.key();
    if (isDistributedSchema(schema) && t.kind != Kind.LOCAL && t.kind != Kind.SCHEMA) {
      report(
          cs,
          WRONG_KIND_IN_DISTRIBUTED_SCHEMA,
          old,
          old + ", a " + describe(t.kind) + " table, is moved into distributed schema " + schema,
          null);
      return;
    }
    tables.remove(old);
    t.schema = schema;
    tables.put(t.key(), t);
    if (isDistributedSchema(schema)) {
      t.kind = Kind.SCHEMA;
      t.distributed = cs;
      t.group = "schema:" + schema;
    } else if (t.kind == Kind.SCHEMA) {
      t.kind = Kind.LOCAL;
      t.group = null;
    }
    rekeyed(old, t);
  }

  /** The table was known as {@code old}: its foreign keys follow it. */
  private void rekeyed(String old, Table t) {
    foreignKeys.replaceAll(
        fk ->
            new ForeignKey(
                fk.from().equals(old) ? t.key() : fk.from(),
                fk.to().equals(old) ? t.key() : fk.to(),
                fk.at()));
  }

  private static String sqlOf(AbstractSQLChange c) {
    try {
      return c.getSql();
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---- rules on the model at the end ----

  void finish() {
    for (ForeignKey fk : foreignKeys) {
      Table from = tables.get(fk.from());
      Table to = tables.get(fk.to());
      if (from == null || to == null) {
        continue;
      }
      ChangeSet at = latest(fk.at(), from.distributed, to.distributed);
      if (from.kind == Kind.SCHEMA || to.kind == Kind.SCHEMA) {
        boolean sameSchema =
            from.kind == Kind.SCHEMA && to.kind == Kind.SCHEMA && from.schema.equals(to.schema);
        boolean toReference = from.kind == Kind.SCHEMA && to.kind == Kind.REFERENCE;
        if (!sameSchema && !toReference) {
          report(
              at,
              FK_ACROSS_SCHEMAS,
              from.key(),
              "foreign key from "
                  + from.key()
                  + " ("
                  + describe(from.kind)
                  + ") to "
                  + to.key()
                  + " ("
                  + describe(to.kind)
                  + ")",
              null);
        }
      } else if (from.kind == Kind.SINGLE_SHARD
          && to.kind == Kind.SINGLE_SHARD
          && !from.group.equals(to.group)) {
        report(
            at,
            FK_ACROSS_TENANTS,
            from.key(),
            "foreign key from "
                + from.key()
                + " ("
                + from.group.replace(':', ' ')
                + ") to "
                + to.key()
                + " ("
                + to.group.replace(':', ' ')
                + ")",
            null);
      }
    }
    for (Table t : tables.values()) {
      if (t.kind == Kind.LOCAL || t.kind == Kind.REFERENCE) {
        continue;
      }
      ChangeSet at = t.distributed != null ? t.distributed : t.created;
      if (t.kind == Kind.HASH && t.distributionColumn != null) {
        Column col = t.columns.get(t.distributionColumn);
        if (col != null && col.nullable && !t.primaryKey.contains(col.name)) {
          report(
              at,
              DISTRIBUTION_COLUMN_NULLABLE,
              t.key(),
              "distribution column " + col.name + " of " + t.key() + " is nullable",
              null);
        }
      }
      if (t.columns.isEmpty()) {
        continue; // created outside the model: keys unknown
      }
      if (t.primaryKey.isEmpty() && !t.replicaIdentity) {
        report(
            at,
            NO_PRIMARY_KEY,
            t.key(),
            t.key() + " is distributed (" + describe(t.kind) + ") and has no primary key",
            null);
      } else {
        for (String k : t.primaryKey) {
          Column col = t.columns.get(k);
          if (col != null && INTEGER_TYPES.contains(col.type)) {
            report(
                at,
                INTEGER_KEY,
                t.key(),
                "key column " + k + " of " + t.key() + " is " + col.type,
                null);
          }
        }
      }
    }
  }

  // ---- helpers ----

  private void report(ChangeSet cs, Rule rule, String object, String message, String fix) {
    Location at = locate.apply(cs);
    Location withObject = new Location(at.file(), at.line(), at.changeSet(), object);
    findings.add(fix == null ? rule.at(withObject, message) : rule.at(withObject, message, fix));
  }

  /** The changeset that comes last in the changelog: where Citus would refuse. */
  private ChangeSet latest(ChangeSet... sets) {
    ChangeSet last = null;
    for (ChangeSet s : sets) {
      if (s != null && (last == null || order.getOrDefault(s, 0) > order.getOrDefault(last, 0))) {
        last = s;
      }
    }
    return last;
  }

  private boolean isDistributedSchema(String schema) {
    return Boolean.TRUE.equals(distributedSchemas.get(schema));
  }

  private void notNull(Table t, String column) {
    Column c = t.columns.get(column);
    if (c != null) {
      c.nullable = false;
    }
  }

  private Table table(String schema, String name) {
    return tables.get(key(schema, name));
  }

  private String key(String schema, String name) {
    if (schema == null && name != null && name.contains(".")) {
      String[] parts = qualified(name);
      return schema(parts[0]) + "." + normal(parts[1]);
    }
    return schema(schema) + "." + normal(name);
  }

  private String schema(String schema) {
    return schema == null || schema.isBlank() ? defaultSchema : normal(schema);
  }

  /** {@code schema.table} or {@code table} (quotes dropped) as {schema or null, table}. */
  private static String[] qualified(String name) {
    String n = name.trim();
    int dot = n.lastIndexOf('.');
    return dot < 0
        ? new String[] {null, n}
        : new String[] {n.substring(0, dot), n.substring(dot + 1)};
  }

  private static List<String> names(String commaSeparated) {
    return commaSeparated == null
        ? List.of()
        : Arrays.stream(commaSeparated.split(",")).map(ChangeLogModel::normal).toList();
  }

  /** As PostgreSQL folds it: quoted names kept, others lower-cased. */
  static String normal(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim();
    if (n.length() > 1 && n.startsWith("\"") && n.endsWith("\"")) {
      return n.substring(1, n.length() - 1).replace("\"\"", "\"");
    }
    return n.toLowerCase(Locale.ROOT);
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case LOCAL -> "local";
      case HASH -> "hash-distributed";
      case REFERENCE -> "reference";
      case SINGLE_SHARD -> "single-shard";
      case SCHEMA -> "distributed-schema";
    };
  }
}
