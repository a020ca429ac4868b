package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.OperationsLog;
import io.github.liquibasecitus.operations.RebalanceException;
import io.github.liquibasecitus.operations.RebalanceOptions;
import io.github.liquibasecitus.operations.Rebalancing;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.TransferMode;
import java.sql.Connection;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code citus:rebalance} and {@code citus:drain} share: Citus' rebalance options, dry run,
 * watching (progress, timeout), stopping, and how their ends read in a build. The work is {@link
 * Rebalancing}'s; a goal only wires parameters and the log.
 */
public abstract class AbstractRebalanceMojo extends AbstractConnectedMojo {

  protected AbstractRebalanceMojo(String goal) {
    super(goal);
  }

  /**
   * Rebalance strategy: by_shard_count, by_disk_size, or one of your own; Citus' default when
   * omitted.
   */
  @Parameter(property = PropertyNames.REBALANCE_STRATEGY)
  String rebalanceStrategy;

  /** How shards move: auto (online), force_logical or block_writes. */
  @Parameter(property = PropertyNames.TRANSFER_MODE, defaultValue = "auto")
  String transferMode;

  /** Citus 13.2+: copy reference tables to new nodes in parallel. */
  @Parameter(property = PropertyNames.PARALLEL_REFERENCE_TABLES)
  Boolean parallelTransferReferenceTables;

  /** Citus 13.2+: move the shards of a colocation group in parallel. */
  @Parameter(property = PropertyNames.PARALLEL_COLOCATED_SHARDS)
  Boolean parallelTransferColocatedShards;

  /** Print what would move, from Citus' plan, and change nothing. */
  @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
  boolean dryRun;

  /** Watch the job until it ends and fail when it does not finish; false starts it and returns. */
  @Parameter(property = PropertyNames.REBALANCE_WAIT, defaultValue = "true")
  boolean rebalanceWait;

  /** Stop the running rebalance job instead of starting one, and say what moved. */
  @Parameter(property = PropertyNames.REBALANCE_STOP, defaultValue = "false")
  boolean rebalanceStop;

  /** Watch at most this long (ISO-8601, e.g. PT30M); the job goes on unless told to stop. */
  @Parameter(property = PropertyNames.REBALANCE_TIMEOUT)
  String rebalanceTimeout;

  /** On timeout, stop the job rather than leave it running. */
  @Parameter(property = PropertyNames.REBALANCE_STOP_ON_TIMEOUT, defaultValue = "false")
  boolean rebalanceStopOnTimeout;

  /** At most one progress line this often (ISO-8601); PT0S for none. */
  @Parameter(property = PropertyNames.REBALANCE_PROGRESS, defaultValue = "PT10S")
  String rebalanceProgress;

  /** The work, given the request and the connection. */
  protected abstract Rebalancing.Outcome rebalance(
      Rebalancing rebalancing, Rebalancing.Request request) throws Exception;

  /** Checks the goal's own parameters before anything connects. */
  protected void check() throws MojoFailureException {}

  /** Options of the goal's own, e.g. only draining. */
  protected RebalanceOptions options(RebalanceOptions options) {
    return options;
  }

  @Override
  protected void run() throws Exception {
    Rebalancing.Request request = request();
    check();
    try (ClusterLocator.Located cluster = locate();
        Connection connection = connect(cluster)) {
      Rebalancing rebalancing = new Rebalancing(connection, log());
      Rebalancing.Outcome outcome;
      try {
        outcome = rebalance(rebalancing, request);
      } catch (RebalanceException e) {
        throw new MojoFailureException(
            said(e.getMessage() + hint(e) + " (" + cluster.name() + ")"), e);
      }
      if (outcome.emptyPlan() != null && outcome.emptyPlan().strategyThatMoves() != null) {
        getLog()
            .info(
                "  To use it: -D"
                    + PropertyNames.REBALANCE_STRATEGY
                    + "="
                    + outcome.emptyPlan().strategyThatMoves());
      }
      getLog()
          .info(
              label()
                  + ": "
                  + (outcome.job() == 0
                      ? outcome.state()
                      : "job " + outcome.job() + " " + outcome.state())
                  + " ("
                  + cluster.name()
                  + ")");
    }
  }

  private OperationsLog log() {
    return new OperationsLog() {
      @Override
      public void info(String line) {
        getLog().info(line);
      }

      @Override
      public void warn(String line) {
        getLog().warn(line);
      }
    };
  }

  /** How to go on, in this plugin's options. */
  private String hint(RebalanceException e) {
    return switch (e.kind()) {
      case STILL_RUNNING ->
          " Run "
              + label()
              + " again to watch it, or with -D"
              + PropertyNames.REBALANCE_STOP
              + "=true to stop it; -D"
              + PropertyNames.REBALANCE_STOP_ON_TIMEOUT
              + "=true stops it on timeout.";
      case REFUSED ->
          e.getMessage().contains("block_writes")
              ? " (-D" + PropertyNames.TRANSFER_MODE + "=block_writes)"
              : "";
      default -> "";
    };
  }

  Rebalancing.Request request() throws MojoFailureException {
    TransferMode mode = TransferMode.fromSqlName(transferMode);
    if (mode == null) {
      throw new MojoFailureException(
          PropertyNames.TRANSFER_MODE
              + " '"
              + transferMode
              + "' is not one of "
              + TransferMode.allNames());
    }
    Watch watch;
    try {
      watch =
          Watch.parse(
              PropertyNames.REBALANCE_PROGRESS,
              rebalanceProgress,
              PropertyNames.REBALANCE_TIMEOUT,
              rebalanceTimeout,
              rebalanceStopOnTimeout);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage());
    }
    RebalanceOptions options =
        options(
            new RebalanceOptions(
                rebalanceStrategy == null || rebalanceStrategy.isBlank() ? null : rebalanceStrategy,
                false,
                mode,
                parallelTransferReferenceTables,
                parallelTransferColocatedShards));
    return new Rebalancing.Request(options, dryRun, rebalanceWait, rebalanceStop, watch);
  }
}
