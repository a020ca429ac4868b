package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.Turns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rebalancing and draining a Citus cluster the way an operator would want a pipeline to: the plan
 * before anything moves, a preflight, Citus' background rebalancer started (or a running job
 * attached to), watched move by move with Citus' retries shown as they happen, stopped on request
 * or timeout, and the layout per node before and after. Plain JDBC; the caller's connection must
 * autocommit (a job only runs once committed).
 */
public final class Rebalancing {
  private final Connection connection;
  private final OperationsLog log;
  private final ShardGroups groups = new ShardGroups();
  private final NodeAdministration nodes;

  /**
   * What to do.
   *
   * @param dryRun print the plan (or the running job) and change nothing
   * @param watchToEnd watch the job until it ends; false starts it and returns
   * @param stop stop the running job instead of starting one
   */
  public record Request(
      RebalanceOptions options, boolean dryRun, boolean watchToEnd, boolean stop, Watch watch) {
    public Request {
      if (options == null || watch == null) {
        throw new IllegalArgumentException("options and watch are required");
      }
    }
  }

  /**
   * How it ended.
   *
   * @param job the background job, 0 when none ran
   * @param state the job's state, or {@code dry run}, {@code nothing to move}, {@code none}
   * @param emptyPlan why nothing moved, when nothing did; else null
   * @param plan what would move, for a dry run; else null
   */
  public record Outcome(
      long job, String state, int moves, Duration took, EmptyPlan emptyPlan, RebalancePlan plan) {
    Outcome(long job, String state, int moves, Duration took) {
      this(job, state, moves, took, null, null);
    }

    Outcome(long job, String state, int moves, Duration took, EmptyPlan emptyPlan) {
      this(job, state, moves, took, emptyPlan, null);
    }
  }

  public Rebalancing(Connection connection, OperationsLog log) {
    this.connection = connection;
    this.log = log;
    this.nodes = new NodeAdministration(connection, log);
  }

  /** The newest rebalance job that has not ended. */
  public Optional<Long> runningJob() throws SQLException {
    return PinnedSearchPath.run(connection, JobSnapshot::running);
  }

  /** What a rebalance with these options would move, with sizes. */
  public RebalancePlan plan(RebalanceOptions options) throws SQLException {
    return PinnedSearchPath.run(connection, c -> RebalancePlan.read(c, options, true, groups));
  }

  /** Rebalances as asked. */
  public Outcome rebalance(Request request) throws SQLException, RebalanceException {
    if (request.stop()) {
      return stop(request.watch());
    }
    Optional<Long> running = runningJob();
    if (running.isPresent()) {
      return attach(running.get(), request);
    }
    Request pinned =
        new Request(
            Pins.read(connection).strategyFor(request.options(), log),
            request.dryRun(),
            request.watchToEnd(),
            false,
            request.watch());
    Preflight.requireSupported(connection, pinned.options());
    if (pinned.dryRun()) {
      return dryRun(pinned.options());
    }
    return startAndWatch(pinned);
  }

  /**
   * Empties a node: marks it to hold no shards, moves its shards off with a drain-only background
   * rebalance watched like any other, checks it holds none, and removes it when asked.
   *
   * @param node {@code host:port} as the cluster knows it
   */
  public Outcome drain(Request request, String node, boolean remove)
      throws SQLException, RebalanceException {
    NodeAddress address = NodeAddress.parse(node);
    nodes.requireDrainable(address);
    Pins.read(connection).byTenant().entrySet().stream()
        .filter(
            p -> p.getValue().startsWith(address + " ") || p.getValue().equals(address.toString()))
        .forEach(
            p ->
                log.warn(
                    p.getKey().replace(':', ' ')
                        + " is pinned to "
                        + address
                        + ": the drain moves it off, and rebalances with strategy "
                        + Pins.STRATEGY
                        + " will find no node for it. Pin it elsewhere or unpin it"
                        + " (citus_ext.unpin)."));
    if (request.stop()) {
      return stop(request.watch());
    }
    Request draining =
        new Request(
            request.options().drainingOnly(),
            request.dryRun(),
            request.watchToEnd(),
            false,
            request.watch());
    Preflight.requireSupported(connection, draining.options());
    Optional<Long> running = runningJob();
    if (running.isPresent()) {
      Outcome attached = attach(running.get(), draining);
      if (request.dryRun() || !request.watchToEnd()) {
        return attached;
      }
    }
    if (request.dryRun()) {
      RebalancePlan plan = dryRunDrain(address, draining.options());
      return new Outcome(0, "dry run", plan.moves().size(), Duration.ZERO, null, plan);
    }
    boolean heldShards = nodes.holdsShards(address);
    nodes.markNoShards(address);
    Outcome outcome;
    try {
      outcome = startAndWatch(draining);
      if (request.watchToEnd()) {
        nodes.requireEmpty(address, outcome.job());
      }
    } catch (RebalanceException | SQLException | RuntimeException e) {
      // A drain that still runs keeps its mark; any other end leaves the node as it was found.
      boolean stillRunning =
          e instanceof RebalanceException r && r.kind() == RebalanceException.Kind.STILL_RUNNING;
      if (heldShards && !stillRunning) {
        nodes.restoreShards(address, e);
      }
      throw e;
    }
    if (!request.watchToEnd()) {
      return outcome;
    }
    log.info(address + " holds no shards");
    if (remove) {
      nodes.removeNode(address);
      log.info("removed " + address + " from the cluster");
    } else {
      log.info(
          "it is still a node of the cluster; remove it with citus_remove_node('"
              + address.host()
              + "', "
              + address.port()
              + ") when it may go");
    }
    return outcome;
  }

  private Outcome stop(Watch watch) throws SQLException, RebalanceException {
    Optional<Long> running = runningJob();
    if (running.isEmpty()) {
      log.info("no rebalance is running; nothing to stop");
      return new Outcome(0, "none", 0, Duration.ZERO);
    }
    long job = running.get();
    log.info("stopping job " + job);
    JobWatcher watcher = new JobWatcher(connection, log, groups);
    JobSnapshot ended = watcher.cancel(job, watch);
    log.info("job " + job + " " + ended.state() + ": " + watcher.moved(ended));
    return outcome(ended);
  }

  private Outcome attach(long job, Request request) throws SQLException, RebalanceException {
    JobSnapshot now = PinnedSearchPath.run(connection, c -> JobSnapshot.read(c, job)).orElseThrow();
    log.info(
        "a rebalance is already running as job "
            + job
            + " ("
            + now.state()
            + ", "
            + now.count("done")
            + " of "
            + now.tasks().size()
            + " done); watching it instead of starting another"
            + (request.dryRun() ? "" : " (the options given apply to the next one)"));
    if (request.dryRun() || !request.watchToEnd()) {
      return outcome(now);
    }
    ClusterStatus before = ClusterStatus.read(connection, true);
    return watchToEnd(job, request.watch(), before, "now");
  }

  private Outcome startAndWatch(Request request) throws SQLException, RebalanceException {
    RebalanceOptions options = request.options();
    Preflight preflight = PinnedSearchPath.run(connection, c -> Preflight.check(c, options));
    preflight.warnings().forEach(log::warn);
    if (!preflight.blocking().isEmpty()) {
      throw new RebalanceException(
          RebalanceException.Kind.REFUSED,
          0,
          "These tables would move, and they have no primary key or replica identity, so they"
              + " cannot move online (transfer mode auto): "
              + String.join(", ", preflight.blocking())
              + ". Give each a primary key, or a replica identity (ALTER TABLE ... REPLICA"
              + " IDENTITY FULL or USING INDEX), or move with transfer mode block_writes (writes"
              + " to a shard wait while it moves).");
    }
    ClusterStatus before = ClusterStatus.read(connection, true);
    OptionalLong started;
    // Not while a migration runs; once the job is committed, migrations see it and wait for it.
    try (Turns turn =
        Turns.move(
            connection,
            request.watch().timeout() == null ? Turns.DEFAULT_WAIT : request.watch().timeout(),
            options.drainOnly() ? "drain" : "rebalance",
            log::info)) {
      started = start(options);
    }
    if (started.isEmpty()) {
      EmptyPlan why = PinnedSearchPath.run(connection, c -> EmptyPlan.explain(c, options, before));
      log.info("nothing to move" + (options.drainOnly() ? " off drained nodes" : "") + ":");
      why.reasons().forEach(r -> log.info("  " + r));
      return new Outcome(0, "nothing to move", 0, Duration.ZERO, why);
    }
    long job = started.getAsLong();
    JobSnapshot first =
        PinnedSearchPath.run(connection, c -> JobSnapshot.read(c, job)).orElseThrow();
    log.info(
        "started job "
            + job
            + ": "
            + first.tasks().size()
            + " step(s), strategy "
            + (options.strategy() == null ? "(the cluster's default)" : options.strategy())
            + ", transfer mode "
            + options.mode().sqlName()
            + (options.drainOnly() ? ", drain only" : ""));
    if (!request.watchToEnd()) {
      log.info(
          "not watching it: it runs in the background; SELECT * FROM citus_job_status("
              + job
              + ") shows it");
      return outcome(first);
    }
    return watchToEnd(job, request.watch(), before, "before");
  }

  private Outcome watchToEnd(long job, Watch watch, ClusterStatus before, String beforeLabel)
      throws SQLException, RebalanceException {
    JobWatcher watcher = new JobWatcher(connection, log, groups);
    JobSnapshot ended = watcher.watch(job, watch);
    Outcome outcome = outcome(ended);
    switch (ended.state()) {
      case "finished" -> {
        log.info(
            "job "
                + job
                + " finished: "
                + ended.tasks().size()
                + " step(s) in "
                + JobEvents.format(outcome.took()));
        ClusterStatus after = ClusterStatus.read(connection, true);
        log.info("layout per node (" + beforeLabel + " -> after):");
        LayoutReport.lines(before, after).forEach(log::info);
        return outcome;
      }
      case "failed" -> {
        JobSnapshot.Task failed =
            ended.tasks().stream().filter(t -> "error".equals(t.status())).findFirst().orElse(null);
        throw new RebalanceException(
            RebalanceException.Kind.FAILED,
            job,
            "job "
                + job
                + " failed"
                + (failed == null
                    ? ""
                    : ": "
                        + JobEvents.step(failed, ended.position(failed), ended.tasks().size())
                        + " failed after "
                        + failed.retries()
                        + " attempt(s): "
                        + JobEvents.oneLine(failed.message())
                        + " (command: "
                        + failed.command()
                        + ")")
                + "; "
                + watcher.moved(ended)
                + ". Fix the cause, then rebalance again.");
      }
      default ->
          throw new RebalanceException(
              RebalanceException.Kind.CANCELLED,
              job,
              "job "
                  + job
                  + " was cancelled (citus_rebalance_stop() or citus_job_cancel()): "
                  + watcher.moved(ended)
                  + ". Rebalance again to move the rest.");
    }
  }

  private static Outcome outcome(JobSnapshot job) {
    Duration took =
        job.startedAt() == null
            ? Duration.ZERO
            : Duration.between(
                job.startedAt(), job.finishedAt() == null ? job.readAt() : job.finishedAt());
    return new Outcome(job.jobId(), job.state(), job.tasks().size(), took);
  }

  private Outcome dryRun(RebalanceOptions options) throws SQLException {
    RebalancePlan plan = plan(options);
    if (plan.isEmpty()) {
      ClusterStatus status = ClusterStatus.read(connection, false);
      EmptyPlan why = PinnedSearchPath.run(connection, c -> EmptyPlan.explain(c, options, status));
      log.info("dry run: nothing would move:");
      why.reasons().forEach(r -> log.info("  " + r));
      return new Outcome(0, "dry run", 0, Duration.ZERO, why, plan);
    }
    log.info(
        "dry run: "
            + plan.moves().size()
            + " shard group(s) would move ("
            + TextTable.size(plan.totalBytes())
            + "); nothing was changed:");
    plan.lines().forEach(log::info);
    Preflight preflight = PinnedSearchPath.run(connection, c -> Preflight.check(c, options));
    preflight.warnings().forEach(log::warn);
    if (!preflight.blocking().isEmpty()) {
      log.warn(
          "these tables would block the moves (no primary key or replica identity, transfer"
              + " mode auto): "
              + String.join(", ", preflight.blocking()));
    }
    return new Outcome(0, "dry run", plan.moves().size(), Duration.ZERO, null, plan);
  }

  /** The drain's plan, with the node marked in a transaction that is rolled back. */
  private RebalancePlan dryRunDrain(NodeAddress node, RebalanceOptions options)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      RebalancePlan plan =
          PinnedSearchPath.run(
              connection,
              c -> {
                NodeAdministration.setShouldHaveShards(c, node, false);
                return RebalancePlan.read(c, options, true, groups);
              });
      log.info(
          "dry run: draining "
              + node
              + " would move "
              + plan.moves().size()
              + " shard group(s) ("
              + TextTable.size(plan.totalBytes())
              + "); nothing was changed"
              + (plan.isEmpty() ? "" : ":"));
      plan.lines().forEach(log::info);
      return plan;
    } finally {
      connection.rollback();
      connection.setAutoCommit(true);
    }
  }

  private OptionalLong start(RebalanceOptions options) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT citus_rebalance_start(rebalance_strategy => ?::name, drain_only => ?,"
                + " shard_transfer_mode => ?");
    if (options.parallelReferenceTables() != null) {
      sql.append(", parallel_transfer_reference_tables => ?");
    }
    if (options.parallelColocatedShards() != null) {
      sql.append(", parallel_transfer_colocated_shards => ?");
    }
    sql.append(')');
    return PinnedSearchPath.run(
        connection,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, options.strategy());
            s.setBoolean(i++, options.drainOnly());
            // Untyped, so Citus' signature types it: naming citus.shard_transfer_mode needs USAGE
            // on schema citus, which non-superusers lack.
            s.setObject(i++, options.mode().sqlName(), Types.OTHER);
            if (options.parallelReferenceTables() != null) {
              s.setBoolean(i++, options.parallelReferenceTables());
            }
            if (options.parallelColocatedShards() != null) {
              s.setBoolean(i, options.parallelColocatedShards());
            }
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              long job = rs.getLong(1);
              return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(job);
            }
          }
        });
  }
}
