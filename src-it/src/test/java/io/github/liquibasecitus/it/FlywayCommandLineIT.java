package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway's own command line (flyway-commandline from Maven Central) runs the multi-tenant example
 * with flyway-citus in a {@code -jarDirs} folder and the callback named by {@code -callbacks}, as a
 * user of the CLI would set it up.
 */
@CitusTest
class FlywayCommandLineIT {

  @Test
  void flywaysCommandLineRunsTheMultiTenantExampleWithTheCallback(
      CitusCluster cluster, @TempDir Path work) throws Exception {
    MavenBuild cli = MavenBuild.of(MavenBuild.testProject("flyway-cli"), work);
    MavenBuild.Result copy = cli.run("dependency:copy-dependencies", "-DoutputDirectory=lib");
    assertTrue(copy.succeeded(), copy.output());

    Path jars = Files.createDirectories(work.resolve("jars"));
    List<String> ours =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
            .filter(e -> e.matches(".*/(flyway-citus|citus-ext-sql)[^/]*\\.jar"))
            .toList();
    assertEquals(
        2, ours.size(), "flyway-citus and citus-ext-sql jars on the test classpath: " + ours);
    for (String jar : ours) {
      Files.copy(Path.of(jar), jars.resolve(Path.of(jar).getFileName()));
    }

    try (CitusCluster scratch = cluster.newDatabase(TestNames.unique("flyway_cli")).orElseThrow()) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  work.resolve("lib") + File.separator + "*",
                  "org.flywaydb.commandline.Main",
                  "-url=" + scratch.jdbcUrl(),
                  "-user=" + scratch.username(),
                  "-jarDirs=" + jars,
                  "-locations=filesystem:"
                      + LiquibaseRun.REPO.resolve("examples/flyway-multi-tenant/db/migration"),
                  "-callbacks=io.github.liquibasecitus.flyway.CitusExtCallback",
                  "migrate")
              .redirectErrorStream(true);
      // The password goes by environment, never on a command line.
      builder.environment().put("FLYWAY_PASSWORD", scratch.password());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(5, TimeUnit.MINUTES);
      assertEquals(0, process.exitValue(), output);
      assertTrue(output.contains("Successfully applied 3 migrations"), output);
      assertTrue(
          output.contains("[non-transactional]"),
          "the online move ran outside a transaction:\n" + output);
      assertFalse(output.contains(scratch.password()), "the password must not be printed");
      try (Db db = Db.connect(scratch)) {
        assertEquals(3L, db.<Long>one("SELECT count(*) FROM citus_ext.tenant_tables('acme')"));
        assertEquals(
            1L,
            db.<Long>one("SELECT count(DISTINCT node_port) FROM citus_ext.tenant_tables('acme')"));
      }
    }
  }
}
