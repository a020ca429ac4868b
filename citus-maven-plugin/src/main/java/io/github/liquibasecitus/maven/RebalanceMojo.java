package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.ext.change.ColocateWithTenantChange;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Starts Citus' background rebalancer ({@code citus_rebalance_start}) and, by default, waits for it
 * and fails the build when the job fails: distributed schemas and tenants move as wholes.
 */
@Mojo(name = "rebalance", threadSafe = true)
public class RebalanceMojo extends AbstractCitusMojo {
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
    return "rebalance";
  }

  @Override
  protected boolean needsChangeLog() {
    return false;
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    if (!ColocateWithTenantChange.TRANSFER_MODES.contains(transferMode)) {
      throw new MojoFailureException(
          PropertyNames.TRANSFER_MODE
              + " '"
              + transferMode
              + "' is not one of auto, force_logical, block_writes");
    }
    try (CitusConnection connection = connect(settings)) {
      // Liquibase's connection does not autocommit; the background job must be committed to run.
      connection.jdbc().setAutoCommit(true);
      Long job;
      // The mode goes untyped (Types.OTHER), so Citus' signature types it: naming the type
      // would need USAGE on schema citus.
      try (PreparedStatement start =
          connection
              .jdbc()
              .prepareStatement(
                  "SELECT pg_catalog.citus_rebalance_start(rebalance_strategy => ?::name,"
                      + " shard_transfer_mode => ?)")) {
        start.setString(1, rebalanceStrategy);
        start.setObject(2, transferMode, java.sql.Types.OTHER);
        try (ResultSet rs = start.executeQuery()) {
          rs.next();
          job = (Long) rs.getObject(1);
        }
      }
      if (job == null) {
        getLog()
            .info(
                "citus:rebalance: the cluster is balanced; nothing to move ("
                    + connection.where()
                    + ")");
        return;
      }
      getLog().info("citus:rebalance: started job " + job);
      if (!rebalanceWait) {
        return;
      }
      try (CallableStatement wait =
          connection.jdbc().prepareCall("SELECT pg_catalog.citus_job_wait(?)")) {
        wait.setLong(1, job);
        wait.execute();
      }
      try (PreparedStatement state =
          connection
              .jdbc()
              .prepareStatement(
                  "SELECT j.state::text, (SELECT count(*) FROM pg_catalog.pg_dist_background_task t WHERE t.job_id = j.job_id),"
                      + " (SELECT string_agg(t.message, '; ') FROM pg_catalog.pg_dist_background_task t"
                      + "  WHERE t.job_id = j.job_id AND t.status IN ('error', 'cancelled'))"
                      + " FROM pg_catalog.pg_dist_background_job j WHERE j.job_id = ?")) {
        state.setLong(1, job);
        try (ResultSet rs = state.executeQuery()) {
          rs.next();
          if (!"finished".equals(rs.getString(1))) {
            throw new MojoFailureException(
                "citus:rebalance: job "
                    + job
                    + " ended "
                    + rs.getString(1)
                    + ": "
                    + rs.getString(3)
                    + ". See SELECT * FROM citus_rebalance_status(); fix the cause and run citus:rebalance again.");
          }
          getLog().info("citus:rebalance: job " + job + " finished, " + rs.getLong(2) + " move(s)");
        }
      }
    }
  }
}
