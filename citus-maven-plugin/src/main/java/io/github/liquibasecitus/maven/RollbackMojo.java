package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Rolls back changesets: the last N, those after a tag, or those after a date. */
@Mojo(name = RollbackMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class RollbackMojo extends AbstractRollbackMojo {
  static final String GOAL = "rollback";

  /**
   * Wait for a running rebalance or shard move to end before changing the database (at most {@code
   * waitForRebalanceTimeout}); false refuses at once. Rebalance, drain and moveTenant wait likewise
   * for a running update or rollback: DDL on a table whose shard moves waits for the move.
   */
  @Parameter(property = PropertyNames.WAIT_FOR_REBALANCE, defaultValue = "true")
  boolean waitForRebalance;

  /** How long to wait for a running rebalance or shard move (ISO-8601). */
  @Parameter(property = PropertyNames.WAIT_FOR_REBALANCE_TIMEOUT, defaultValue = "PT30M")
  String waitForRebalanceTimeout;

  public RollbackMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    change(
        command(false),
        "rolled back",
        true,
        rebalanceWait(waitForRebalance, waitForRebalanceTimeout));
  }
}
