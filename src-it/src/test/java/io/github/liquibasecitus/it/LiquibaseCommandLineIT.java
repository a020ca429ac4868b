package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Liquibase's own command line runs an example changelog with nothing of ours on the classpath but
 * the extension's one-jar form (classifier {@code cli}): liquibase-core and its dependencies, the
 * JDBC driver, and that jar.
 */
@CitusTest
class LiquibaseCommandLineIT {
  private static final Pattern ALLOWED =
      Pattern.compile(
          ".*/(liquibase-core|picocli|opencsv|jaxb-api|commons-collections4|commons-text|commons-lang3|commons-io|commons-beanutils|commons-logging|snakeyaml|postgresql|checker-qual)-[^/]*\\.jar");

  @Test
  void liquibaseCliRunsTheMultiTenantExample(CitusCluster cluster) throws Exception {
    List<String> entries =
        Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    String extension =
        entries.stream()
            .filter(e -> e.contains("liquibase-citus-ext") && e.endsWith("-cli.jar"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the extension is not on the test classpath"));
    String classpath =
        entries.stream()
                .filter(e -> ALLOWED.matcher(e).matches())
                .collect(Collectors.joining(File.pathSeparator))
            + File.pathSeparator
            + extension;
    assertFalse(classpath.contains("citus-test-cluster"), classpath);
    assertFalse(classpath.contains("citus-ext-sql"), classpath);

    String schema = TestNames.unique("cli");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "liquibase.integration.commandline.LiquibaseCommandLine",
                "--url=" + cluster.jdbcUrl(),
                "--username=" + cluster.username(),
                "--search-path=" + LiquibaseRun.REPO.resolve("examples/multi-tenant/db"),
                "--changelog-file=tenants.xml",
                "--show-banner=false",
                "--database-changelog-table-name=dbcl_" + schema,
                "--database-changelog-lock-table-name=dbcl_lock_" + schema,
                "update",
                "-Dschema=" + schema,
                "-Dacme=" + schema + "-acme",
                "-Dglobex=" + schema + "-globex",
                "-Dinitech=" + schema + "-initech")
            .redirectErrorStream(true);
    // The password goes by environment, never on a command line.
    builder.environment().put("LIQUIBASE_COMMAND_PASSWORD", cluster.password());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(5, TimeUnit.MINUTES);
    assertEquals(0, process.exitValue(), output);
    assertFalse(output.contains(cluster.password()), "the password must not be printed");

    try (Db db = Db.connect(cluster)) {
      assertEquals(
          3L,
          db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables(?)", schema + "-acme"),
          output);
      assertEquals(
          1L,
          db.<Long>one(
              "SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables(?)",
              schema + "-acme"));
    }
  }
}
