package io.github.liquibasecitus.check.model;

import static io.github.liquibasecitus.check.model.MigrationRules.*;

import io.github.liquibasecitus.check.model.SchemaModel.Column;
import io.github.liquibasecitus.check.model.SchemaModel.ForeignKey;
import io.github.liquibasecitus.check.model.SchemaModel.Kind;
import io.github.liquibasecitus.check.model.SchemaModel.Table;
import java.util.Set;

/**
 * The rules checked on what the whole migration built: foreign keys against where their tables
 * ended up, and the keys of distributed tables. A finding is placed where Citus would refuse: the
 * later of the foreign key and the distribution of its tables.
 */
final class EndOfWalkRules {
  private static final Set<String> INTEGER_TYPES =
      Set.of("int", "integer", "int4", "serial", "serial4", "smallint", "int2", "smallserial");

  /** Column types whose sequence defaults Citus cannot draw on workers. */
  private static final Set<String> SMALL_INTEGER_TYPES =
      Set.of(
          "int",
          "integer",
          "int4",
          "serial",
          "serial4",
          "smallint",
          "int2",
          "smallserial",
          "serial2");

  private EndOfWalkRules() {}

  static void check(SchemaModel model) {
    for (ForeignKey fk : model.foreignKeys) {
      Table from = model.tables.get(fk.from());
      Table to = model.tables.get(fk.to());
      if (from != null && to != null) {
        foreignKey(model, fk, from, to);
      }
    }
    for (Table t : model.tables.values()) {
      if (t.kind != Kind.LOCAL) {
        sequenceDefaults(model, t);
      }
      if (t.kind != Kind.LOCAL && t.kind != Kind.REFERENCE) {
        keys(model, t);
      }
    }
  }

  private static void foreignKey(SchemaModel model, ForeignKey fk, Table from, Table to) {
    At at = model.latest(fk.at(), from.distributed, to.distributed);
    if (from.kind == Kind.SCHEMA || to.kind == Kind.SCHEMA) {
      boolean sameSchema =
          from.kind == Kind.SCHEMA && to.kind == Kind.SCHEMA && from.schema.equals(to.schema);
      boolean toReference = from.kind == Kind.SCHEMA && to.kind == Kind.REFERENCE;
      if (!sameSchema && !toReference) {
        model.report(
            at,
            FK_ACROSS_SCHEMAS,
            from.key(),
            between(from, to, from.kind.describe(), to.kind.describe()));
      }
    } else if ((from.kind == Kind.REFERENCE || from.kind == Kind.LOCAL)
        && (to.kind == Kind.HASH || to.kind == Kind.SINGLE_SHARD)
        && model.latest(fk.at(), to.distributed) == fk.at()) {
      model.report(
          fk.at(),
          FK_TO_DISTRIBUTED,
          from.key(),
          between(from, to, from.kind.describe(), to.kind.describe()));
    } else if (from.kind == Kind.SINGLE_SHARD
        && to.kind == Kind.SINGLE_SHARD
        && !from.group.equals(to.group)) {
      model.report(
          at,
          FK_ACROSS_TENANTS,
          from.key(),
          between(from, to, from.group.replace(':', ' '), to.group.replace(':', ' ')));
    }
  }

  /** {@code foreign key from a.b (what a.b is) to c.d (what c.d is)}. */
  private static String between(Table from, Table to, String fromIs, String toIs) {
    return "foreign key from "
        + from.key()
        + " ("
        + fromIs
        + ") to "
        + to.key()
        + " ("
        + toIs
        + ")";
  }

  /** int and smallint columns with a sequence default: writes through a worker are refused. */
  private static void sequenceDefaults(SchemaModel model, Table t) {
    for (Column col : t.columns.values()) {
      if (col.sequenceDefault && SMALL_INTEGER_TYPES.contains(col.type)) {
        model.report(
            model.latest(col.sequenceAt, t.distributed),
            SMALL_SEQUENCE_DEFAULT,
            t.key(),
            "column "
                + col.name
                + " of "
                + t.key()
                + " ("
                + t.kind.describe()
                + ") is "
                + col.type
                + " with a sequence default");
      }
    }
  }

  private static void keys(SchemaModel model, Table t) {
    At at = t.distributed != null ? t.distributed : t.created;
    if (t.kind == Kind.HASH && t.distributionColumn != null) {
      Column col = t.columns.get(t.distributionColumn);
      if (col != null && col.nullable && !t.primaryKey.contains(col.name)) {
        model.report(
            at,
            DISTRIBUTION_COLUMN_NULLABLE,
            t.key(),
            "distribution column " + col.name + " of " + t.key() + " is nullable");
      }
    }
    if (!t.columnsKnown) {
      return; // not all its columns were read: keys unknown
    }
    if (t.primaryKey.isEmpty() && !t.replicaIdentity && !t.keyByIndex) {
      model.report(
          at,
          NO_PRIMARY_KEY,
          t.key(),
          t.key() + " is distributed (" + t.kind.describe() + ") and has no primary key");
    } else {
      for (String k : t.primaryKey) {
        Column col = t.columns.get(k);
        if (col != null && INTEGER_TYPES.contains(col.type)) {
          model.report(
              at, INTEGER_KEY, t.key(), "key column " + k + " of " + t.key() + " is " + col.type);
        }
      }
    }
  }
}
