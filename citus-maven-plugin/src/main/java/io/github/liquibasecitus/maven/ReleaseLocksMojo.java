package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/**
 * Releases Liquibase's changelog lock of this database's history, as {@code liquibase releaseLocks}
 * does: for a lock left by a killed update of another tool (locks left by this plugin's own builds
 * are released by the next update by itself). Run it only when no update runs.
 */
@Mojo(name = ReleaseLocksMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class ReleaseLocksMojo extends AbstractChangeLogMojo {
  static final String GOAL = "releaseLocks";

  @Override
  protected String goal() {
    return GOAL;
  }

  @Override
  protected boolean changeLogRequired() {
    return false;
  }

  @Override
  protected void run() throws Exception {
    ChangeLogSettings settings = changeLogSettings();
    try (LiquibaseConnection connection = openLiquibase(settings)) {
      LiquibaseCommand.named("releaseLocks").withoutChangeLog().run(connection, settings, getLog());
      getLog()
          .info(
              "citus:releaseLocks: released the changelog lock of "
                  + connection.database().getDatabaseChangeLogLockTableName()
                  + " ("
                  + connection.where()
                  + ")");
    }
  }
}
