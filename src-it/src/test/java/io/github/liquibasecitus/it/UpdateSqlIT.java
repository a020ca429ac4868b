package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
            "citus_ext.colocate_with_tenant(p_table => '\"tenant_data\".\"acme_legacy_notes\"'::pg_catalog.regclass, p_tenant_id => 'acme')"),
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
}
