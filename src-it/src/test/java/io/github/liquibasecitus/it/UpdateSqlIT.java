package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** updateSQL writes what update would run: the library once, then each change's SQL. */
@CitusTest
class UpdateSqlIT {
  private static final String INSTALL_MARK = "CREATE SCHEMA IF NOT EXISTS citus_ext";

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void offlineWritesTheLibraryOnceAndEveryChange(@TempDir Path history) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChangeLogParameters params = new ChangeLogParameters();
    params.set("schema", "tenant_data");
    Scope.child(
        Map.of(
            Scope.Attr.resourceAccessor.name(),
            new DirectoryResourceAccessor(LiquibaseRun.REPO.resolve("examples/multi-tenant/db"))),
        () ->
            new CommandScope("updateSql")
                // Offline mode records what "ran" in a CSV file; one of its own per run.
                .addArgumentValue(
                    "url",
                    "offline:postgresql?changeLogFile=" + history.resolve("databasechangelog.csv"))
                .addArgumentValue("changelogFile", "tenants.xml")
                .addArgumentValue("changelogParameters", params)
                .setOutput(out)
                .execute());
    String sql = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, count(sql, INSTALL_MARK), "the library is written once");
    assertTrue(sql.indexOf(INSTALL_MARK) < sql.indexOf("citus_ext.create_single_shard_table("));
    assertEquals(
        6,
        count(
            sql,
            "SELECT shard_id, node_name, node_port FROM citus_ext.create_single_shard_table("));
    assertTrue(
        sql.contains(
            "citus_ext.colocate_with_tenant(table_name => '\"tenant_data\".\"acme_legacy_notes\"'::pg_catalog.regclass, tenant_id => 'acme')"),
        sql);
  }

  @Test
  void againstACurrentLibraryWritesNoInstallAndNoPassword(CitusCluster cluster) throws Exception {
    Db.installLibrary(cluster);
    String schema = TestNames.unique("sqlonly");
    String sql =
        LiquibaseRun.of(cluster, "examples/multi-tenant/db/tenants.xml")
            .param("schema", schema)
            .updateSql();
    assertEquals(0, count(sql, INSTALL_MARK));
    assertEquals(6, count(sql, "citus_ext.create_single_shard_table("));
    assertFalse(sql.contains(cluster.password()), "no password in generated SQL");
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          0L,
          db.<Long>one("SELECT count(*) FROM pg_namespace WHERE nspname = ?", schema),
          "updateSql changes nothing");
    }
  }

  @Test
  void offlineSqlAppliedByHandLeavesTheHistoryUpdateReads(CitusCluster cluster, @TempDir Path dir)
      throws Exception {
    String schema = TestNames.unique("byhand");
    String table = "dbcl_" + schema;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChangeLogParameters params = new ChangeLogParameters();
    params.set("schema", schema);
    params.set("acme", schema + "-acme");
    params.set("globex", schema + "-globex");
    params.set("initech", schema + "-initech");
    DirectoryResourceAccessor resources =
        new DirectoryResourceAccessor(LiquibaseRun.REPO.resolve("examples/multi-tenant/db"));
    // As citus:updateSQL does without a URL: the history table's DDL and rows too.
    liquibase.database.Database offline =
        liquibase.database.DatabaseFactory.getInstance()
            .openDatabase(
                "offline:postgresql?outputLiquibaseSql=all&changeLogFile="
                    + dir.resolve("databasechangelog.csv"),
                null,
                null,
                null,
                resources);
    offline.setDatabaseChangeLogTableName(table);
    Scope.child(
        Map.of(Scope.Attr.resourceAccessor.name(), resources),
        () ->
            new CommandScope("updateSql")
                .addArgumentValue("database", offline)
                .addArgumentValue("changelogFile", "tenants.xml")
                .addArgumentValue("changelogParameters", params)
                .setOutput(out)
                .execute());
    String sql = out.toString(StandardCharsets.UTF_8);
    assertTrue(sql.contains("CREATE TABLE " + table + " ("), sql);
    assertEquals(6, count(sql, "INSERT INTO " + table + " ("), sql);
    // By hand: psql runs the file as people do, statement by statement.
    Path file = dir.resolve("update.sql");
    Files.writeString(file, sql);
    java.net.URI uri = java.net.URI.create(cluster.jdbcUrl().substring("jdbc:".length()));
    ProcessBuilder psql =
        new ProcessBuilder(
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                uri.getHost(),
                "-p",
                String.valueOf(uri.getPort()),
                "-U",
                cluster.username(),
                "-d",
                uri.getPath().substring(1),
                "-f",
                file.toString())
            .redirectErrorStream(true);
    psql.environment().put("PGPASSWORD", cluster.password());
    Process process = psql.start();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), printed);
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          3L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", schema + "-acme"));
    }
    LiquibaseRun run =
        LiquibaseRun.of(cluster, "examples/multi-tenant/db/tenants.xml")
            .changelogTable(table)
            .param("schema", schema)
            .param("acme", schema + "-acme")
            .param("globex", schema + "-globex")
            .param("initech", schema + "-initech");
    assertTrue(run.status().contains("is up to date"), "nothing left to run after the SQL by hand");
  }
}
