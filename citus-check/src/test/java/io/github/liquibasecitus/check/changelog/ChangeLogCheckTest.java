package io.github.liquibasecitus.check.changelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.check.CheckResult;
import io.github.liquibasecitus.check.CheckSettings;
import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.model.MigrationRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;

/** Each offline rule: a changelog that triggers it, and changelogs that do not. */
class ChangeLogCheckTest {
  private static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();

  private static List<String> findings(String file) throws Exception {
    return findings(file, CheckSettings.defaults());
  }

  private static List<String> findings(String file, CheckSettings settings) throws Exception {
    CheckResult result =
        ChangeLogCheck.run(
            new DirectoryResourceAccessor(RESOURCES),
            ChangeLogCheck.Options.of("check/" + file),
            settings);
    // CITUS036 (no lock_timeout) comes with most locking fixtures; citus036.xml tests it.
    return result.findings().stream()
        .map(ChangeLogCheckTest::brief)
        .filter(f -> !f.startsWith("CITUS036 ") || file.equals("citus036.xml"))
        .toList();
  }

  private static String brief(Finding f) {
    return f.rule().id()
        + " "
        + f.severity().label()
        + " "
        + f.location().describe()
        + ": "
        + f.message();
  }

  @Test
  void aCleanChangelogHasNoFindings() throws Exception {
    assertEquals(List.of(), findings("clean.xml"));
  }

  @Test
  void citus001ForeignKeysLeavingADistributedSchema() throws Exception {
    assertEquals(
        List.of(
            "CITUS001 error check/citus001.xml:27 changeset fk-to-other-schema::t (svc_a.orders): foreign key from svc_a.orders (distributed-schema) to svc_b.users (distributed-schema)",
            "CITUS030 warning check/citus001.xml:27 changeset fk-to-other-schema::t (svc_a.orders): addForeignKeyConstraint to svc_a.orders without validate=\"false\""),
        findings("citus001.xml"));
    assertEquals(
        List.of(
            "CITUS001 error check/citus001-local.xml:27 changeset fk-to-local::t (svc_a.orders): foreign key from svc_a.orders (distributed-schema) to public.countries (local)",
            "CITUS030 warning check/citus001-local.xml:27 changeset fk-to-local::t (svc_a.orders): addForeignKeyConstraint to svc_a.orders without validate=\"false\""),
        findings("citus001-local.xml"));
  }

  @Test
  void citus002ForeignKeysAcrossTenants() throws Exception {
    assertEquals(
        List.of(
            "CITUS002 error check/citus002.xml:20 changeset fk-across-tenants::t (public.globex_orders): foreign key from public.globex_orders (tenant globex) to public.acme_customers (tenant acme)",
            "CITUS030 warning check/citus002.xml:20 changeset fk-across-tenants::t (public.globex_orders): addForeignKeyConstraint to public.globex_orders without validate=\"false\""),
        findings("citus002.xml"));
  }

  @Test
  void citus003KeysWithoutTheDistributionColumn() throws Exception {
    assertEquals(
        List.of(
            "CITUS003 error check/citus003.xml:9 changeset events::t (public.events): the primary key (id) of public.events leaves out its distribution column tenant_id"),
        findings("citus003.xml"));
  }

  @Test
  void citus004ADistributionColumnThatDoesNotExist() throws Exception {
    assertEquals(
        List.of(
            "CITUS004 error check/citus004.xml:9 changeset events::t (public.events): public.events has no column tenant_id when createDistributedTable runs"),
        findings("citus004.xml"));
  }

  @Test
  void citus005ANullableDistributionColumnAndCitus010NoPrimaryKey() throws Exception {
    assertEquals(
        List.of(
            "CITUS005 warning check/citus005.xml:9 changeset events::t (public.events): distribution column tenant_id of public.events is nullable",
            "CITUS010 warning check/citus005.xml:9 changeset events::t (public.events): public.events is distributed (hash-distributed) and has no primary key"),
        findings("citus005.xml"));
  }

  @Test
  void citus006ThePublicSchema() throws Exception {
    assertEquals(
        List.of(
            "CITUS006 error check/citus006.xml:9 changeset public::t (public): distributeSchema names the public schema"),
        findings("citus006.xml"));
  }

  @Test
  void citus006And007InRawSqlToo() throws Exception {
    assertEquals(
        List.of(
            "CITUS006 error check/citus006-sql.xml:10 changeset public::t (public): distributeSchema names the public schema",
            "CITUS013 info check/citus006-sql.xml:10 changeset public::t: raw SQL calls citus_schema_distribute(), which the change type citus:distributeSchema does"),
        findings("citus006-sql.xml"));
    assertEquals(
        List.of(
            "CITUS007 error check/citus007-sql.xml:14 changeset reference-in-schema::t (svc.countries): svc.countries is in distributed schema svc and cannot become a reference table",
            "CITUS013 info check/citus007-sql.xml:14 changeset reference-in-schema::t: raw SQL calls create_reference_table(), which the change type citus:createReferenceTable does"),
        findings("citus007-sql.xml"));
  }

  @Test
  void citus007AHashTableMovedIntoADistributedSchema() throws Exception {
    assertEquals(
        List.of(
            "CITUS007 error check/citus007-move.xml:20 changeset move-into-schema::t (public.events): public.events, a hash-distributed table, is moved into distributed schema svc"),
        findings("citus007-move.xml"));
  }

  @Test
  void citus007AReferenceTableInADistributedSchema() throws Exception {
    assertEquals(
        List.of(
            "CITUS007 error check/citus007.xml:13 changeset reference-in-schema::t (svc.countries): svc.countries is in distributed schema svc and cannot become a reference table"),
        findings("citus007.xml"));
  }

  @Test
  void citus008InheritanceInADistributedSchema() throws Exception {
    assertEquals(
        List.of(
            "CITUS008 error check/citus008.xml:14 changeset inherits::t (svc.child): CREATE TABLE ... INHERITS in distributed schema svc"),
        findings("citus008.xml"));
  }

  @Test
  void citus009AnIntegerKey() throws Exception {
    assertEquals(
        List.of(
            "CITUS009 warning check/citus009.xml:13 changeset int-key::t (svc.users): key column id of svc.users is serial",
            "CITUS034 warning check/citus009.xml:13 changeset int-key::t (svc.users): column id of svc.users (distributed-schema) is serial with a sequence default"),
        findings("citus009.xml"));
  }

  @Test
  void citus010NoPrimaryKey() throws Exception {
    assertEquals(
        List.of(
            "CITUS010 warning check/citus010.xml:9 changeset no-pk::t (public.log): public.log is distributed (single-shard) and has no primary key"),
        findings("citus010.xml"));
  }

  @Test
  void citus011AnOnlineMoveNotAlone() throws Exception {
    assertEquals(
        List.of(
            "CITUS011 error check/citus011.xml:20 changeset notes-join-acme::t (public.notes): colocateWithTenant of public.notes (transfer mode auto) moves its shard online and shares its changeset with 1 other change(s)"),
        findings("citus011.xml"));
  }

  @Test
  void citus012AMoveWithoutRollback() throws Exception {
    assertEquals(
        List.of(
            "CITUS012 warning check/citus012.xml:15 changeset notes-join-acme::t (public.notes): colocateWithTenant of public.notes has no rollback, and the changeset gives none"),
        findings("citus012.xml"));
  }

  @Test
  void citus015ATriggerOnADistributedSchemaTable() throws Exception {
    assertEquals(
        List.of(
            "CITUS015 error check/citus015.xml:20 changeset trigger::t (svc.orders): CREATE"
                + " TRIGGER stamp on svc.orders (a table of a distributed schema)"),
        findings("citus015.xml"));
  }

  @Test
  void citus016ConcurrentlyInATransactionAndCitus003OfAUniqueIndex() throws Exception {
    assertEquals(
        List.of(
            "CITUS016 error check/citus016.xml:17 changeset index::t (public.events): CREATE"
                + " INDEX CONCURRENTLY in a step that runs in a transaction"),
        findings("citus016.xml"));
    assertEquals(
        List.of(
            "CITUS003 error check/citus003-index.xml:17 changeset unique-id::t (public.events):"
                + " the unique index (id) of public.events leaves out its distribution column"
                + " tenant_id"),
        findings("citus003-index.xml"));
  }

  @Test
  void citus033To035PartitionsSequencesAndParallelCommands() throws Exception {
    assertEquals(
        List.of(
            "CITUS033 error check/citus033.xml:20 changeset other-schema::t (archive.events_2025): CREATE TABLE ... PARTITION OF: partition archive.events_2025 of sales.events, across schemas, one of them distributed"),
        lockFindings("citus033.xml"));
    assertEquals(
        List.of(
            "CITUS034 warning check/citus034.xml:8 changeset tables::t (public.visits): column seq of public.visits (hash-distributed) is int with a sequence default"),
        lockFindings("citus034.xml"),
        "bigserial is not a finding");
    assertEquals(
        List.of(
            "CITUS035 error check/citus035.xml:19 changeset column-then-country::t (public.countries): INSERT of reference table public.countries after ALTER TABLE of public.orders in the same transaction"),
        lockFindings("citus035.xml"),
        "the reference table first, or sequential mode, is not a finding");
    assertEquals(
        List.of(
            "CITUS035 error check/citus035-fk.xml:13 changeset tables-and-key::t (public.countries): a foreign key from public.orders to reference table public.countries after create_distributed_table of public.orders in the same transaction"),
        lockFindings("citus035-fk.xml"));
  }

  @Test
  void citus037AndRulesGatedByTheCitusVersionCheckedFor() throws Exception {
    CheckSettings for113 = CheckSettings.defaults().forCitus("11.3", "citusVersion");
    assertEquals(
        List.of(),
        findings("citus007.xml", for113).stream().filter(f -> f.startsWith("CITUS007")).toList(),
        "CITUS007 applies from 12.0");
    assertEquals(
        List.of(
            "CITUS037 error check/citus007.xml:9 changeset schema::t (svc): a distributed schema (citus_schema_distribute) needs Citus 12.0; the check is for Citus 11.3"),
        findings("citus007.xml", for113).stream().filter(f -> f.startsWith("CITUS037")).toList());
    assertEquals(
        List.of(),
        findings("citus007.xml", CheckSettings.defaults().forCitus("12.1", "citusVersion")).stream()
            .filter(f -> f.startsWith("CITUS037"))
            .toList());
    IllegalArgumentException wrong =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> CheckSettings.defaults().forCitus("twelve", "-Dcitus.check.citusVersion"));
    assertEquals(
        "-Dcitus.check.citusVersion is 'twelve': give a Citus version as major.minor, e.g. 12.1 or"
            + " 13.2",
        wrong.getMessage());
  }

  @Test
  void citus036ALockWithoutLockTimeout() throws Exception {
    assertEquals(
        List.of(
            "CITUS036 warning check/citus036.xml:14 changeset add-column::t (public.orders): addColumn of public.orders waits for its lock with no lock_timeout set"),
        findings("citus036.xml"),
        "SET LOCAL lock_timeout in the changeset, before its change, is not a finding");
  }

  @Test
  void lockRulesFindTheLockingFormAndPassTheSafeOne() throws Exception {
    // The tables are made with raw SQL (CITUS013 infos, left out here) so that they hold rows.
    assertEquals(
        List.of(
            "CITUS017 warning check/citus017.xml:14 changeset index::t (public.orders): CREATE INDEX on public.orders (hash-distributed) without CONCURRENTLY"),
        lockFindings("citus017.xml"),
        "createIndex is read as the SQL Liquibase runs");
    assertEquals(
        List.of(
            "CITUS028 warning check/citus028.xml:14 changeset widen-qty::t (public.orders): ALTER COLUMN qty TYPE bigint rewrites public.orders (hash-distributed), from int"),
        lockFindings("citus028.xml"),
        "modifyDataType is read as SQL; a longer varchar, or text, is no rewrite");
    assertEquals(
        List.of(
            "CITUS029 warning check/citus029.xml:15 changeset volatile-default::t (public.orders): ADD COLUMN token with a default of gen_random_uuid() rewrites public.orders (hash-distributed)"),
        lockFindings("citus029.xml"),
        "now() is stable: no rewrite");
    assertEquals(
        List.of(
            "CITUS030 warning check/citus030.xml:17 changeset fk::t (public.orders): addForeignKeyConstraint to public.orders without validate=\"false\"",
            "CITUS030 warning check/citus030.xml:20 changeset check::t (public.orders): ADD CHECK to public.orders without NOT VALID"),
        lockFindings("citus030.xml"));
    assertEquals(
        List.of(
            "CITUS031 warning check/citus031.xml:14 changeset not-null::t (public.orders): addNotNullConstraint of public.orders.note"),
        lockFindings("citus031.xml"),
        "SET NOT NULL after a valid CHECK (remark IS NOT NULL) is not a finding");
    assertEquals(
        List.of(
            "CITUS032 warning check/citus032.xml:13 changeset rename-column::t (public.orders): renameColumn note to remark of public.orders",
            "CITUS032 warning check/citus032.xml:17 changeset rename-table::t (public.orders): ALTER TABLE public.orders RENAME TO purchases"),
        lockFindings("citus032.xml"),
        "a column renamed in the step that made its table is not a finding");
  }

  private static List<String> lockFindings(String fixture) throws Exception {
    return findings(fixture).stream().filter(f -> !f.startsWith("CITUS013 ")).toList();
  }

  @Test
  void citus020To026WhatCitusRefusesOfDistributedTablesSchemasAndSequences() throws Exception {
    assertEquals(
        List.of(
            "CITUS020 error check/citus020.xml:13 changeset widen-tenant::t (public.events): ALTER COLUMN tenant_id TYPE of public.events, its distribution column"),
        findings("citus020.xml"));
    assertEquals(
        List.of(
            "CITUS021 error check/citus021.xml:13 changeset rename-pk::t (public.events): RENAME CONSTRAINT events_pk of public.events (hash-distributed)"),
        findings("citus021.xml"));
    assertEquals(
        List.of(
            "CITUS022 error check/citus022.xml:17 changeset codes-to-events::t (public.codes): foreign key from public.codes (reference) to public.events (hash-distributed)",
            "CITUS030 warning check/citus022.xml:17 changeset codes-to-events::t (public.codes): ADD FOREIGN KEY to public.codes without NOT VALID"),
        findings("citus022.xml"));
    assertEquals(
        List.of(
            "CITUS023 error check/citus023.xml:13 changeset typed::t (svc.pairs): CREATE TABLE svc.pairs OF pair in a distributed schema"),
        findings("citus023.xml"));
    assertEquals(
        List.of(
            "CITUS024 error check/citus024.xml:9 changeset schema-and-table::t (svc): CREATE SCHEMA svc with CREATE statements in it, while citus.enable_schema_based_sharding is on"),
        findings("citus024.xml"));
    assertEquals(
        List.of(
            "CITUS025 error check/citus025.xml:13 changeset add-serial::t (public.events): ADD COLUMN n bigserial to public.events (hash-distributed)"),
        findings("citus025.xml"));
    assertEquals(
        List.of(
            "CITUS026 error check/citus026.xml:17 changeset restart::t (public.numbers): ALTER SEQUENCE public.numbers RESTART ..., a sequence a distributed table's column defaults to"),
        findings("citus026.xml"));
  }

  @Test
  void aCustomChangeIsNamedAsNotChecked() throws Exception {
    assertEquals(
        List.of(
            "CITUS014 info check/custom.xml:6 changeset backfill::t: customChange"
                + " io.github.liquibasecitus.check.changelog.Backfill is not checked: the check"
                + " reads changes and SQL, not Java"),
        findings("custom.xml"));
  }

  @Test
  void aFormattedSqlChangelogIsReadStatementByStatement() throws Exception {
    assertEquals(
        List.of(
            "CITUS001 error check/formatted-fk.sql:12 changeset invoices::t (billing.invoices):"
                + " foreign key from billing.invoices (distributed-schema) to orders.orders"
                + " (distributed-schema)"),
        findings("formatted-fk.sql"));
  }

  @Test
  void citus013RawSqlWhereAChangeTypeExists() throws Exception {
    assertEquals(
        List.of(
            "CITUS013 info check/citus013.xml:15 changeset raw::t: raw SQL calls create_distributed_table(), which the change type citus:createDistributedTable or citus:createSingleShardTable does"),
        findings("citus013.xml"));
  }

  @Test
  void aMarkerInTheChangesetsCommentSilencesARuleForThatChangeset() throws Exception {
    assertEquals(List.of(), findings("silenced.xml"));
    assertEquals(1, findings("citus010.xml").size());
  }

  @Test
  void rulesAreSwitchedOffAndRegradedByConfiguration() throws Exception {
    assertEquals(
        List.of(),
        findings(
            "citus010.xml",
            CheckSettings.of(List.of("citus010"), Map.of(), "error", MigrationRules.ALL)));
    assertEquals(
        List.of(
            "CITUS010 error check/citus010.xml:9 changeset no-pk::t (public.log): public.log is distributed (single-shard) and has no primary key"),
        findings(
            "citus010.xml",
            CheckSettings.of(List.of(), Map.of("CITUS010", "error"), "error", MigrationRules.ALL)));
    IllegalArgumentException typo =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckSettings.of(List.of("CITUS01"), Map.of(), "error", MigrationRules.ALL));
    assertTrue(
        typo.getMessage().startsWith("disabled rule 'CITUS01' is not a rule of citus:check"),
        typo.getMessage());
    IllegalArgumentException failOn =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckSettings.of(List.of(), Map.of(), "sometimes", MigrationRules.ALL));
    assertEquals(
        "failOn 'sometimes' is not known: use error (the default), warning or never",
        failOn.getMessage());
  }

  @Test
  void theExamplesPassTheCheck() throws Exception {
    Path examples = RESOURCES.resolve("../../../../examples").normalize();
    for (String[] example :
        new String[][] {
          {"microservices", "db/cluster.xml"},
          {"microservices", "db/user-service.xml"},
          {"multi-tenant", "db/tenants.xml"},
        }) {
      CheckResult result =
          ChangeLogCheck.run(
              new DirectoryResourceAccessor(examples.resolve(example[0])),
              ChangeLogCheck.Options.of(example[1]),
              CheckSettings.defaults());
      assertEquals(
          List.of(),
          result.findings().stream().map(ChangeLogCheckTest::brief).toList(),
          example[0] + "/" + example[1]);
    }
  }
}
