package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.RebalanceOptions;
import io.github.liquibasecitus.operations.Rebalancing;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Rebalances the cluster with Citus' background rebalancer: a preflight, then {@code
 * citus_rebalance_start} (or the running job, attached to), watched move by move with Citus'
 * retries as they happen, and the layout per node before and after. Distributed schemas and tenants
 * move as wholes. {@code -Dcitus.dryRun=true} shows the plan; {@code -Dcitus.rebalanceStop=true}
 * stops the running job.
 */
@Mojo(name = RebalanceMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class RebalanceMojo extends AbstractRebalanceMojo {
  static final String GOAL = "rebalance";

  /** Only move shards off nodes marked to hold none (citus:drain marks and drains one node). */
  @Parameter(property = PropertyNames.DRAIN_ONLY, defaultValue = "false")
  boolean drainOnly;

  public RebalanceMojo() {
    super(GOAL);
  }

  @Override
  protected RebalanceOptions options(RebalanceOptions options) {
    return drainOnly ? options.drainingOnly() : options;
  }

  @Override
  protected Rebalancing.Outcome rebalance(Rebalancing rebalancing, Rebalancing.Request request)
      throws Exception {
    return rebalancing.rebalance(request);
  }
}
