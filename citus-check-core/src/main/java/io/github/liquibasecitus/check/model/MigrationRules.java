package io.github.liquibasecitus.check.model;

import io.github.liquibasecitus.check.Rule;
import io.github.liquibasecitus.check.Severity;
import java.util.List;

/**
 * The offline rules of citus:check: what a migration (a Liquibase changelog, Flyway SQL migrations)
 * builds and runs, read before any database. Each rule that says Citus refuses something is proven
 * on a real cluster by CheckIT with Citus' own message.
 */
public final class MigrationRules {
  private MigrationRules() {}

  public static final Rule FK_ACROSS_SCHEMAS =
      new Rule(
          "CITUS001",
          Severity.ERROR,
          "Foreign key leaves its distributed schema",
          "A table of a distributed schema may reference only tables of its own schema and reference"
              + " tables; a table outside the schema may not reference it. Citus refuses the"
              + " foreign key (when it is created, or when the schema is distributed).",
          "Keep each service's foreign keys inside its schema; shared data goes into a reference"
              + " table (createReferenceTable) outside the distributed schemas.");
  public static final Rule FK_ACROSS_TENANTS =
      new Rule(
              "CITUS002",
              Severity.ERROR,
              "Foreign key between single-shard tables of different tenants",
              "Single-shard tables of different colocation groups (different tenants) may live on"
                  + " different nodes; Citus refuses a foreign key between them.",
              "Give both tables the same tenantId (or colocateWith), or drop the foreign key.")
          .since("12.0");
  public static final Rule KEY_WITHOUT_DISTRIBUTION_COLUMN =
      new Rule(
          "CITUS003",
          Severity.ERROR,
          "Primary key, unique constraint or unique index without the distribution column",
          "Citus enforces uniqueness per shard, so a primary key, unique constraint or unique"
              + " index of a hash-distributed table must include its distribution column; Citus"
              + " refuses it otherwise (\"cannot create constraint\", \"creating unique indexes on"
              + " non-partition columns is currently unsupported\").",
          "Add the distribution column to the key, or distribute by a column of the key.");
  public static final Rule DISTRIBUTION_COLUMN_MISSING =
      new Rule(
          "CITUS004",
          Severity.ERROR,
          "Distribution column does not exist",
          "createDistributedTable names a column the table does not have when it runs; Citus"
              + " refuses it.",
          "Name an existing column, or add the column in an earlier change.");
  public static final Rule DISTRIBUTION_COLUMN_NULLABLE =
      new Rule(
          "CITUS005",
          Severity.WARNING,
          "Distribution column is nullable",
          "Citus routes rows by the distribution column and refuses a row whose value is NULL: the"
              + " insert fails at run time, not at deployment.",
          "Declare the distribution column NOT NULL (or make it part of the primary key).");
  public static final Rule PUBLIC_DISTRIBUTED =
      new Rule(
              "CITUS006",
              Severity.ERROR,
              "The public schema distributed",
              "Citus does not distribute the public schema.",
              "Create a schema of the service's own and distribute that.")
          .since("12.0");
  public static final Rule WRONG_KIND_IN_DISTRIBUTED_SCHEMA =
      new Rule(
              "CITUS007",
              Severity.ERROR,
              "Reference, hash or single-shard table in a distributed schema",
              "Every table of a distributed schema is a single-shard table of the schema's group;"
                  + " Citus refuses to make one a reference, hash-distributed or other single-shard"
                  + " table, and to distribute a schema that already holds such tables.",
              "Create reference and hash-distributed tables outside the distributed schemas.")
          .since("12.0");
  public static final Rule INHERITANCE_IN_DISTRIBUTED_SCHEMA =
      new Rule(
              "CITUS008",
              Severity.ERROR,
              "Table inheritance in a distributed schema",
              "Citus refuses inheritance (INHERITS) in a distributed schema.",
              "Use declarative partitioning (PARTITION BY) instead of INHERITS.")
          .since("12.0");
  public static final Rule INTEGER_KEY =
      new Rule(
          "CITUS009",
          Severity.WARNING,
          "integer or serial key of a distributed table",
          "A distributed table grows with the cluster; a 32-bit key runs out at 2.1 billion rows"
              + " and widening it later rewrites every shard.",
          "Use bigint (or bigserial / an identity of bigint) for the key.");
  public static final Rule NO_PRIMARY_KEY =
      new Rule(
          "CITUS010",
          Severity.WARNING,
          "Distributed table without a primary key",
          "Without a primary key (or a replica identity) Citus cannot move the table's shards"
              + " online: rebalancing and draining must block writes, or fail with transfer mode"
              + " auto.",
          "Give the table a primary key, or ALTER TABLE ... REPLICA IDENTITY FULL.");
  public static final Rule ONLINE_MOVE_NOT_ALONE =
      new Rule(
          "CITUS011",
          Severity.ERROR,
          "Online shard move not alone in its changeset",
          "moveTenant, isolateTenant, and colocateWithTenant of a table distributed in an earlier"
              + " changeset, move shards; with transfer mode auto or force_logical the move is online, which"
              + " Citus does"
              + " only in a transaction that did nothing else, so it is refused when other changes"
              + " share its changeset. (A table distributed in the same changeset is re-created"
              + " in the tenant's group instead: no move, no finding.)",
          "Put the move in a changeset of its own, or use transferMode=\"block_writes\".");
  public static final Rule NO_ROLLBACK =
      new Rule(
          "CITUS012",
          Severity.WARNING,
          "Distribution change without a rollback",
          "colocateWithTenant, isolateTenant, undistributeTable and alterDistributedTable have"
              + " no automatic"
              + " rollback; without a <rollback> block, rolling back this changeset fails.",
          "Add a <rollback> with the inverse change (e.g. colocateWithTenant with the former"
              + " tenant), or an empty <rollback/> to say that none is wanted.");
  public static final Rule RAW_SQL_HAS_CHANGE_TYPE =
      new Rule(
          "CITUS013",
          Severity.INFO,
          "Raw SQL calls Citus where a change type exists",
          "A change type validates its input, quotes names, has a rollback and shows in the"
              + " changelog's model (and in these checks); raw SQL has none of that.",
          "Use the change type named in the message.");

  public static final Rule NOT_READ =
      new Rule(
          "CITUS014",
          Severity.INFO,
          "SQL statement not read",
          "The check reads SQL with its own reader of the DDL that the rules need and JSqlParser for"
              + " the rest; a statement neither reads is not seen by the offline rules.",
          "Check it in apply mode (-Dcitus.check.apply=true); if it is fine, silence the finding"
              + " with citus-check:ignore CITUS014.");
  public static final Rule TRIGGER_ON_DISTRIBUTED_TABLE =
      new Rule(
          "CITUS015",
          Severity.ERROR,
          "Trigger on a distributed table",
          "Citus refuses CREATE TRIGGER on a distributed table, including every table of a"
              + " distributed schema: \"triggers are not supported on distributed tables\" (unless"
              + " citus.enable_unsafe_triggers is on, which runs the trigger on each shard, where it"
              + " sees only that shard).",
          "Do the trigger's work in the application, or in a reference or local table's trigger;"
              + " or set citus.enable_unsafe_triggers for a trigger that touches only its own row.");
  public static final Rule CONCURRENTLY_IN_TRANSACTION =
      new Rule(
          "CITUS016",
          Severity.ERROR,
          "CONCURRENTLY inside a transaction",
          "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY"
              + " cannot run inside a transaction block; PostgreSQL refuses them when the changeset"
              + " or migration runs in one (Liquibase's runInTransaction, Flyway's"
              + " executeInTransaction).",
          "Put the statement in a changeset of its own with runInTransaction=\"false\" (Liquibase)"
              + " or a migration with executeInTransaction=false in its .sql.conf (Flyway).");
  public static final Rule INDEX_WITHOUT_CONCURRENTLY =
      new Rule(
          "CITUS017",
          Severity.WARNING,
          "Index built without CONCURRENTLY on a distributed table",
          "CREATE INDEX takes a SHARE lock that blocks writes for the whole build; on Citus it"
              + " does so on every shard of the table on every node at once.",
          "CREATE INDEX CONCURRENTLY in a changeset or migration that runs outside a transaction;"
              + " a table created in the same step is empty, and is not a finding.");
  public static final Rule CONCURRENTLY_IF_NOT_EXISTS =
      new Rule(
          "CITUS018",
          Severity.WARNING,
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS",
          "A concurrent build that fails leaves an invalid index behind (on Citus, on some shards);"
              + " IF NOT EXISTS then skips it on the next run, and the index stays invalid.",
          "Drop IF NOT EXISTS, or precede the statement with DROP INDEX CONCURRENTLY IF EXISTS.");

  public static final Rule FLYWAY_LOCK_HANGS =
      new Rule(
          "CITUS019",
          Severity.ERROR,
          "CONCURRENTLY under Flyway's transactional lock",
          "With postgresql.transactional.lock true (Flyway's default), Flyway holds its lock in a"
              + " transaction that stays open for the whole migrate; CREATE INDEX CONCURRENTLY"
              + " waits for every open transaction to end, so it waits for Flyway's own, forever"
              + " (measured on Citus: Lock virtualxid on the coordinator).",
          "Run Flyway with -Dflyway.postgresql.transactional.lock=false (flyway.conf:"
              + " flyway.postgresql.transactional.lock=false; flyway.toml: transactional.lock ="
              + " false under [flyway.postgresql]; Spring Boot:"
              + " spring.flyway.postgresql.transactional-lock=false).");
  public static final Rule DISTRIBUTION_COLUMN_ALTERED =
      new Rule(
          "CITUS020",
          Severity.ERROR,
          "Distribution column's type changed or column dropped",
          "Rows are placed by the distribution column's hash; Citus refuses ALTER TABLE ... ALTER"
              + " COLUMN ... TYPE and DROP COLUMN of it: \"cannot execute ALTER TABLE command"
              + " involving partition column\".",
          "Keep the column; to change its type, add a new table distributed by the new column,"
              + " copy the rows, and swap the tables (or alterDistributedTable to another column"
              + " first).");
  public static final Rule CONSTRAINT_RENAMED =
      new Rule(
          "CITUS021",
          Severity.ERROR,
          "Constraint of a distributed table renamed",
          "Citus refuses ALTER TABLE ... RENAME CONSTRAINT on hash-distributed, single-shard,"
              + " reference and distributed-schema tables: \"renaming constraints belonging to"
              + " distributed tables is currently unsupported\".",
          "Drop the constraint and add it under the new name (NOT VALID, then VALIDATE"
              + " CONSTRAINT, for a foreign key or check).");
  public static final Rule FK_TO_DISTRIBUTED =
      new Rule(
          "CITUS022",
          Severity.ERROR,
          "Foreign key from a reference or local table to a distributed table",
          "A reference table is on every node and a local table on the coordinator; neither can"
              + " check a key that lives on one node's shard. Citus refuses: \"foreign keys from"
              + " reference tables and local tables to distributed tables are not supported\".",
          "Reverse the reference (the distributed table references the reference table), or"
              + " make the referencing table distributed and colocated.");
  public static final Rule TABLE_OF_TYPE_IN_SCHEMA =
      new Rule(
              "CITUS023",
              Severity.ERROR,
              "CREATE TABLE ... OF a type in a distributed schema",
              "Citus refuses typed tables in a distributed schema: \"cannot create tables in a"
                  + " distributed schema using CREATE TABLE OF syntax\".",
              "Declare the columns (CREATE TABLE ... (LIKE ...) or the type's columns written out).")
          .since("12.0");
  public static final Rule SCHEMA_WITH_TABLES =
      new Rule(
              "CITUS024",
              Severity.ERROR,
              "CREATE SCHEMA ... CREATE TABLE with schema-based sharding on",
              "With citus.enable_schema_based_sharding on, Citus refuses to create a distributed"
                  + " schema and its tables in one statement: \"cannot create distributed schema and"
                  + " table in a single statement\".",
              "CREATE SCHEMA first, then CREATE TABLE in separate statements.")
          .since("12.0");
  public static final Rule SERIAL_COLUMN_ADDED =
      new Rule(
          "CITUS025",
          Severity.ERROR,
          "serial column added to a distributed table",
          "Citus refuses ALTER TABLE ... ADD COLUMN of a serial type on a distributed table (its"
              + " sequence would have to exist on every node first): \"cannot execute ADD COLUMN"
              + " commands involving serial pseudotypes when metadata is synchronized to"
              + " workers\".",
          "CREATE SEQUENCE, ADD COLUMN ... bigint, then ALTER COLUMN ... SET DEFAULT"
              + " nextval('...'); or an identity column.");
  public static final Rule DISTRIBUTED_SEQUENCE_ALTERED =
      new Rule(
          "CITUS026",
          Severity.ERROR,
          "ALTER SEQUENCE of a sequence a distributed table uses",
          "A sequence that a distributed table's column defaults to is distributed with it;"
              + " Citus refuses to change its options (RESTART, INCREMENT, AS, ...): \"Altering a"
              + " distributed sequence is currently not supported.\".",
          "Leave the sequence as it is; for new values use setval(), which Citus allows on the"
              + " coordinator, or a new sequence.");
  public static final Rule FLYWAY_MIXED =
      new Rule(
          "CITUS027",
          Severity.ERROR,
          "Flyway migration mixes transactional and non-transactional statements",
          "Flyway runs a migration that holds a statement PostgreSQL cannot run in a transaction"
              + " (CREATE INDEX CONCURRENTLY, VACUUM, ...) outside a transaction; with other"
              + " statements beside it, Flyway refuses the migration unless mixed is true.",
          "Move the non-transactional statement to a migration of its own (or set"
              + " flyway.mixed=true, and lose the transaction of the whole migration).");

  public static final Rule TYPE_CHANGE_REWRITES =
      new Rule(
          "CITUS028",
          Severity.WARNING,
          "Column type change rewrites every shard",
          "ALTER COLUMN ... TYPE rewrites the table (unless the new type is binary-compatible,"
              + " such as a longer varchar or text) under an ACCESS EXCLUSIVE lock that blocks"
              + " reads and writes; on Citus it rewrites every shard on every node at once"
              + " (measured: every shard's file changes).",
          "Add a column of the new type, fill it in batches, and switch over; or run it in a"
              + " maintenance window.");
  public static final Rule VOLATILE_DEFAULT_REWRITES =
      new Rule(
          "CITUS029",
          Severity.WARNING,
          "Column added with a volatile default rewrites every shard",
          "ADD COLUMN with a default that is a constant or stable (now()) only changes the"
              + " catalog; a volatile one (random(), clock_timestamp(), gen_random_uuid()) is"
              + " computed for every row, rewriting the table under an ACCESS EXCLUSIVE lock; on"
              + " Citus every shard on every node (measured: every shard's file changes).",
          "ADD COLUMN without a default (or with a constant), then SET DEFAULT, and fill the"
              + " existing rows in batches.");

  public static final Rule CONSTRAINT_VALIDATED_UNDER_LOCK =
      new Rule(
          "CITUS030",
          Severity.WARNING,
          "Foreign key or check added without NOT VALID",
          "Adding a foreign key or check constraint to a table that holds rows reads every row"
              + " while the lock is held. On Citus (traced): a foreign key holds EXCLUSIVE on the"
              + " distributed table and SHARE ROW EXCLUSIVE on the table it references, writes to"
              + " both wait; a check holds ACCESS EXCLUSIVE, reads and writes wait; on every shard"
              + " on every node.",
          "Add it NOT VALID (Liquibase: validate=\"false\"), then VALIDATE CONSTRAINT in a later"
              + " changeset or migration: validation takes a SHARE UPDATE EXCLUSIVE lock that lets"
              + " reads and writes go on.");
  public static final Rule SET_NOT_NULL_SCANS =
      new Rule(
          "CITUS031",
          Severity.WARNING,
          "SET NOT NULL on a table that holds rows",
          "ALTER COLUMN ... SET NOT NULL (addNotNullConstraint) reads every row under an ACCESS"
              + " EXCLUSIVE lock that makes reads and writes wait; on Citus on every shard on every"
              + " node.",
          "Add CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL:"
              + " PostgreSQL 12 and later skip the scan when a valid check proves it.");
  public static final Rule RENAMED_IN_USE =
      new Rule(
          "CITUS032",
          Severity.WARNING,
          "Column or table renamed",
          "The application that runs during the deploy still uses the old name and fails from"
              + " the moment the rename commits; the rename itself takes an ACCESS EXCLUSIVE lock"
              + " on every shard on every node.",
          "Add the new column (or a view under the new name), switch the application over, and"
              + " drop the old one in a later release.");

  public static final Rule PARTITION_ACROSS_SCHEMAS =
      new Rule(
              "CITUS033",
              Severity.ERROR,
              "Partition and its parent in different schemas, one of them distributed",
              "A distributed schema keeps a partitioned table and its partitions together; Citus"
                  + " refuses CREATE TABLE ... PARTITION OF and ATTACH PARTITION across schemas:"
                  + " \"partitioning within a distributed schema is not supported when the parent and"
                  + " the child are in different schemas\".",
              "Create the partition in its parent's schema.")
          .since("12.0");
  public static final Rule SMALL_SEQUENCE_DEFAULT =
      new Rule(
              "CITUS034",
              Severity.WARNING,
              "int or smallint column with a sequence default on a distributed table",
              "Citus hands each worker its own range of a distributed table's sequence only for"
                  + " bigint; an int or smallint column (serial, smallserial, or nextval() of any"
                  + " sequence) is refused when written through a worker: \"nextval(sequence) calls in"
                  + " worker nodes are not supported for column defaults of type int or smallint\"."
                  + " Writes through the coordinator work.",
              "Make the column bigint (bigserial, or an identity of bigint).")
          .since("11.0");
  public static final Rule PARALLEL_THEN_REFERENCE =
      new Rule(
          "CITUS035",
          Severity.ERROR,
          "Reference table changed after a parallel command in the same transaction",
          "On a hash-distributed table holding rows, DDL or an UPDATE/DELETE of many shards runs"
              + " over several connections per node; a reference table that foreign keys point to"
              + " must then be changed over one connection, so Citus refuses a later change to it"
              + " in the same transaction: \"cannot modify table ... because there was a parallel"
              + " operation on a distributed table\" (or \"cannot execute DDL/DML on table ...\")."
              + " On an empty table (a test database, the apply mode) Citus may run the first"
              + " command over one connection and accept both: whether it does depends on rows"
              + " and timing (measured).",
          "Change the reference table first, put the two in separate changesets or migrations,"
              + " or start the transaction with SET LOCAL citus.multi_shard_modify_mode TO"
              + " 'sequential'.");

  public static final Rule NO_LOCK_TIMEOUT =
      new Rule(
          "CITUS036",
          Severity.WARNING,
          "Lock taken on a table that holds rows, with no lock_timeout",
          "ALTER TABLE and CREATE INDEX wait for every query on the table to end before they take"
              + " their lock, and while they wait every later query on the table waits behind"
              + " them. On Citus the lock is taken on every shard on every node: one long query"
              + " anywhere stalls the table everywhere.",
          "SET lock_timeout (e.g. '5s') before the statement, in the changeset or migration or"
              + " for the session, and retry the deploy when it times out.");

  public static final Rule NEEDS_NEWER_CITUS =
      new Rule(
          "CITUS037",
          Severity.ERROR,
          "Needs a newer Citus than the one checked for",
          "The migration uses what the Citus version given to the check (citusVersion) does not"
              + " have: distributed schemas and single-shard tables from 12.0, moving a"
              + " distributed schema (citus_schema_move) from 12.1. Citus would refuse the call as"
              + " an unknown function or argument.",
          "Upgrade Citus first, or leave the change to a later release of the migration.");

  /** Reported against a cluster: not offline, so not in {@link #ALL}. */
  public static final Rule NOT_APPLIED =
      new Rule(
          "CITUS110",
          Severity.INFO,
          "Changeset not applied yet",
          "A changeset of the changelog is not in the cluster's changelog history: the next update"
              + " runs it.",
          "citus:update (after review).");

  /** Every offline rule, in id order. */
  public static final List<Rule> ALL =
      List.of(
          FK_ACROSS_SCHEMAS,
          FK_ACROSS_TENANTS,
          KEY_WITHOUT_DISTRIBUTION_COLUMN,
          DISTRIBUTION_COLUMN_MISSING,
          DISTRIBUTION_COLUMN_NULLABLE,
          PUBLIC_DISTRIBUTED,
          WRONG_KIND_IN_DISTRIBUTED_SCHEMA,
          INHERITANCE_IN_DISTRIBUTED_SCHEMA,
          INTEGER_KEY,
          NO_PRIMARY_KEY,
          ONLINE_MOVE_NOT_ALONE,
          NO_ROLLBACK,
          RAW_SQL_HAS_CHANGE_TYPE,
          NOT_READ,
          TRIGGER_ON_DISTRIBUTED_TABLE,
          CONCURRENTLY_IN_TRANSACTION,
          INDEX_WITHOUT_CONCURRENTLY,
          CONCURRENTLY_IF_NOT_EXISTS,
          FLYWAY_LOCK_HANGS,
          DISTRIBUTION_COLUMN_ALTERED,
          CONSTRAINT_RENAMED,
          FK_TO_DISTRIBUTED,
          TABLE_OF_TYPE_IN_SCHEMA,
          SCHEMA_WITH_TABLES,
          SERIAL_COLUMN_ADDED,
          DISTRIBUTED_SEQUENCE_ALTERED,
          FLYWAY_MIXED,
          TYPE_CHANGE_REWRITES,
          VOLATILE_DEFAULT_REWRITES,
          CONSTRAINT_VALIDATED_UNDER_LOCK,
          SET_NOT_NULL_SCANS,
          RENAMED_IN_USE,
          PARTITION_ACROSS_SCHEMAS,
          SMALL_SEQUENCE_DEFAULT,
          PARALLEL_THEN_REFERENCE,
          NO_LOCK_TIMEOUT,
          NEEDS_NEWER_CITUS);
}
