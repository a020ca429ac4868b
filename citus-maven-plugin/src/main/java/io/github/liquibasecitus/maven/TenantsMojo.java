package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.JsonDocument;
import io.github.liquibasecitus.operations.TenantsReport;
import java.io.File;
import java.sql.Connection;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Every tenant of the cluster, both kinds (a distributed schema; a tenant of the citus_ext
 * registry), with its node, tables and bytes, and, where Citus tracks tenants ({@code
 * citus.stat_tenants_track}), its queries and CPU in this period and the last. Then what is out of
 * balance (a node with much more than its share of bytes or CPU, a tenant that is most of its
 * node), each with the command that would help. Reads only.
 */
@Mojo(name = TenantsMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class TenantsMojo extends AbstractConnectedMojo {
  static final String GOAL = "tenants";

  /** The order of the list: bytes (default), activity (queries) or name. */
  @Parameter(property = PropertyNames.TENANTS_SORT, defaultValue = "bytes")
  String sort;

  /** Show only the first N tenants in that order; 0 for all. */
  @Parameter(property = PropertyNames.TOP, defaultValue = "0")
  int top;

  /**
   * {@code text} (the log) or {@code json}: also a JSON document (docs/reference/json.md), in
   * {@code outputFile} or on standard output.
   */
  @Parameter(property = PropertyNames.FORMAT, defaultValue = "text")
  String format;

  /** With {@code json}: the file to write the document to; standard output when omitted. */
  @Parameter(property = PropertyNames.OUTPUT_FILE)
  File outputFile;

  public TenantsMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    boolean json = JsonOutput.wanted(format, label());
    TenantsReport.Sort order;
    try {
      order = TenantsReport.Sort.parse(PropertyNames.TENANTS_SORT, sort);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(said(e.getMessage()));
    }
    if (top < 0) {
      throw new MojoFailureException(
          said(PropertyNames.TOP + " '" + top + "' must be 0 (all) or more"));
    }
    try (ClusterLocator.Located cluster = locate();
        Connection connection = connect(cluster)) {
      TenantsReport report = TenantsReport.read(connection);
      report.lines(order, top).forEach(getLog()::info);
      List<String> findings = report.findings();
      findings.forEach(f -> getLog().warn(f));
      String where =
          json ? "; " + JsonOutput.write(JsonDocument.tenants(report, order, top), outputFile) : "";
      getLog()
          .info(
              said(
                  report.tenants().size()
                      + " tenant(s), "
                      + findings.size()
                      + " out of balance"
                      + where
                      + " ("
                      + cluster.name()
                      + ")"));
    }
  }
}
