package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.operations.ConnectionSpec;
import io.github.liquibasecitus.operations.ScratchDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bash} block of the pages in {@code docs/} runs as written, a page as one script,
 * from a copy of the repository's wrapper and the examples the page names: the docs stay true. The
 * commands start their own dev or throwaway clusters from the local Citus, as a user's would; the
 * class is a {@link CitusTest} so that it is skipped, with the reason, where no Citus is found.
 */
@CitusTest
class DocsIT {
  private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EXAMPLE = Pattern.compile("cd examples/([a-z0-9-]+)");

  @Test
  void microservices(@TempDir Path temp) throws Exception {
    String output = runPage("microservices.md", temp);
    assertTrue(output.contains("Distributed schemas: 3"), output);
    assertTrue(
        Pattern.compile("user_service\\s+127\\.0\\.0\\.1:\\d+\\s+3\\s+\\d+ kB\\s+user_service")
            .matcher(output)
            .find(),
        output);
  }

  @Test
  void multiTenant(@TempDir Path temp) throws Exception {
    String output = runPage("multi-tenant.md", temp);
    assertTrue(output.contains("Tenants: 3"), output);
    assertTrue(output.contains("citus:tenants: 3 tenant(s), "), output);
    assertTrue(
        output.contains(
            "Tenants: 3 (0 distributed schema(s), 3 of citus_ext), by bytes, the first 2"),
        output);
    assertTrue(
        Pattern.compile("acme\\s+127\\.0\\.0\\.1:\\d+\\s+3\\s+").matcher(output).find(), output);
    // Moving one tenant: the dry run, the move, and the run that finds it in place.
    // (globex may start on that worker already: then every run says so.)
    assertTrue(
        output.contains("dry run: would move tenant globex (2 tables, ")
            || output.contains("tenant globex is already on "),
        output);
    assertEquals(3, count(output, "citus:moveTenant: "), output);
    assertTrue(output.contains("tenant globex is already on "), output);
  }

  @Test
  void databaseCi(@TempDir Path temp) throws Exception {
    String output = runPage("database-ci.md", temp);
    String sql =
        Files.readString(
            temp.resolve("repo/examples/multi-tenant/target/update.sql"), StandardCharsets.UTF_8);
    assertTrue(sql.contains("citus_ext.create_single_shard_table"), sql);
    int offline = io.github.liquibasecitus.check.model.MigrationRules.ALL.size();
    assertTrue(output.contains("citus:check: " + offline + " rules, 0 errors, 0 warnings"), output);
    // Applied, rolled back to the start, applied again, then the cluster rules.
    assertEquals(2, count(output, "EXECUTED db/tenants.xml::acme-tables::platform"), output);
    int applyAndCluster =
        offline
            + io.github.liquibasecitus.check.changelog.ApplyCheck.ALL.size()
            + io.github.liquibasecitus.check.ClusterRules.ALL.size();
    assertTrue(output.contains("citus:check: " + applyAndCluster + " rules, 0 errors"), output);
    assertTrue(
        Files.isRegularFile(
            temp.resolve("repo/examples/multi-tenant/target/citus-check/citus-check.sarif")));
  }

  /**
   * The page's commands on a database of the sample app's shape that the test makes (the page's
   * APP_URL, APP_USER, APP_PASSWORD): advised, carried out, advised again.
   */
  @Test
  void movingToCitus(CitusCluster cluster, @TempDir Path temp) throws Exception {
    ConnectionSpec main =
        new ConnectionSpec(cluster.jdbcUrl(), cluster.username(), cluster.password(), null);
    try (ScratchDatabase app = ScratchDatabase.create(main, "docs_app")) {
      try (java.sql.Connection c = app.spec().open();
          java.sql.Statement st = c.createStatement()) {
        st.execute(Files.readString(LiquibaseRun.REPO.resolve("examples/existing-app/db/app.sql")));
      }
      String output =
          runPage(
              "moving-to-citus.md",
              temp,
              Map.of(
                  "APP_URL", app.spec().url(),
                  "APP_USER", app.spec().username(),
                  "APP_PASSWORD", app.spec().password()));
      assertTrue(
          output.contains("3 reference table(s), 1 schema(s) to distribute, 2 blocked"), output);
      assertTrue(output.contains("citus:advise: 46 rules, 0 errors"), output);
      assertTrue(output.contains("Distributed schemas: 1"), output);
      assertTrue(
          output.contains("0 reference table(s), 0 schema(s) to distribute, 2 blocked"), output);
      assertFalse(output.contains(app.spec().password()), "no password in the output");
    }
  }

  @Test
  void operating(@TempDir Path temp) throws Exception {
    String output = runPage("operating.md", temp);
    assertTrue(output.contains("Nodes: 3"), output);
    assertTrue(output.contains("Nodes: 2"), "the drained worker was removed: " + output);
  }

  /** Runs the page's bash blocks as one script; returns what it printed. */
  private static String runPage(String page, Path temp) throws Exception {
    return runPage(page, temp, Map.of());
  }

  /** As {@link #runPage(String, Path)}, with these environment variables. */
  private static String runPage(String page, Path temp, Map<String, String> env) throws Exception {
    String markdown = Files.readString(LiquibaseRun.REPO.resolve("docs/" + page));
    StringBuilder script = new StringBuilder("set -euo pipefail\n");
    Matcher block = BASH_BLOCK.matcher(markdown);
    while (block.find()) {
      script.append(block.group(1));
    }
    assertTrue(script.length() > 20, page + " has commands");
    Set<String> examples = new LinkedHashSet<>();
    Matcher example = EXAMPLE.matcher(script);
    while (example.find()) {
      examples.add(example.group(1));
    }
    Path repo = MavenBuild.readableByAll(temp, "repo");
    Files.copy(LiquibaseRun.REPO.resolve("mvnw"), repo.resolve("mvnw"));
    repo.resolve("mvnw").toFile().setExecutable(true, false);
    PathUtils.copyDirectory(LiquibaseRun.REPO.resolve(".mvn"), repo.resolve(".mvn"));
    for (String name : examples) {
      MavenBuild.of(
          LiquibaseRun.REPO.resolve("examples/" + name), repo.resolve("examples/" + name));
    }
    try {
      return run(repo, script.toString(), page, env);
    } finally {
      for (String name : examples) {
        run(
            repo.resolve("examples/" + name),
            "../../mvnw -B -q citus:stop || true",
            page,
            Map.of());
      }
    }
  }

  private static String run(Path dir, String script, String page, Map<String, String> env)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "-c", script));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().remove("MAVEN_OPTS");
    // The wrapper's Maven: the same distribution this build runs on.
    builder.environment().put("MAVEN_ARGS", "-ntp");
    builder.environment().putAll(env);
    // Output to a file, so that the deadline holds even when a server the page started keeps
    // the pipe open.
    Path log = Files.createTempFile("docs-it-", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    boolean finished = process.waitFor(15, TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    if (!finished) {
      throw new AssertionError(page + " did not finish in 15 minutes:\n" + output);
    }
    assertEquals(0, process.exitValue(), page + "'s commands failed:\n" + output);
    assertFalse(output.contains("BUILD FAILURE"), output);
    return output;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
