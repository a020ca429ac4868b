package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Applies the changelog's pending changesets; one line per changeset, a summary at the end. */
@Mojo(name = UpdateMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class UpdateMojo extends AbstractChangeLogMojo {
  static final String GOAL = "update";

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

  public UpdateMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    change(
        LiquibaseCommand.named("update"),
        "applied",
        false,
        rebalanceWait(waitForRebalance, waitForRebalanceTimeout));
  }
}
