package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/**
 * Releases Liquibase's changelog lock of this database's history, as {@code liquibase releaseLocks}
 * does: for a lock left by a killed update of another tool (locks left by this plugin's own builds
 * are released by the next update by itself). Run it only when no update runs.
 */
@Mojo(name = ReleaseLocksMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class ReleaseLocksMojo extends AbstractHistoryMojo {
  static final String GOAL = "releaseLocks";

  public ReleaseLocksMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    withLiquibase(
        false,
        (connection, settings) -> {
          LiquibaseCommand.named("releaseLocks")
              .withoutChangeLog()
              .run(connection, settings, getLog());
          return "released the changelog lock of "
              + connection.database().getDatabaseChangeLogLockTableName();
        });
  }
}
