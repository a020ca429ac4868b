package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/**
 * Pending changesets of the changelog (when one is configured), then the cluster: nodes,
 * distributed schemas with node and size, tenants with their node, tables not distributed.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractCitusMojo {

  @Override
  protected String goal() {
    return "status";
  }

  @Override
  protected boolean needsChangeLog() {
    return false;
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    try (CitusConnection connection = connect(settings)) {
      if (settings.changeLogFile() != null) {
        String pending =
            LiquibaseCommand.named("status")
                .arg("verbose", true)
                .run(connection, settings, getLog());
        pending.lines().filter(l -> !l.isBlank()).forEach(getLog()::info);
      }
      ClusterStatus.report(connection.jdbc(), getLog());
    }
  }
}
