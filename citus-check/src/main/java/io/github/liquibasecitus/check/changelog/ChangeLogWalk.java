package io.github.liquibasecitus.check.changelog;

import static io.github.liquibasecitus.check.model.MigrationRules.NO_ROLLBACK;
import static io.github.liquibasecitus.check.model.MigrationRules.ONLINE_MOVE_NOT_ALONE;

import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.model.At;
import io.github.liquibasecitus.check.model.MigrationRules;
import io.github.liquibasecitus.check.model.SchemaModel;
import io.github.liquibasecitus.check.model.SchemaModel.ColumnDef;
import io.github.liquibasecitus.check.model.Step;
import io.github.liquibasecitus.check.sql.SqlReader;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
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
import liquibase.change.core.RenameColumnChange;
import liquibase.change.core.RenameTableChange;
import liquibase.change.core.SQLFileChange;
import liquibase.changelog.ChangeSet;

/**
 * A changelog walked into the {@link SchemaModel}: one handler per kind of change, each telling the
 * model what the change builds; SQL ({@code <sql>}, {@code sqlFile}, formatted SQL changelogs) goes
 * through the {@link SqlReader}. The rules about the product's own move and distribution changes
 * (CITUS011, CITUS012), which need the changeset, are checked here.
 */
final class ChangeLogWalk {
  /** What a handler sees: the changeset as a step, the model, and the change's place. */
  record Context(ChangeSet changeSet, Step step, SchemaModel model, SqlSource sql) {
    At at() {
      return At.of(step);
    }
  }

  /** Where a changeset's SQL is: its steps and lines, for findings at the statement. */
  interface SqlSource {
    void read(Context context, AbstractSQLChange change);

    /**
     * A change no handler knows, read as the SQL Liquibase generates for it on PostgreSQL
     * (modifyDataType, createIndex, dropColumn, ...); data changes are not read.
     */
    void generated(Context context, Change change);
  }

  private interface Handler<C extends Change> {
    void apply(Context context, C change);
  }

  private static final Map<Class<? extends Change>, Handler<? extends Change>> HANDLERS =
      new LinkedHashMap<>();

  private static <C extends Change> void on(Class<C> kind, Handler<C> handler) {
    HANDLERS.put(kind, handler);
  }

  static {
    on(
        CreateTableChange.class,
        (x, c) ->
            x.model()
                .createTable(
                    x.at(),
                    c.getSchemaName(),
                    c.getTableName(),
                    columns(c.getTableName(), c.getColumns())));
    on(
        AddColumnChange.class,
        (x, c) ->
            x.model()
                .addColumns(
                    x.at(),
                    c.getSchemaName(),
                    c.getTableName(),
                    columns(c.getTableName(), List.copyOf(c.getColumns()))));
    on(
        AddPrimaryKeyChange.class,
        (x, c) ->
            x.model()
                .addPrimaryKey(
                    x.at(), c.getSchemaName(), c.getTableName(), names(c.getColumnNames())));
    on(
        AddUniqueConstraintChange.class,
        (x, c) ->
            x.model()
                .addUnique(
                    x.at(),
                    c.getSchemaName(),
                    c.getTableName(),
                    names(c.getColumnNames()),
                    "unique constraint"));
    on(
        AddNotNullConstraintChange.class,
        (x, c) -> {
          if (!x.model().hasNotNullCheck(c.getSchemaName(), c.getTableName(), c.getColumnName())) {
            x.model()
                .reportOnExisting(
                    x.at(),
                    MigrationRules.SET_NOT_NULL_SCANS,
                    c.getSchemaName(),
                    c.getTableName(),
                    "addNotNullConstraint of {table}." + c.getColumnName());
          }
          x.model().setNotNull(c.getSchemaName(), c.getTableName(), c.getColumnName());
        });
    on(
        DropNotNullConstraintChange.class,
        (x, c) -> x.model().dropNotNull(c.getSchemaName(), c.getTableName(), c.getColumnName()));
    on(
        AddForeignKeyConstraintChange.class,
        (x, c) -> {
          if (!Boolean.FALSE.equals(c.getValidate())) {
            x.model()
                .reportOnExisting(
                    x.at(),
                    MigrationRules.CONSTRAINT_VALIDATED_UNDER_LOCK,
                    c.getBaseTableSchemaName(),
                    c.getBaseTableName(),
                    "addForeignKeyConstraint to {table} without validate=\"false\"");
          }
          x.model()
              .addForeignKey(
                  x.at(),
                  c.getBaseTableSchemaName(),
                  c.getBaseTableName(),
                  c.getReferencedTableSchemaName(),
                  c.getReferencedTableName(),
                  c.getConstraintName());
        });
    on(
        liquibase.change.core.DropForeignKeyConstraintChange.class,
        (x, c) ->
            x.model()
                .dropConstraint(
                    c.getBaseTableSchemaName(), c.getBaseTableName(), c.getConstraintName()));
    on(DropTableChange.class, (x, c) -> x.model().dropTable(c.getSchemaName(), c.getTableName()));
    on(
        RenameTableChange.class,
        (x, c) -> {
          x.model()
              .reportOnExisting(
                  x.at(),
                  MigrationRules.RENAMED_IN_USE,
                  c.getSchemaName(),
                  c.getOldTableName(),
                  "renameTable {table} to " + c.getNewTableName());
          x.model().renameTable(c.getSchemaName(), c.getOldTableName(), c.getNewTableName());
        });
    on(
        RenameColumnChange.class,
        (x, c) -> {
          x.model()
              .reportOnExisting(
                  x.at(),
                  MigrationRules.RENAMED_IN_USE,
                  c.getSchemaName(),
                  c.getTableName(),
                  "renameColumn "
                      + c.getOldColumnName()
                      + " to "
                      + c.getNewColumnName()
                      + " of {table}");
          x.model()
              .renameColumn(
                  c.getSchemaName(), c.getTableName(), c.getOldColumnName(), c.getNewColumnName());
        });
    on(
        DistributeSchemaChange.class,
        (x, c) -> x.model().distributeSchema(x.at(), c.getSchemaName()));
    on(UndistributeSchemaChange.class, (x, c) -> x.model().undistributeSchema(c.getSchemaName()));
    on(
        CreateDistributedTableChange.class,
        (x, c) ->
            x.model()
                .distributeHash(
                    x.at(), c.getSchemaName(), c.getTableName(), c.getDistributionColumn()));
    on(
        CreateReferenceTableChange.class,
        (x, c) -> x.model().distributeReference(x.at(), c.getSchemaName(), c.getTableName()));
    on(
        CreateSingleShardTableChange.class,
        (x, c) ->
            x.model()
                .distributeSingleShard(
                    x.at(),
                    c.getSchemaName(),
                    c.getTableName(),
                    c.getTenantId(),
                    c.getColocateWithSchemaName(),
                    c.getColocateWith()));
    on(
        liquibase.change.custom.CustomChangeWrapper.class,
        (x, c) ->
            x.model()
                .report(
                    x.at(),
                    io.github.liquibasecitus.check.model.MigrationRules.NOT_READ,
                    null,
                    "customChange "
                        + c.getClassName()
                        + " is not checked: the check reads changes and SQL, not Java"));
    on(ColocateWithTenantChange.class, ChangeLogWalk::colocateWithTenant);
    on(IsolateTenantChange.class, ChangeLogWalk::isolateTenant);
    on(MoveTenantChange.class, ChangeLogWalk::moveTenant);
    on(
        UndistributeTableChange.class,
        (x, c) -> {
          noRollback(x, "undistributeTable", x.model().key(c.getSchemaName(), c.getTableName()));
          x.model().undistributeTable(c.getSchemaName(), c.getTableName());
        });
    on(
        AlterDistributedTableChange.class,
        (x, c) -> {
          noRollback(
              x, "alterDistributedTable", x.model().key(c.getSchemaName(), c.getTableName()));
          x.model().redistribute(c.getSchemaName(), c.getTableName(), c.getDistributionColumn());
        });
  }

  private final SchemaModel model;
  private final Function<ChangeSet, Location> locate;
  private final SqlSource sql;

  ChangeLogWalk(SchemaModel model, Function<ChangeSet, Location> locate, SqlSource sql) {
    this.model = model;
    this.locate = locate;
    this.sql = sql;
  }

  void apply(ChangeSet cs) {
    List<Change> changes = cs.getChanges();
    Step step = new Step(locate.apply(cs), changes.size(), cs.isRunInTransaction());
    model.begin(step);
    Context context = new Context(cs, step, model, sql);
    for (Change change : changes) {
      apply(context, change);
    }
  }

  @SuppressWarnings("unchecked")
  private static void apply(Context context, Change change) {
    if (change instanceof AbstractSQLChange c) {
      context.sql().read(context, c);
      return;
    }
    String[] locked = LOCKING.get(change.getClass());
    if (locked != null) {
      lockTaken(context, change, locked);
    }
    for (Map.Entry<Class<? extends Change>, Handler<? extends Change>> e : HANDLERS.entrySet()) {
      if (e.getKey().isInstance(change)) {
        ((Handler<Change>) e.getValue()).apply(context, change);
        return;
      }
    }
    context.sql().generated(context, change);
  }

  /**
   * Liquibase's changes that ALTER an existing table, with the properties that name it: {schema,
   * table}. (Those read as generated SQL take the SQL reader's path.)
   */
  private static final Map<Class<? extends Change>, String[]> LOCKING =
      Map.of(
          AddColumnChange.class, new String[] {"schemaName", "tableName"},
          AddNotNullConstraintChange.class, new String[] {"schemaName", "tableName"},
          AddPrimaryKeyChange.class, new String[] {"schemaName", "tableName"},
          AddUniqueConstraintChange.class, new String[] {"schemaName", "tableName"},
          AddForeignKeyConstraintChange.class,
              new String[] {"baseTableSchemaName", "baseTableName"},
          RenameColumnChange.class, new String[] {"schemaName", "tableName"},
          RenameTableChange.class, new String[] {"schemaName", "oldTableName"});

  private static void lockTaken(Context x, Change change, String[] names) {
    liquibase.change.ChangeMetaData meta =
        liquibase.Scope.getCurrentScope()
            .getSingleton(liquibase.change.ChangeFactory.class)
            .getChangeMetaData(change);
    Object schema = meta.getParameters().get(names[0]).getCurrentValue(change);
    Object table = meta.getParameters().get(names[1]).getCurrentValue(change);
    if (table != null) {
      x.model()
          .takesLock(
              x.at(), schema == null ? null : schema.toString(), table.toString(), meta.getName());
    }
  }

  // ---- the product's move and distribution changes ----

  private static void colocateWithTenant(Context x, ColocateWithTenantChange c) {
    SchemaModel.Table t = x.model().table(c.getSchemaName(), c.getTableName());
    String key = x.model().key(c.getSchemaName(), c.getTableName());
    // A table distributed in this same changeset is re-created in the tenant's group by
    // citus_ext (no move); any other is moved, online unless block_writes.
    boolean moves = t == null || !t.distributedAt(x.step());
    if (moves) {
      onlineMoveAlone(
          x, c.getTransferMode(), "colocateWithTenant of " + key, "moves its shard", key);
    }
    noRollback(x, ColocateWithTenantChange.NAME, key);
    x.model().colocateWithTenant(c.getSchemaName(), c.getTableName(), c.getTenantId());
  }

  private static void isolateTenant(Context x, IsolateTenantChange c) {
    String key = x.model().key(c.getSchemaName(), c.getTableName());
    onlineMoveAlone(x, c.getTransferMode(), "isolateTenant of " + key, "splits its shards", key);
    noRollback(x, IsolateTenantChange.NAME, key);
  }

  private static void moveTenant(Context x, MoveTenantChange c) {
    String what =
        c.getSchemaName() != null ? "schema " + c.getSchemaName() : "tenant " + c.getTenantId();
    onlineMoveAlone(x, c.getTransferMode(), "moveTenant of " + what, "moves its shards", null);
    if (c.getSchemaName() != null) {
      x.model().requires(x.at(), "12.1", "moveTenant of " + what + " (citus_schema_move)", null);
    }
  }

  private static void onlineMoveAlone(
      Context x, String transferMode, String what, String does, String object) {
    String mode = transferMode == null ? "auto" : transferMode.toLowerCase(Locale.ROOT);
    int others = x.step().changes() - 1;
    if (!mode.equals("block_writes") && others > 0) {
      x.model()
          .report(
              x.at(),
              ONLINE_MOVE_NOT_ALONE,
              object,
              what
                  + " (transfer mode "
                  + mode
                  + ") "
                  + does
                  + " online and shares its changeset with "
                  + others
                  + " other change(s)");
    }
  }

  private static void noRollback(Context x, String change, String table) {
    ChangeSet cs = x.changeSet();
    if (cs.getRollback() == null || cs.getRollback().getChanges().isEmpty()) {
      x.model()
          .report(
              x.at(),
              NO_ROLLBACK,
              table,
              change + " of " + table + " has no rollback, and the changeset gives none");
    }
  }

  // ---- helpers ----

  private static List<ColumnDef> columns(String table, List<ColumnConfig> columns) {
    return columns.stream().map(c -> column(table, c)).toList();
  }

  private static ColumnDef column(String table, ColumnConfig col) {
    ConstraintsConfig k = col.getConstraints();
    boolean pk = k != null && Boolean.TRUE.equals(k.isPrimaryKey());
    boolean notNull = k != null && Boolean.FALSE.equals(k.isNullable());
    boolean unique = k != null && Boolean.TRUE.equals(k.isUnique());
    String references = null;
    if (k != null && k.getReferencedTableName() != null) {
      references =
          k.getReferencedTableSchemaName() == null
              ? k.getReferencedTableName()
              : k.getReferencedTableSchemaName() + "." + k.getReferencedTableName();
    } else if (k != null && k.getReferences() != null) {
      references = k.getReferences().replaceAll("\\(.*", "").trim();
    }
    return new ColumnDef(
        col.getName(), col.getType(), notNull, pk, unique, references, sequence(table, col));
  }

  /** The sequence a column's default draws from: a serial's own, or the one named. */
  private static String sequence(String table, ColumnConfig col) {
    String type = col.getType() == null ? "" : col.getType().toLowerCase(Locale.ROOT).trim();
    if (type.endsWith("serial") || type.matches("serial[248]")) {
      return table + "_" + col.getName() + "_seq";
    }
    if (col.getDefaultValueSequenceNext() != null) {
      return col.getDefaultValueSequenceNext().getValue();
    }
    if (col.getDefaultValueComputed() != null) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(?i)nextval\\s*\\(\\s*'([^']+)'")
              .matcher(col.getDefaultValueComputed().getValue());
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  private static List<String> names(String commaSeparated) {
    return commaSeparated == null
        ? List.of()
        : Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
  }

  /** The SQL of a change, or null when it cannot be read (a missing sqlFile). */
  static String sqlOf(AbstractSQLChange c) {
    try {
      return c.getSql();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether it is a {@code sqlFile} change (its SQL has a file of its own). */
  static boolean isFile(AbstractSQLChange c) {
    return c instanceof SQLFileChange;
  }
}
