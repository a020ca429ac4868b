package io.github.liquibasecitus.check.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.model.SchemaModel;
import io.github.liquibasecitus.check.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each SQL form the rules read, as migration scripts of one statement or a few. */
class SqlReaderTest {

  /** Findings of scripts run in order, each a step of its own (file V1.sql, V2.sql, ...). */
  /** The findings, without CITUS036 (lock_timeout), which {@link #checkAll} keeps. */
  private static List<String> check(boolean transactional, String... scripts) {
    return checkAll(transactional, scripts).stream()
        .filter(f -> !f.startsWith("CITUS036 "))
        .toList();
  }

  private static List<String> checkAll(boolean transactional, String... scripts) {
    SchemaModel model = new SchemaModel(null);
    SqlReader reader = new SqlReader(model, true);
    for (int i = 0; i < scripts.length; i++) {
      Step step = new Step(new Location("V" + (i + 1) + ".sql", 1, null, null), 1, transactional);
      model.begin(step);
      reader.read(step, scripts[i], line -> line);
    }
    model.finish();
    return model.findings().stream()
        .map(f -> f.rule().id() + " " + f.location().describe() + ": " + f.message())
        .toList();
  }

  private static List<String> check(String... scripts) {
    return check(true, scripts);
  }

  @Test
  void reviewedCornersOfTheLockAndSequenceRules() {
    String tables =
        "CREATE TABLE app.countries (code text PRIMARY KEY);\n"
            + "SELECT create_reference_table('app.countries');\n"
            + "CREATE TABLE app.t (id bigint PRIMARY KEY, c text, n serial, m serial, note text);\n"
            + "SELECT create_distributed_table('app.t', 'id');";
    List<String> found =
        check(
            tables,
            // A foreign key to a reference table alone in its step: Citus runs it, no CITUS035.
            "ALTER TABLE app.t ADD CONSTRAINT t_c FOREIGN KEY (c) REFERENCES app.countries (code)"
                + " NOT VALID;",
            // NOT VALID, never validated: SET NOT NULL still scans (CITUS031).
            "ALTER TABLE app.t ADD CONSTRAINT note_nn CHECK (note IS NOT NULL) NOT VALID;",
            "ALTER TABLE app.t ALTER COLUMN note SET NOT NULL;",
            // Validated: no CITUS031.
            "ALTER TABLE app.t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID;\n"
                + "ALTER TABLE app.t VALIDATE CONSTRAINT c_nn;",
            "ALTER TABLE app.t ALTER COLUMN c SET NOT NULL;",
            // CITUS034's fixes: a bigint column, or no sequence default; a rename keeps it.
            "ALTER TABLE app.t ALTER COLUMN n TYPE bigint;",
            "ALTER TABLE app.t ALTER COLUMN m DROP DEFAULT;");
    assertEquals(
        List.of("CITUS031 V4.sql:1 (app.t): SET NOT NULL of app.t.note"),
        found.stream().filter(f -> f.startsWith("CITUS03")).toList(),
        String.join("\n", found));
    assertEquals(
        List.of(
            "CITUS034 V1.sql:1 (app.t): column renamed of app.t (hash-distributed) is serial with a"
                + " sequence default"),
        check(
                "CREATE TABLE app.t (id bigint PRIMARY KEY, n serial);\n"
                    + "SELECT create_distributed_table('app.t', 'id');",
                "ALTER TABLE app.t RENAME COLUMN n TO renamed;")
            .stream()
            .filter(f -> f.startsWith("CITUS034"))
            .toList());
  }

  @Test
  void aLockOnATableThatHoldsRowsWantsALockTimeout() {
    String table =
        "CREATE TABLE app.t (id bigint PRIMARY KEY, n int);\n"
            + "SELECT create_distributed_table('app.t', 'id');";
    assertEquals(
        List.of(
            "CITUS036 V2.sql:1 (app.t): ALTER TABLE of app.t waits for its lock with no"
                + " lock_timeout set",
            "CITUS036 V3.sql:2 (app.t): CREATE INDEX of app.t waits for its lock with no"
                + " lock_timeout set"),
        checkAll(
                true,
                table,
                "ALTER TABLE app.t ADD COLUMN a int;\nALTER TABLE app.t ADD COLUMN b int;",
                "SET LOCAL lock_timeout = 0;\nCREATE INDEX t_n ON app.t (n);",
                "SET LOCAL lock_timeout = '5s';\nALTER TABLE app.t ADD COLUMN c int;",
                "ALTER TABLE app.t VALIDATE CONSTRAINT t_n_check;",
                "SET lock_timeout TO '5s';",
                "ALTER TABLE app.t ADD COLUMN d int;")
            .stream()
            .filter(f -> f.startsWith("CITUS036 "))
            .toList(),
        "once a step; not for SET LOCAL in the step, VALIDATE, or after a session-wide SET");
  }

  private static final String SCHEMAS =
      "SET citus.enable_schema_based_sharding TO on;\n"
          + "CREATE SCHEMA orders;\n"
          + "CREATE SCHEMA billing;\n"
          + "RESET citus.enable_schema_based_sharding;\n"
          + "CREATE TABLE orders.orders (id bigint PRIMARY KEY);";

  @Test
  void aForeignKeyBetweenTwoDistributedSchemasIsFoundAtItsLine() {
    assertEquals(
        List.of(
            "CITUS001 V2.sql:3 (billing.invoices): foreign key from billing.invoices"
                + " (distributed-schema) to orders.orders (distributed-schema)"),
        check(
            SCHEMAS,
            "-- invoices\n\nCREATE TABLE billing.invoices (\n  id bigint PRIMARY KEY,\n"
                + "  order_id bigint REFERENCES orders.orders (id)\n);"));
    assertEquals(
        List.of(
            "CITUS001 V2.sql:2 (billing.invoices): foreign key from billing.invoices"
                + " (distributed-schema) to orders.orders (distributed-schema)"),
        check(
            SCHEMAS,
            "CREATE TABLE billing.invoices (id bigint PRIMARY KEY, order_id bigint);\n"
                + "ALTER TABLE IF EXISTS ONLY billing.invoices ADD CONSTRAINT fk FOREIGN KEY"
                + " (order_id) REFERENCES orders.orders (id) NOT VALID;"));
  }

  @Test
  void aTriggerOnATableOfADistributedSchemaIsRefused() {
    assertEquals(
        List.of(
            "CITUS015 V2.sql:1 (orders.orders): CREATE TRIGGER stamp on orders.orders (a table of"
                + " a distributed schema)"),
        check(
            SCHEMAS,
            "CREATE OR REPLACE TRIGGER stamp BEFORE UPDATE ON orders.orders FOR EACH ROW EXECUTE"
                + " FUNCTION orders.stamp();"));
    assertEquals(
        List.of(),
        check(
            "CREATE TABLE app.audit (id bigint PRIMARY KEY);\n"
                + "CREATE TRIGGER t AFTER INSERT ON app.audit FOR EACH ROW EXECUTE FUNCTION f();"),
        "a local table may have triggers");
  }

  @Test
  void concurrentIndexesAndTheirTransactions() {
    String table =
        "CREATE TABLE app.events (id bigint PRIMARY KEY, tenant bigint NOT NULL);\n"
            + "SELECT create_distributed_table('app.events', 'tenant');";
    assertEquals(
        List.of(
            "CITUS013 V1.sql:2: raw SQL calls create_distributed_table(), which the change type"
                + " citus:createDistributedTable or citus:createSingleShardTable does",
            "CITUS003 V1.sql:2 (app.events): the primary key (id) of app.events leaves out its"
                + " distribution column tenant",
            "CITUS016 V2.sql:1 (app.events): CREATE INDEX CONCURRENTLY in a step that runs in a"
                + " transaction",
            "CITUS018 V2.sql:1 (app.events): CREATE INDEX CONCURRENTLY IF NOT EXISTS on"
                + " app.events",
            "CITUS017 V3.sql:1 (app.events): CREATE INDEX on app.events (hash-distributed) without"
                + " CONCURRENTLY"),
        check(
            table,
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS e_t ON app.events (tenant) WHERE id > 0;",
            "CREATE INDEX e_t2 ON ONLY app.events USING btree (tenant, lower(id::text));"));
    assertEquals(
        List.of(),
        check(
                false,
                "CREATE TABLE app.t (id bigint PRIMARY KEY);\n"
                    + "SELECT create_reference_table('app.t');\n"
                    + "CREATE INDEX CONCURRENTLY t_i ON app.t (id);")
            .stream()
            .filter(f -> !f.startsWith("CITUS013"))
            .toList(),
        "outside a transaction, without IF NOT EXISTS");
  }

  @Test
  void aUniqueIndexWithoutTheDistributionColumnIsRefused() {
    assertEquals(
        List.of(
            "CITUS017 V2.sql:1 (app.events): CREATE INDEX on app.events (hash-distributed) without"
                + " CONCURRENTLY",
            "CITUS003 V2.sql:1 (app.events): the unique index (id) of app.events leaves out its"
                + " distribution column tenant"),
        check(
                "CREATE TABLE app.events (id bigint, tenant bigint NOT NULL, PRIMARY KEY (tenant,"
                    + " id));\nSELECT create_distributed_table('app.events', 'tenant');",
                "CREATE UNIQUE INDEX e_id ON app.events (id);")
            .stream()
            .filter(f -> !f.startsWith("CITUS013"))
            .toList());
  }

  @Test
  void whatNeitherReaderKnowsIsSaidAtItsLine() {
    assertEquals(
        List.of(
            "CITUS014 V1.sql:2: statement not read (a DO block's body is not checked): DO $$"
                + " BEGIN EXECUTE 'CREATE TABLE x (a int)'; END $$",
            "CITUS014 V1.sql:3: statement not read (JSqlParser refused it): FROBNICATE THE"
                + " DATABASE"),
        check(
            "INSERT INTO app.t (a) VALUES (1) ON CONFLICT DO NOTHING;\n"
                + "DO $$ BEGIN EXECUTE 'CREATE TABLE x (a int)'; END $$;\n"
                + "FROBNICATE THE DATABASE;\n"
                + "GRANT SELECT ON app.t TO reader;\n"
                + "CREATE SEQUENCE app.s AS integer;\n"
                + "COMMENT ON TABLE app.t IS 'x';"));
  }

  private static final String HASH =
      "CREATE TABLE app.events (id bigint, tenant bigint NOT NULL, seq bigint DEFAULT"
          + " nextval('app.events_seq'), PRIMARY KEY (tenant, id));\n"
          + "SELECT create_distributed_table('app.events', 'tenant');";

  private static List<String> changeLogLess(String... scripts) {
    return check(scripts).stream().filter(f -> !f.startsWith("CITUS013")).toList();
  }

  @Test
  void whatCitusRefusesOfADistributedTablesColumnsConstraintsAndSequences() {
    assertEquals(
        List.of(
            "CITUS020 V2.sql:1 (app.events): ALTER COLUMN tenant TYPE of app.events, its"
                + " distribution column",
            "CITUS020 V2.sql:2 (app.events): DROP COLUMN tenant of app.events, its distribution"
                + " column",
            "CITUS021 V2.sql:3 (app.events): RENAME CONSTRAINT events_pkey of app.events"
                + " (hash-distributed)",
            "CITUS025 V2.sql:4 (app.events): ADD COLUMN n bigserial to app.events"
                + " (hash-distributed)",
            "CITUS026 V2.sql:5 (app.events_seq): ALTER SEQUENCE app.events_seq RESTART ..., a"
                + " sequence a distributed table's column defaults to",
            "CITUS028 V2.sql:7 (app.events): ALTER COLUMN id TYPE numeric rewrites app.events"
                + " (hash-distributed), from bigint"),
        changeLogLess(
            HASH,
            "ALTER TABLE app.events ALTER COLUMN tenant SET DATA TYPE numeric;\n"
                + "ALTER TABLE app.events DROP COLUMN IF EXISTS tenant CASCADE;\n"
                + "ALTER TABLE app.events RENAME CONSTRAINT events_pkey TO events_pk;\n"
                + "ALTER TABLE app.events ADD COLUMN n bigserial;\n"
                + "ALTER SEQUENCE app.events_seq RESTART 100;\n"
                + "ALTER SEQUENCE app.events_seq OWNER TO app;\n"
                + "ALTER TABLE app.events ALTER COLUMN id TYPE numeric;"));
  }

  @Test
  void changesThatRewriteEveryShard() {
    assertEquals(
        List.of(
            "CITUS028 V2.sql:2 (app.t): ALTER COLUMN n TYPE bigint rewrites app.t"
                + " (hash-distributed), from int",
            "CITUS029 V2.sql:4 (app.t): ADD COLUMN u with a default of gen_random_uuid()"
                + " rewrites app.t (hash-distributed)"),
        changeLogLess(
            "CREATE TABLE app.t (id bigint PRIMARY KEY, name varchar(10), n int, code"
                + " character varying(5));\nSELECT create_distributed_table('app.t', 'id');",
            "ALTER TABLE app.t ALTER COLUMN name TYPE varchar(20), ALTER COLUMN code TYPE text;\n"
                + "ALTER TABLE app.t ALTER COLUMN n TYPE bigint;\n"
                + "ALTER TABLE app.t ADD COLUMN at timestamptz DEFAULT now();\n"
                + "ALTER TABLE app.t ADD COLUMN u uuid DEFAULT gen_random_uuid();"));
    assertEquals(
        List.of(),
        changeLogLess(
            "CREATE TABLE app.t (id bigint PRIMARY KEY, n int);\n"
                + "SELECT create_distributed_table('app.t', 'id');\n"
                + "ALTER TABLE app.t ALTER COLUMN n TYPE bigint;\n"
                + "ALTER TABLE app.t ADD COLUMN u uuid DEFAULT gen_random_uuid();"),
        "a table created in the same step is empty");
  }

  @Test
  void whatCitusRefusesOfSchemasAndForeignKeys() {
    assertEquals(
        List.of(
            "CITUS023 V2.sql:1 (orders.typed): CREATE TABLE orders.typed OF pair in a distributed"
                + " schema",
            "CITUS024 V2.sql:3 (billing2): CREATE SCHEMA billing2 with CREATE statements in it,"
                + " while citus.enable_schema_based_sharding is on",
            "CITUS022 V3.sql:2 (app.codes): foreign key from app.codes (reference) to app.events"
                + " (hash-distributed)"),
        changeLogLess(
                SCHEMAS + "\n" + HASH,
                "CREATE TABLE orders.typed OF pair;\nSET citus.enable_schema_based_sharding = on;\n"
                    + "CREATE SCHEMA billing2 CREATE TABLE t (a int);",
                "CREATE TABLE app.codes (id bigint PRIMARY KEY, tenant bigint, event bigint);\n"
                    + "ALTER TABLE app.codes ADD FOREIGN KEY (tenant, event) REFERENCES app.events;\n"
                    + "SELECT create_reference_table('app.codes');")
            .stream()
            .filter(f -> !f.startsWith("CITUS010") && !f.startsWith("CITUS001"))
            .toList());
  }

  @Test
  void whatRealMigrationsDoIsFollowedWithoutFalseFindings() {
    assertEquals(
        List.of(
            "CITUS015 V2.sql:6 (app.Orders): CREATE TRIGGER t on app.Orders (hash-distributed)"),
        check(
                false,
                "CREATE TABLE app.\"Orders\" (\"Id\" bigint, tenant bigint NOT NULL, code int);\n"
                    + "ALTER TABLE app.\"Orders\" RENAME COLUMN tenant TO tenant_id;\n"
                    + "CREATE UNIQUE INDEX CONCURRENTLY o_pk ON app.\"Orders\" (tenant_id, \"Id\");\n"
                    + "ALTER TABLE app.\"Orders\" ADD CONSTRAINT o_pk PRIMARY KEY USING INDEX o_pk;\n"
                    + "SELECT create_distributed_table('app.\"Orders\"', 'tenant_id');\n"
                    + "CREATE TABLE app.codes (id bigint PRIMARY KEY, tenant bigint, o bigint);\n"
                    + "ALTER TABLE app.codes ADD CONSTRAINT codes_o FOREIGN KEY (tenant, o)"
                    + " REFERENCES app.\"Orders\";\n"
                    + "ALTER TABLE app.codes DROP CONSTRAINT IF EXISTS codes_o;\n"
                    + "SELECT create_reference_table('app.codes');\n"
                    + "CREATE TABLE app.copy (LIKE app.codes INCLUDING ALL, extra int);\n"
                    + "SELECT create_distributed_table('app.copy', 'tenant');",
                "CREATE TABLE IF NOT EXISTS app.\"Orders\" (x int);\n"
                    + "ALTER TABLE app.\"Orders\" ALTER COLUMN code TYPE integer;\n"
                    + "ALTER TABLE app.codes ALTER COLUMN id TYPE int8;\n"
                    + "ALTER TABLE app.copy ADD COLUMN price numeric(10,2);\n"
                    + "ALTER TABLE app.copy ALTER COLUMN price TYPE numeric(12,2);\n"
                    + "CREATE TRIGGER t BEFORE UPDATE ON app.\"Orders\" FOR EACH ROW EXECUTE FUNCTION"
                    + " f();")
            .stream()
            .filter(f -> !f.startsWith("CITUS013"))
            .toList());
  }

  @Test
  void searchPathSetsWhereUnqualifiedNamesGo() {
    assertEquals(
        List.of(
            "CITUS015 V2.sql:2 (orders.orders): CREATE TRIGGER t on orders.orders (a table of a"
                + " distributed schema)"),
        check(
            SCHEMAS,
            "SET search_path TO \"$user\", orders, public;\n"
                + "CREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION f();"));
  }

  @Test
  void tablesMovedRenamedAndDroppedAreFollowed() {
    assertEquals(
        List.of(),
        check(
            SCHEMAS,
            "CREATE TABLE public.lookup (id bigint PRIMARY KEY);\n"
                + "ALTER TABLE public.lookup RENAME TO countries;\n"
                + "DROP TABLE IF EXISTS public.countries;\n"
                + "CREATE TABLE billing.invoices (id bigint PRIMARY KEY);"));
    assertEquals(
        List.of(
            "CITUS007 V2.sql:3 (public.events): public.events, a reference table, is moved into"
                + " distributed schema orders"),
        check(
                SCHEMAS,
                "CREATE TABLE public.events (id bigint PRIMARY KEY);\n"
                    + "SELECT create_reference_table('events');\n"
                    + "ALTER TABLE public.events SET SCHEMA orders;")
            .stream()
            .filter(f -> !f.startsWith("CITUS013"))
            .toList());
  }
}
