package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.NodeAddress;
import io.github.liquibasecitus.operations.Rebalancing;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Empties a node before it goes: marks it to hold no shards, moves its shards off with a watched
 * drain-only background rebalance, checks that it holds none, and with {@code
 * -Dcitus.removeNode=true} removes it from the cluster. Dry run, attach, stop and timeout work as
 * for citus:rebalance.
 */
@Mojo(name = DrainMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class DrainMojo extends AbstractRebalanceMojo {
  static final String GOAL = "drain";

  /** The node to drain, {@code host:port} as citus:status lists it. */
  @Parameter(property = PropertyNames.NODE)
  String node;

  /** Remove the node from the cluster once it holds no shards. */
  @Parameter(property = PropertyNames.REMOVE_NODE, defaultValue = "false")
  boolean removeNode;

  public DrainMojo() {
    super(GOAL);
  }

  @Override
  protected void check() throws MojoFailureException {
    if (node == null || node.isBlank()) {
      throw new MojoFailureException(
          label() + " needs the node to drain: -D" + PropertyNames.NODE + "=host:port");
    }
    try {
      NodeAddress.parse(node.trim());
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(PropertyNames.NODE + ": " + e.getMessage());
    }
  }

  @Override
  protected Rebalancing.Outcome rebalance(Rebalancing rebalancing, Rebalancing.Request request)
      throws Exception {
    return rebalancing.drain(request, node.trim(), removeNode);
  }
}
