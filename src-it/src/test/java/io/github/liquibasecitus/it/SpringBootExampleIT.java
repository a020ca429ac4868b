package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring Boot example's own build ({@code mvn verify}) as a user runs it: its test starts the
 * application on a real Citus cluster of the test fixture, with Spring Boot's own Flyway version
 * and nothing configured but the data source. It must run, not skip.
 */
@CitusTest
class SpringBootExampleIT {

  @Test
  void theFlywayServicesOwnBuildPassesOnCitus(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    MavenBuild example =
        MavenBuild.of(LiquibaseRun.REPO.resolve("examples/spring-boot-flyway"), work);
    MavenBuild.Result result = example.run("verify");
    assertTrue(result.succeeded(), result.output());
    assertTrue(
        result.output().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:"),
        "the example's test ran on Citus, not skipped:\n" + result.output());
  }
}
