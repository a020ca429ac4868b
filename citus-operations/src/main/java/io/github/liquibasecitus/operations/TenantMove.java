package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.LibraryState;
import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.TransferMode;
import io.github.liquibasecitus.sql.Turns;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves one tenant, a distributed schema or a citus_ext tenant, with all its tables to a node, the
 * way a rebalance is moved: preflight first (the node, a running rebalance, tables an online move
 * cannot follow), a dry run that changes nothing, then Citus' move ({@code citus_schema_move} or
 * {@code citus_ext.move_tenant}) on a connection of its own while this one watches Citus' progress
 * (phase, bytes copied, replication lag) and cancels the move when the time runs out. A cancelled
 * or failed move leaves the tenant where it was: Citus drops its partial copy.
 */
public final class TenantMove {

  /** Opens another connection to the coordinator, as the same user and role. */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  /** The two kinds of tenant. */
  public enum Kind {
    /** A distributed schema: every table in it. */
    SCHEMA,
    /** A tenant of the citus_ext registry: its colocation group. */
    TENANT;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What to move where.
   *
   * @param name the schema's or tenant's name, exactly (no case folding)
   * @param node {@code host:port} as {@code pg_dist_node} lists it
   */
  public record Request(
      Kind kind, String name, String node, TransferMode mode, boolean dryRun, Watch watch) {
    public Request {
      if (kind == null || name == null || name.isBlank() || mode == null || watch == null) {
        throw new IllegalArgumentException("kind, name, mode and watch are required");
      }
      NodeAddress.parse(node);
    }
  }

  /**
   * How it ended.
   *
   * @param state {@code moved}, {@code dry run} or {@code already there}
   * @param from where the tenant was
   * @param to where it is now (or would be)
   */
  public record Outcome(
      String state, String from, String to, int tables, Long bytes, Duration took) {}

  /** A tenant as the catalogs hold it. */
  record Found(int colocationId, long schemaOid, String node, List<Long> shards, int tables) {}

  /** How long the size of the tenant is waited for. */
  static final Duration SIZE_WAIT = Duration.ofSeconds(5);

  private final Connection connection;
  private final Connector connector;
  private final OperationsLog log;

  /**
   * @param connection the connection that reads and watches (autocommit)
   * @param connector opens the connection the move runs on
   */
  public TenantMove(Connection connection, Connector connector, OperationsLog log) {
    this.connection = connection;
    this.connector = connector;
    this.log = log;
  }

  /** Moves as asked. */
  public Outcome move(Request request) throws SQLException, RebalanceException {
    String what = request.kind().word() + " " + request.name();
    Found found = find(request.kind(), request.name());
    NodeAddress target = NodeAddress.parse(request.node());
    Preflight.requireShardNode(connection, target);
    if (target.toString().equals(found.node())) {
      log.info(what + " is already on " + target + "; nothing to move");
      return new Outcome("already there", found.node(), found.node(), found.tables(), null, null);
    }
    Optional<Long> job = PinnedSearchPath.run(connection, JobSnapshot::running);
    if (job.isPresent()) {
      throw refused(
          "a rebalance is running as job "
              + job.get()
              + "; a move now would compete with it for the same shards. Wait for it to end"
              + " (citus:rebalance attaches to it and watches), or stop it, then move "
              + what
              + ". Nothing changed.");
    }
    if (!progress(found).isEmpty()) {
      throw refused(what + " is already being moved by another session. Nothing changed.");
    }
    List<String> withoutIdentity =
        Preflight.withoutReplicaIdentity(connection, found.colocationId());
    if (request.mode() == TransferMode.AUTO && !withoutIdentity.isEmpty()) {
      throw refused(
          what
              + " has tables with no primary key or replica identity, which cannot move online"
              + " (transfer mode auto): "
              + String.join(", ", withoutIdentity)
              + ". Give each a primary key or a replica identity, or move with transfer mode"
              + " block_writes (writes to "
              + what
              + " wait while it moves). Nothing changed.");
    }
    if (request.mode() == TransferMode.FORCE_LOGICAL && !withoutIdentity.isEmpty()) {
      log.warn(
          "these tables have no primary key or replica identity: while they move"
              + " (force_logical), UPDATE and DELETE on them fail: "
              + String.join(", ", withoutIdentity));
    }
    String pin = Pins.read(connection).of(request.kind().word(), request.name());
    if (pin != null && !pin.startsWith(target + " ") && !pin.equals(target.toString())) {
      log.warn(
          what
              + " is pinned to "
              + pin
              + ": the next rebalance with strategy "
              + Pins.STRATEGY
              + " moves it back. Pin it to "
              + target
              + " (citus_ext.pin_"
              + request.kind().word()
              + ") or unpin it (citus_ext.unpin).");
    }
    Long bytes = bytes(found);
    String plan =
        what
            + " ("
            + found.tables()
            + (found.tables() == 1 ? " table, " : " tables, ")
            + (bytes == null ? "size unknown" : TextTable.size(bytes))
            + ") from "
            + found.node()
            + " to "
            + target
            + ", transfer mode "
            + request.mode().sqlName();
    if (request.dryRun()) {
      log.info("dry run: would move " + plan + "; nothing was changed");
      if (bytes != null) {
        log.info(
            "  "
                + target
                + " needs about "
                + TextTable.size(bytes)
                + " free for the copy; free disk is not readable from SQL, so it is not checked");
      }
      return new Outcome("dry run", found.node(), target.toString(), found.tables(), bytes, null);
    }
    Duration took;
    try (Turns turn =
        Turns.move(
            connection,
            request.watch().timeout() == null ? Turns.DEFAULT_WAIT : request.watch().timeout(),
            "move of " + what,
            log::info)) {
      log.info("moving " + plan);
      long started = System.nanoTime();
      run(request, found, target, what);
      took = Duration.ofNanos(System.nanoTime() - started);
    }
    Found after = find(request.kind(), request.name());
    if (!target.toString().equals(after.node())) {
      throw new RebalanceException(
          RebalanceException.Kind.FAILED,
          0,
          "Citus returned from the move, yet "
              + what
              + " is on "
              + after.node()
              + ", not "
              + target);
    }
    log.info("moved " + what + " from " + found.node() + " to " + target + " in " + seconds(took));
    return new Outcome("moved", found.node(), target.toString(), found.tables(), bytes, took);
  }

  /** Runs the move on a connection of its own and watches it from this one. */
  private void run(Request request, Found found, NodeAddress target, String what)
      throws SQLException, RebalanceException {
    boolean library = trustedLibrary();
    AtomicInteger pid = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread mover =
        new Thread(
            () -> {
              try (Connection c = connector.open()) {
                c.setAutoCommit(true);
                pid.set(PinnedSearchPath.run(c, TenantMove::backendPid));
                PinnedSearchPath.run(c, m -> moveOn(m, request, found, target, library));
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "citus-move-" + request.name());
    mover.setDaemon(true);
    mover.start();
    Watch watch = request.watch();
    long started = System.nanoTime();
    long lastProgress = started;
    boolean cancelled = false;
    // Citus is asked for progress only once per progress interval: measured on Citus 13.2,
    // get_rebalance_progress() during the catching-up phase can hold a move back by 5 s, so the
    // end of the move is awaited on the move itself, not polled for.
    while (!awaited(done, watch.poll())) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      if (!watch.progressEvery().isZero()
          && Duration.ofNanos(System.nanoTime() - lastProgress).compareTo(watch.progressEvery())
              >= 0) {
        log.info(progressLine(what, progress(found), elapsed));
        lastProgress = System.nanoTime();
      }
      if (!cancelled
          && watch.timeout() != null
          && elapsed.compareTo(watch.timeout()) >= 0
          && pid.get() != 0) {
        log.warn(what + ": no end after " + seconds(watch.timeout()) + "; cancelling");
        cancel(pid.get());
        cancelled = true;
      }
    }
    try {
      done.get(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while moving " + what, e);
    } catch (TimeoutException e) {
      throw new SQLException("the move of " + what + " did not return", e);
    } catch (ExecutionException e) {
      String cleaned = cleanUp();
      Found now = find(request.kind(), request.name());
      String cause = e.getCause() == null ? e.toString() : e.getCause().getMessage();
      throw new RebalanceException(
          cancelled ? RebalanceException.Kind.STOPPED_ON_TIMEOUT : RebalanceException.Kind.FAILED,
          0,
          (cancelled
                  ? what
                      + " did not move within "
                      + seconds(watch.timeout())
                      + " and the move was cancelled"
                  : "moving " + what + " to " + target + " failed: " + JobEvents.oneLine(cause))
              + "; it is on "
              + now.node()
              + cleaned
              + (cancelled ? " Move it again with a longer timeout, or none." : ""));
    }
  }

  private static Void moveOn(
      Connection c, Request request, Found found, NodeAddress target, boolean recorded)
      throws SQLException {
    // Through citus_ext where it is installed and trusted, so that the move is recorded (a
    // changelog's moveTenant rollback, citus_ext.move_back); plain Citus otherwise.
    String sql =
        request.kind() == Kind.SCHEMA
            ? recorded
                ? "SELECT citus_ext.move_schema(?::oid::regnamespace, ?, ?, ?)"
                : "SELECT citus_schema_move(?::oid::regnamespace, ?, ?, ?)"
            : "SELECT citus_ext.move_tenant(?, ?, ?, ?)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (request.kind() == Kind.SCHEMA) {
        s.setLong(1, found.schemaOid());
      } else {
        s.setString(1, request.name());
      }
      s.setString(2, target.host());
      s.setInt(3, target.port());
      // Untyped: naming citus.shard_transfer_mode needs USAGE on schema citus.
      s.setObject(4, request.mode().sqlName(), Types.OTHER);
      s.execute();
    }
    return null;
  }

  /** Drops what the move left (shards, slots, subscriptions) now rather than in the background. */
  private String cleanUp() {
    try {
      PinnedSearchPath.run(
          connection,
          c -> {
            try (var s = c.createStatement()) {
              s.execute("CALL citus_cleanup_orphaned_resources()");
            }
            return null;
          });
      return " (its partial copy is dropped).";
    } catch (SQLException e) {
      return " (Citus drops its partial copy in the background).";
    }
  }

  private static Integer backendPid(Connection c) throws SQLException {
    return Integer.valueOf(PinnedSearchPath.rows(c, "SELECT pg_backend_pid()").get(0).get(0));
  }

  private void cancel(int pid) throws SQLException {
    PinnedSearchPath.run(
        connection, c -> PinnedSearchPath.rows(c, "SELECT pg_cancel_backend(?)", pid));
  }

  /** The tenant's colocation group, node and shards; refuses a name the cluster lacks. */
  Found find(Kind kind, String name) throws SQLException, RebalanceException {
    String group =
        kind == Kind.SCHEMA
            ? "SELECT s.colocationid, n.oid FROM pg_dist_schema s"
                + " JOIN pg_namespace n ON n.oid = s.schemaid WHERE n.nspname = ?"
            : "SELECT t.colocation_id, 0 FROM citus_ext.tenant t WHERE t.tenant_id = ?";
    if (kind == Kind.TENANT && !libraryInstalled()) {
      throw refused(
          "there is no tenant '"
              + name
              + "': the citus_ext library is not installed in this database, so it has no"
              + " tenants. A distributed schema moves with -Dcitus.schema.");
    }
    List<List<String>> rows =
        PinnedSearchPath.run(connection, c -> PinnedSearchPath.rows(c, group, name));
    if (rows.isEmpty()) {
      throw refused(
          "there is no "
              + (kind == Kind.SCHEMA ? "distributed schema" : "tenant")
              + " '"
              + name
              + "' (names are exact, no case folding); "
              + known(kind)
              + ". Nothing changed.");
    }
    int colocation = Integer.parseInt(rows.get(0).get(0));
    long oid = Long.parseLong(rows.get(0).get(1));
    List<List<String>> shards =
        PinnedSearchPath.run(
            connection,
            c ->
                PinnedSearchPath.rows(
                    c,
                    "SELECT sh.shardid, n.nodename || ':' || n.nodeport"
                        + " FROM pg_dist_partition p"
                        + " JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid"
                        + " JOIN pg_dist_placement pl ON pl.shardid = sh.shardid"
                        + " JOIN pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'"
                        + " WHERE p.colocationid = ? ORDER BY sh.shardid",
                    colocation));
    if (shards.isEmpty()) {
      throw refused(kind.word() + " " + name + " has no tables yet, so there is nothing to move.");
    }
    List<Long> ids = shards.stream().map(r -> Long.valueOf(r.get(0))).toList();
    return new Found(colocation, oid, shards.get(0).get(1), ids, ids.size());
  }

  private String known(Kind kind) throws SQLException {
    String sql =
        kind == Kind.SCHEMA
            ? "SELECT s.schemaid::regnamespace::text FROM pg_dist_schema s ORDER BY 1 LIMIT 11"
            : "SELECT t.tenant_id FROM citus_ext.tenant t ORDER BY 1 LIMIT 11";
    List<String> names =
        PinnedSearchPath.run(connection, c -> PinnedSearchPath.rows(c, sql)).stream()
            .map(r -> r.get(0))
            .toList();
    if (names.isEmpty()) {
      return "this database has none (citus:tenants lists both kinds)";
    }
    return (kind == Kind.SCHEMA ? "its distributed schemas: " : "its tenants: ")
        + String.join(", ", names.subList(0, Math.min(10, names.size())))
        + (names.size() > 10 ? ", ... (citus:tenants lists them all)" : "");
  }

  private boolean trustedLibrary() throws SQLException {
    LibraryState state = CitusExtInstaller.state(connection);
    return state.trusted() && state.isCurrentFor(CitusExtInstaller.library());
  }

  private boolean libraryInstalled() throws SQLException {
    return "t"
        .equals(
            PinnedSearchPath.run(
                    connection,
                    c ->
                        PinnedSearchPath.rows(
                            c, "SELECT to_regclass('citus_ext.tenant') IS NOT NULL"))
                .get(0)
                .get(0));
  }

  /**
   * The tenant's bytes, or null when the workers do not say within {@link #SIZE_WAIT}: reading a
   * shard's size waits behind a session that holds the table locked, and the move should not.
   */
  private Long bytes(Found found) throws SQLException {
    connection.setAutoCommit(false);
    try {
      return PinnedSearchPath.run(
          connection,
          c -> {
            PinnedSearchPath.rows(
                c, "SELECT set_config('statement_timeout', ?, true)", SIZE_WAIT.toMillis() + "ms");
            Array ids = c.createArrayOf("bigint", found.shards().toArray());
            return Long.valueOf(
                PinnedSearchPath.rows(
                        c,
                        "SELECT coalesce(sum(s.size), 0)::bigint FROM citus_shard_sizes() s"
                            + " WHERE s.shard_id = ANY (?)",
                        ids)
                    .get(0)
                    .get(0));
          });
    } catch (SQLException e) {
      if (!"57014".equals(e.getSQLState())) {
        throw e;
      }
      log.warn(
          "the tenant's size was not read within "
              + seconds(SIZE_WAIT)
              + " (a session may hold its tables locked; the move will wait for it too)");
      return null;
    } finally {
      connection.rollback();
      connection.setAutoCommit(true);
    }
  }

  /** One move of one shard in progress, as Citus reports it. */
  record Progress(long shardId, String status, long sourceBytes, long targetBytes, Long lag) {}

  private List<Progress> progress(Found found) throws SQLException {
    return PinnedSearchPath.run(
        connection,
        c -> {
          List<Progress> rows = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT p.shardid, p.status::text, p.source_shard_size, p.target_shard_size,"
                      + " pg_wal_lsn_diff(p.source_lsn, p.target_lsn)::bigint"
                      + " FROM get_rebalance_progress() p WHERE p.shardid = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", found.shards().toArray()));
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new Progress(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        (Long) rs.getObject(5)));
              }
            }
          }
          return rows;
        });
  }

  /** The phases of the moving shards, the least advanced first: {@code Copying Data}. */
  static String phase(List<Progress> now) {
    return String.join(
        ", ", now.stream().map(Progress::status).filter(s -> s != null).distinct().toList());
  }

  static String progressLine(String what, List<Progress> now, Duration elapsed) {
    if (now.isEmpty()) {
      return what + ": moving, " + seconds(elapsed) + " (Citus reports no progress yet)";
    }
    long source = now.stream().mapToLong(Progress::sourceBytes).sum();
    long target = now.stream().mapToLong(Progress::targetBytes).sum();
    Long lag =
        now.stream().map(Progress::lag).filter(l -> l != null).reduce(Long::sum).orElse(null);
    return what
        + ": "
        + phase(now)
        + ", "
        + TextTable.size(Math.min(target, source))
        + " of "
        + TextTable.size(source)
        + " copied"
        + (lag == null ? "" : ", " + TextTable.size(Math.max(0, lag)) + " behind")
        + ", "
        + seconds(elapsed);
  }

  /** 0.4 s, 12.3 s; longer ones as the rebalance prints them. */
  static String seconds(Duration d) {
    if (d.toSeconds() >= 60) {
      return JobEvents.format(d);
    }
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private static RebalanceException refused(String message) {
    return new RebalanceException(RebalanceException.Kind.REFUSED, 0, message);
  }

  /** Whether the move has ended, waiting for it at most {@code d}. */
  private static boolean awaited(CompletableFuture<Void> done, Duration d) throws SQLException {
    try {
      done.get(d.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while watching a move", e);
    }
  }
}
