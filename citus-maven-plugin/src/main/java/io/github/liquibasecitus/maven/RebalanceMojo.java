package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.Rebalancer;
import io.github.liquibasecitus.sql.TransferMode;
import java.sql.Connection;
import java.util.OptionalLong;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Starts Citus' background rebalancer ({@code citus_rebalance_start}) and, by default, waits for it
 * and fails the build when the job fails: distributed schemas and tenants move as wholes.
 */
@Mojo(name = RebalanceMojo.GOAL, threadSafe = true)
public class RebalanceMojo extends AbstractConnectedMojo {
  static final String GOAL = "rebalance";

  /**
   * Rebalance strategy: by_shard_count, by_disk_size, or one of your own; Citus' default when
   * omitted.
   */
  @Parameter(property = PropertyNames.REBALANCE_STRATEGY)
  String rebalanceStrategy;

  /** How shards move: auto (online), force_logical or block_writes. */
  @Parameter(property = PropertyNames.TRANSFER_MODE, defaultValue = "auto")
  String transferMode;

  /** Wait for the rebalance to finish, and fail if it does not. */
  @Parameter(property = PropertyNames.REBALANCE_WAIT, defaultValue = "true")
  boolean rebalanceWait;

  @Override
  protected String goal() {
    return GOAL;
  }

  @Override
  protected void run() throws Exception {
    TransferMode mode = TransferMode.fromSqlName(transferMode);
    if (mode == null) {
      throw new MojoFailureException(
          PropertyNames.TRANSFER_MODE
              + " '"
              + transferMode
              + "' is not one of "
              + TransferMode.allNames());
    }
    try (ClusterLocator.Located cluster = locate();
        Connection connection = open(cluster)) {
      Rebalancer rebalancer = new Rebalancer(connection);
      OptionalLong job = rebalancer.start(rebalanceStrategy, mode);
      if (job.isEmpty()) {
        getLog()
            .info(
                "citus:"
                    + goal()
                    + ": the cluster is balanced; nothing to move ("
                    + cluster.name()
                    + ")");
        return;
      }
      getLog()
          .info(
              "citus:" + goal() + ": started job " + job.getAsLong() + " (" + cluster.name() + ")");
      if (!rebalanceWait) {
        getLog()
            .info(
                "citus:"
                    + goal()
                    + ": not waiting for it ("
                    + PropertyNames.REBALANCE_WAIT
                    + "=false)");
        return;
      }
      Rebalancer.JobResult result = rebalancer.await(job.getAsLong());
      if (!result.finished()) {
        throw new MojoFailureException(
            "citus:"
                + goal()
                + ": job "
                + result.jobId()
                + " ended "
                + result.state()
                + ": "
                + result.failures()
                + ". See SELECT * FROM citus_rebalance_status(); fix the cause and run citus:"
                + goal()
                + " again.");
      }
      getLog()
          .info(
              "citus:"
                  + goal()
                  + ": job "
                  + result.jobId()
                  + " finished, "
                  + result.tasks()
                  + " move(s) ("
                  + cluster.name()
                  + ")");
    }
  }

  private Connection open(ClusterLocator.Located cluster) throws MojoFailureException {
    try {
      return cluster.spec().open();
    } catch (Exception e) {
      throw Failures.connecting(cluster.name(), cluster.spec().username(), e);
    }
  }
}
