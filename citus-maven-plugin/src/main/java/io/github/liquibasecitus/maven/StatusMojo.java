package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.ClusterStatus;
import io.github.liquibasecitus.operations.JsonDocument;
import io.github.liquibasecitus.operations.StatusReport;
import java.io.File;
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

  /**
   * {@code text} (the log) or {@code json}: also a JSON document (docs/reference/json.md), in
   * {@code outputFile} or on standard output.
   */
  @Parameter(property = PropertyNames.FORMAT, defaultValue = "text")
  String format;

  /** With {@code json}: the file to write the document to; standard output when omitted. */
  @Parameter(property = PropertyNames.OUTPUT_FILE)
  File outputFile;

  public StatusMojo() {
    super(GOAL);
  }

  @Override
  protected boolean changeLogRequired() {
    return false;
  }

  @Override
  protected void run() throws Exception {
    boolean json = JsonOutput.wanted(format, label());
    withLiquibase(
        false,
        (connection, settings) -> {
          List<String> pendingNames = null;
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
            pendingNames =
                pending.stream()
                    .map(cs -> cs.getFilePath() + "::" + cs.getId() + "::" + cs.getAuthor())
                    .toList();
            pendingNames.forEach(name -> getLog().info("  " + name));
          }
          ClusterStatus status = ClusterStatus.read(connection.jdbc(), sizes);
          new StatusReport(all, "-D" + PropertyNames.STATUS_ALL + "=true")
              .lines(status)
              .forEach(getLog()::info);
          String where =
              json
                  ? "; " + JsonOutput.write(JsonDocument.status(status, pendingNames), outputFile)
                  : "";
          return String.format(
              "%d node(s), %d distributed schema(s), %d tenant(s)%s",
              status.nodes().size(), status.schemas().size(), status.tenants().size(), where);
        });
  }
}
