package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.NodeAddress;
import io.github.liquibasecitus.operations.RebalanceException;
import io.github.liquibasecitus.operations.TenantIsolation;
import java.sql.Connection;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Gives one tenant of a hash-distributed table a shard of its own, with its colocated tables
 * (Citus' isolate_tenant_to_new_shard with CASCADE), and with {@code -Dcitus.node=host:port} a node
 * of its own: {@code -Dcitus.table=app.events -Dcitus.tenant=42}. What Citus would refuse (a table
 * that is not hash-distributed, replicated shards, tables an online split cannot follow) is said
 * before anything runs; {@code -Dcitus.dryRun=true} stops there. Running it again finds the tenant
 * isolated and changes nothing.
 */
@Mojo(name = IsolateTenantMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class IsolateTenantMojo extends AbstractMoveMojo {
  static final String GOAL = "isolateTenant";

  /** The hash-distributed table, as SQL names it ({@code app.events}). */
  @Parameter(property = PropertyNames.TABLE)
  String table;

  /** The tenant's value of the table's distribution column ({@code 42}, {@code acme}). */
  @Parameter(property = PropertyNames.TENANT)
  String tenant;

  /** Where to move the tenant's new shard, {@code host:port}; where it is when omitted. */
  @Parameter(property = PropertyNames.NODE)
  String node;

  public IsolateTenantMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    if (table == null || table.isBlank() || tenant == null || tenant.isEmpty()) {
      throw new MojoFailureException(
          said(
              "needs the table and the tenant: -D"
                  + PropertyNames.TABLE
                  + "=app.events -D"
                  + PropertyNames.TENANT
                  + "=<the tenant's value of its distribution column>"));
    }
    String target = node == null || node.isBlank() ? null : node.trim();
    if (target != null) {
      try {
        NodeAddress.parse(target);
      } catch (IllegalArgumentException e) {
        throw new MojoFailureException(said(PropertyNames.NODE + ": " + e.getMessage()));
      }
    }
    TenantIsolation.Request request =
        new TenantIsolation.Request(table.trim(), tenant, target, mode(), dryRun, watch(false));
    try (ClusterLocator.Located cluster = locate();
        Connection connection = connect(cluster)) {
      TenantIsolation.Outcome outcome;
      try {
        outcome = new TenantIsolation(connection, operationsLog()).isolate(request);
      } catch (RebalanceException e) {
        throw failed(e, cluster.name());
      }
      getLog()
          .info(
              said(
                  outcome.state()
                      + ": shard "
                      + outcome.shardId()
                      + " on "
                      + outcome.node()
                      + " ("
                      + cluster.name()
                      + ")"));
    }
  }
}
