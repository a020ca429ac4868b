package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.RebalanceException;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.TransferMode;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal that moves shards shares (citus:rebalance, citus:drain, citus:moveTenant): the
 * transfer mode, a dry run, how the move is watched (progress, timeout), and how a move that did
 * not end as asked reads in a build. The work is citus-operations'; a goal only wires parameters.
 */
public abstract class AbstractMoveMojo extends AbstractConnectedMojo {

  protected AbstractMoveMojo(String goal) {
    super(goal);
  }

  /** How shards move: auto (online), force_logical or block_writes. */
  @Parameter(property = PropertyNames.TRANSFER_MODE, defaultValue = "auto")
  String transferMode;

  /** Print what would move and change nothing. */
  @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
  boolean dryRun;

  /**
   * Watch at most this long (ISO-8601, e.g. PT30M). A rebalance job then goes on in the background
   * (unless rebalanceStopOnTimeout); a tenant move, which runs in the goal's own session, is
   * cancelled and the tenant stays where it was.
   */
  @Parameter(property = PropertyNames.REBALANCE_TIMEOUT)
  String rebalanceTimeout;

  /** At most one progress line this often (ISO-8601); PT0S for none. */
  @Parameter(property = PropertyNames.REBALANCE_PROGRESS, defaultValue = "PT10S")
  String rebalanceProgress;

  /** The transfer mode as given, or a failure naming the option and the modes there are. */
  TransferMode mode() throws MojoFailureException {
    TransferMode mode = TransferMode.fromSqlName(transferMode);
    if (mode == null) {
      throw new MojoFailureException(
          said(
              PropertyNames.TRANSFER_MODE
                  + " '"
                  + transferMode
                  + "' is not one of "
                  + TransferMode.allNames()));
    }
    return mode;
  }

  /** How to watch, from the progress and timeout options. */
  Watch watch(boolean stopOnTimeout) throws MojoFailureException {
    try {
      return Watch.parse(
          PropertyNames.REBALANCE_PROGRESS,
          rebalanceProgress,
          PropertyNames.REBALANCE_TIMEOUT,
          rebalanceTimeout,
          stopOnTimeout);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(said(e.getMessage()));
    }
  }

  /** The failure for a move that did not end as asked, with this goal's way to go on. */
  MojoFailureException failed(RebalanceException e, String cluster) {
    return new MojoFailureException(said(e.getMessage() + hint(e) + " (" + cluster + ")"), e);
  }

  /** How to go on, in this plugin's options; empty by default. */
  String hint(RebalanceException e) {
    return e.kind() == RebalanceException.Kind.REFUSED && e.getMessage().contains("block_writes")
        ? " (-D" + PropertyNames.TRANSFER_MODE + "=block_writes)"
        : "";
  }
}
