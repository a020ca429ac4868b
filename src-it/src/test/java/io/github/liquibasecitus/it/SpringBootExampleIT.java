package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring Boot examples' own builds ({@code mvn verify}) as a user runs them: each test starts
 * the application on a real Citus cluster of the test fixture, with nothing configured for Citus
 * but the dependency. They must run, not skip.
 */
@CitusTest
class SpringBootExampleIT {

  private static void passesOnCitus(String example, Path work) throws Exception {
    MavenBuild build = MavenBuild.of(LiquibaseRun.REPO.resolve("examples/" + example), work);
    MavenBuild.Result result = build.run("verify");
    assertTrue(result.succeeded(), result.output());
    assertTrue(
        result.output().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:"),
        example + "'s test ran on Citus, not skipped:\n" + result.output());
  }

  @Test
  void theFlywayServicesOwnBuildPassesOnCitus(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    passesOnCitus("spring-boot-flyway", work);
  }

  @Test
  void theLiquibaseServicesOwnBuildPassesOnCitus(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    passesOnCitus("spring-boot-liquibase", work);
  }
}
