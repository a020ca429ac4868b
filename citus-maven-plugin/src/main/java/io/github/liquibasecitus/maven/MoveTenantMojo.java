package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.NodeAddress;
import io.github.liquibasecitus.operations.RebalanceException;
import io.github.liquibasecitus.operations.TenantMove;
import java.sql.Connection;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Moves one tenant with all its tables to a node: a citus_ext tenant ({@code -Dcitus.tenant=acme})
 * or a distributed schema ({@code -Dcitus.schema=billing}), to {@code -Dcitus.node=host:port}.
 * First what Citus would refuse (a node that may not hold shards, a running rebalance, tables an
 * online move cannot follow); {@code -Dcitus.dryRun=true} stops there and says what would move.
 * Then Citus moves it while the goal shows the phase, bytes copied and replication lag; on timeout
 * the move is cancelled and the tenant stays where it was.
 */
@Mojo(name = MoveTenantMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class MoveTenantMojo extends AbstractMoveMojo {
  static final String GOAL = "moveTenant";

  /** The citus_ext tenant to move, by its tenant id (exactly as registered). */
  @Parameter(property = PropertyNames.TENANT)
  String tenant;

  /** The distributed schema to move, by its name (exactly, no case folding). */
  @Parameter(property = PropertyNames.SCHEMA)
  String schema;

  /** Where to, {@code host:port} as citus:status lists the nodes. */
  @Parameter(property = PropertyNames.NODE)
  String node;

  public MoveTenantMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    boolean hasTenant = tenant != null && !tenant.isBlank();
    boolean hasSchema = schema != null && !schema.isBlank();
    if (hasTenant == hasSchema) {
      throw new MojoFailureException(
          said(
              "name one tenant to move: -D"
                  + PropertyNames.TENANT
                  + "=<tenant id> (a citus_ext tenant) or -D"
                  + PropertyNames.SCHEMA
                  + "=<schema> (a distributed schema)"
                  + (hasTenant ? ", not both" : "")
                  + "; citus:tenants lists them"));
    }
    if (node == null || node.isBlank()) {
      throw new MojoFailureException(
          said("needs the node to move to: -D" + PropertyNames.NODE + "=host:port"));
    }
    try {
      NodeAddress.parse(node.trim());
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(said(PropertyNames.NODE + ": " + e.getMessage()));
    }
    TenantMove.Request request =
        new TenantMove.Request(
            hasSchema ? TenantMove.Kind.SCHEMA : TenantMove.Kind.TENANT,
            hasSchema ? schema : tenant,
            node.trim(),
            mode(),
            dryRun,
            watch(false));
    try (ClusterLocator.Located cluster = locate();
        Connection connection = connect(cluster)) {
      TenantMove.Outcome outcome;
      try {
        outcome =
            new TenantMove(connection, () -> cluster.spec().open(), operationsLog()).move(request);
      } catch (RebalanceException e) {
        throw failed(e, cluster.name());
      }
      getLog().info(said(outcome.state() + " (" + cluster.name() + ")"));
    }
  }
}
