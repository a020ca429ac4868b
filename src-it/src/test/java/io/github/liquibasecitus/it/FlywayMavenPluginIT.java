package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flyway examples as their READMEs run them, in real Maven builds: {@code citus:start} starts a
 * dev cluster and hands it to {@code flyway-maven-plugin} (with flyway-citus as a plugin
 * dependency), then {@code citus:status} shows the placement; {@code citus:stop} after.
 */
@CitusTest
class FlywayMavenPluginIT {

  /** The command of an example's README, as its words. */
  private static List<String> readmeCommand(String example) throws Exception {
    String readme =
        Files.readString(LiquibaseRun.REPO.resolve("examples/" + example + "/README.md"));
    Matcher m = Pattern.compile("\\.\\./\\.\\./mvnw ([^\\n]+)").matcher(readme);
    assertTrue(m.find(), "the README of " + example + " opens with its command");
    return List.of(m.group(1).trim().split("\\s+"));
  }

  private static MavenBuild.Result run(String example, Path work, CitusCluster cluster)
      throws Exception {
    MavenBuild build =
        MavenBuild.of(
            LiquibaseRun.REPO.resolve("examples/" + example), MavenBuild.readableByAll(work, "p"));
    try {
      return build.run(readmeCommand(example).toArray(String[]::new));
    } finally {
      build.run("citus:stop");
    }
  }

  @Test
  void theMicroservicesExampleRunsAsItsReadmeSays(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    MavenBuild.Result result = run("flyway-microservices", work, cluster);
    String out = result.output();
    assertTrue(result.succeeded(), out);
    assertTrue(out.contains("flyway.url, flyway.user and flyway.password are set"), out);
    assertTrue(
        out.contains(
            "citus:check: Flyway migrations of user-service: filesystem:db/user-service"
                + " (schema user_service)"),
        out);
    assertTrue(out.matches("(?s).*citus:check: \\d+ rules, 0 errors, 0 warnings, 0 infos.*"), out);
    for (String service : List.of("user_service", "time_service", "ping_service")) {
      // The service's table and its flyway_schema_history, in its schema, owned by its role.
      assertTrue(
          Pattern.compile(service + "\\s+\\S+:\\d+\\s+2\\s+\\d+ kB\\s+" + service)
              .matcher(out)
              .find(),
          service + " with 2 tables on one node, owned by its role:\n" + out);
    }
    assertTrue(!out.matches("(?s).*citus-[0-9a-f-]{36}.*"), "no password in the output");
  }

  @Test
  void theMultiTenantExampleRunsAsItsReadmeSays(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    MavenBuild.Result result = run("flyway-multi-tenant", work, cluster);
    String out = result.output();
    assertTrue(result.succeeded(), out);
    assertTrue(out.matches("(?s).*citus:check: \\d+ rules, 0 errors, 0 warnings, 0 infos.*"), out);
    assertTrue(Pattern.compile("acme\\s+\\S+:\\d+\\s+3\\s").matcher(out).find(), out);
    assertTrue(Pattern.compile("globex\\s+\\S+:\\d+\\s+2\\s").matcher(out).find(), out);
    assertTrue(!out.matches("(?s).*citus-[0-9a-f-]{36}.*"), "no password in the output");
  }
}
