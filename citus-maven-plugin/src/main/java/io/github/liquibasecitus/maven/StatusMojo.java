package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.ClusterStatus;
import io.github.liquibasecitus.operations.StatusReport;
import java.util.List;
import liquibase.changelog.ChangeSet;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Pending changesets of the changelog (when one is configured), then the cluster: nodes,
 * distributed schemas and tenants with their node and size, tables not distributed.
 */
@Mojo(name = StatusMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class StatusMojo extends AbstractChangeLogMojo {
  static final String GOAL = "status";

  /** List every distributed schema and tenant, however many (else summarised per node past 50). */
  @Parameter(property = PropertyNames.STATUS_ALL, defaultValue = "false")
  boolean all;

  /** Read sizes (one call per worker); false reads the coordinator's catalogs only. */
  @Parameter(property = PropertyNames.STATUS_SIZES, defaultValue = "true")
  boolean sizes;

  public StatusMojo() {
    super(GOAL);
  }

  @Override
  protected boolean changeLogRequired() {
    return false;
  }

  @Override
  protected void run() throws Exception {
    withLiquibase(
        false,
        (connection, settings) -> {
          if (settings.changeLogFile() != null) {
            // Read from the history as it is: status creates no history table and takes no lock, so
            // a role that may only read can run it.
            List<ChangeSet> pending = parseChangeLog(settings).unapplied(connection.database());
            getLog()
                .info(
                    pending.size()
                        + " changeset(s) of "
                        + settings.changeLogFile()
                        + " not applied yet"
                        + (pending.isEmpty() ? "" : ":"));
            for (ChangeSet cs : pending) {
              getLog().info("  " + cs.getFilePath() + "::" + cs.getId() + "::" + cs.getAuthor());
            }
          }
          ClusterStatus status = ClusterStatus.read(connection.jdbc(), sizes);
          new StatusReport(all, "-D" + PropertyNames.STATUS_ALL + "=true")
              .lines(status)
              .forEach(getLog()::info);
          return String.format(
              "%d node(s), %d distributed schema(s), %d tenant(s)",
              status.nodes().size(), status.schemas().size(), status.tenants().size());
        });
  }
}
