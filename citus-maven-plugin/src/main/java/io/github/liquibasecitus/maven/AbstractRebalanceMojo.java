package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.JsonDocument;
import io.github.liquibasecitus.operations.RebalanceException;
import io.github.liquibasecitus.operations.RebalanceOptions;
import io.github.liquibasecitus.operations.Rebalancing;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.TransferMode;
import java.io.File;
import java.sql.Connection;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code citus:rebalance} and {@code citus:drain} share: Citus' rebalance options, a job
 * watched or left running, stopping. The work is {@link Rebalancing}'s; a goal only wires
 * parameters and the log.
 */
public abstract class AbstractRebalanceMojo extends AbstractMoveMojo {

  protected AbstractRebalanceMojo(String goal) {
    super(goal);
  }

  /**
   * Rebalance strategy: by_shard_count, by_disk_size, or one of your own; Citus' default when
   * omitted.
   */
  @Parameter(property = PropertyNames.REBALANCE_STRATEGY)
  String rebalanceStrategy;

  /** Citus 13.2+: copy reference tables to new nodes in parallel. */
  @Parameter(property = PropertyNames.PARALLEL_REFERENCE_TABLES)
  Boolean parallelTransferReferenceTables;

  /** Citus 13.2+: move the shards of a colocation group in parallel. */
  @Parameter(property = PropertyNames.PARALLEL_COLOCATED_SHARDS)
  Boolean parallelTransferColocatedShards;

  /** Watch the job until it ends and fail when it does not finish; false starts it and returns. */
  @Parameter(property = PropertyNames.REBALANCE_WAIT, defaultValue = "true")
  boolean rebalanceWait;

  /** Stop the running rebalance job instead of starting one, and say what moved. */
  @Parameter(property = PropertyNames.REBALANCE_STOP, defaultValue = "false")
  boolean rebalanceStop;

  /** On timeout, stop the job rather than leave it running. */
  @Parameter(property = PropertyNames.REBALANCE_STOP_ON_TIMEOUT, defaultValue = "false")
  boolean rebalanceStopOnTimeout;

  /**
   * {@code text} (the log) or {@code json}: with a dry run, also its plan as a JSON document
   * (docs/reference/json.md), in {@code outputFile} or on standard output.
   */
  @Parameter(property = PropertyNames.FORMAT, defaultValue = "text")
  String format;

  /** With {@code json}: the file to write the document to; standard output when omitted. */
  @Parameter(property = PropertyNames.OUTPUT_FILE)
  File outputFile;

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
    boolean json = JsonOutput.wanted(format, label());
    check();
    try (ClusterLocator.Located cluster = locate();
        Connection connection = connect(cluster)) {
      Rebalancing rebalancing = new Rebalancing(connection, operationsLog());
      Rebalancing.Outcome outcome;
      try {
        outcome = rebalance(rebalancing, request);
      } catch (RebalanceException e) {
        throw failed(e, cluster.name());
      }
      if (outcome.emptyPlan() != null && outcome.emptyPlan().strategyThatMoves() != null) {
        getLog()
            .info(
                "  To use it: -D"
                    + PropertyNames.REBALANCE_STRATEGY
                    + "="
                    + outcome.emptyPlan().strategyThatMoves());
      }
      String where =
          json && request.dryRun()
              ? "; " + JsonOutput.write(JsonDocument.plan(goal(), outcome.plan()), outputFile)
              : "";
      getLog()
          .info(
              label()
                  + ": "
                  + (outcome.job() == 0
                      ? outcome.state()
                      : "job " + outcome.job() + " " + outcome.state())
                  + where
                  + " ("
                  + cluster.name()
                  + ")");
    }
  }

  /** How to go on, in this plugin's options. */
  @Override
  String hint(RebalanceException e) {
    if (e.kind() != RebalanceException.Kind.STILL_RUNNING) {
      return super.hint(e);
    }
    return " Run "
        + label()
        + " again to watch it, or with -D"
        + PropertyNames.REBALANCE_STOP
        + "=true to stop it; -D"
        + PropertyNames.REBALANCE_STOP_ON_TIMEOUT
        + "=true stops it on timeout.";
  }

  Rebalancing.Request request() throws MojoFailureException {
    TransferMode mode = mode();
    Watch watch = watch(rebalanceStopOnTimeout);
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
