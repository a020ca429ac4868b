package io.github.liquibasecitus.check.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.check.Location;
import io.github.liquibasecitus.check.Rule;
import io.github.liquibasecitus.check.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What each step of a migration (a changeset, a Flyway migration) did to the tables that existed
 * before it, measured on every node of the cluster it is applied to: the locks it held that make
 * reads or writes wait, the tables it rewrote, the notices PostgreSQL and Citus raised.
 *
 * <p>A probe connection of its own reads, on every node at once ({@code run_command_on_all_nodes}),
 * the relation locks held by the distributed transaction of the applying connection (its global
 * process id) and the files of every table. Called inside the step's transaction, before it
 * commits, one read gives both the locks the step holds and the tables as they were before it (the
 * probe cannot see uncommitted work); the next read gives them after it.
 */
public final class LockTrace {
  public static final Rule LOCKS =
      new Rule(
          "CITUS206",
          Severity.INFO,
          "Holds locks that make reads or writes wait",
          "Traced in apply mode: the changeset or migration held, until it committed, a lock on a"
              + " table that existed before it that makes writes (SHARE and above) or reads and"
              + " writes (ACCESS EXCLUSIVE) of that table wait. On Citus the lock is taken on the"
              + " coordinator and on every shard on every worker. The message gives the lock, where"
              + " it was held and for how long on the throwaway cluster; production holds it as long"
              + " as the statement takes on its data.",
          "Use the forms that take weaker locks (CREATE INDEX CONCURRENTLY, NOT VALID then"
              + " VALIDATE CONSTRAINT), set lock_timeout, and deploy when the table is quiet.");
  public static final Rule REWRITE =
      new Rule(
          "CITUS207",
          Severity.WARNING,
          "Rewrites a table",
          "Traced in apply mode: a table that existed before the changeset or migration got new"
              + " files, on the coordinator or on its shards: every row was copied while an ACCESS"
              + " EXCLUSIVE lock was held. On a large distributed table that is every shard, on"
              + " every node.",
          "Add the column without a volatile default and backfill in batches; change a type by a"
              + " new column, a backfill and a rename.");
  public static final Rule NOTICE =
      new Rule(
          "CITUS208",
          Severity.INFO,
          "Notice raised while applying",
          "Traced in apply mode: PostgreSQL or Citus raised a notice or warning while the changeset"
              + " or migration ran (a command Citus does not propagate to the workers, a foreign"
              + " key it drops, a table it undistributes, ...).",
          "Read the notice: it often says that the cluster differs from what the changeset"
              + " says.");

  /** Every rule of the trace, in id order. */
  public static final List<Rule> ALL = List.of(LOCKS, REWRITE, NOTICE);

  /**
   * The command each node runs: its tables and their files, and the relation locks the traced
   * transaction holds there; the coordinator adds its nodes and shards. {@code %d} is the traced
   * global process id.
   */
  static final String NODE_COMMAND =
      "SELECT pg_catalog.json_build_object("
          + "'coordinator', pg_catalog.citus_is_coordinator(),"
          + " 'tables', (SELECT pg_catalog.json_agg(pg_catalog.json_build_array("
          + "c.oid, c.relfilenode, n.nspname, c.relname))"
          + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
          + " ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
          + " WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,m}'::pg_catalog.\"char\"[])"
          + " AND n.nspname OPERATOR(pg_catalog.!~) '^pg_'"
          + " AND NOT n.nspname OPERATOR(pg_catalog.=) ANY ('{information_schema,citus,"
          + "citus_internal,columnar,columnar_internal}'::pg_catalog.name[])),"
          + " 'locks', (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(l.relation,"
          + " l.mode)) FROM pg_catalog.pg_locks l JOIN pg_catalog.get_all_active_transactions() t"
          + " ON t.process_id OPERATOR(pg_catalog.=) l.pid"
          + " WHERE t.global_pid OPERATOR(pg_catalog.=) %d"
          + " AND l.locktype OPERATOR(pg_catalog.=) 'relation' AND l.granted),"
          + " 'nodes', CASE WHEN pg_catalog.citus_is_coordinator() THEN (SELECT"
          + " pg_catalog.json_agg(pg_catalog.json_build_array(d.nodeid, d.nodename, d.nodeport))"
          + " FROM pg_catalog.pg_dist_node d) END,"
          + " 'shards', CASE WHEN pg_catalog.citus_is_coordinator() THEN (SELECT"
          + " pg_catalog.json_agg(pg_catalog.json_build_array(s.shardid, s.logicalrelid::pg_catalog.oid))"
          + " FROM pg_catalog.pg_dist_shard s) END)::pg_catalog.text";

  /** The probe's query: {@link #NODE_COMMAND} on every node, with the node's id. */
  static final String PROBE =
      "SELECT r.nodeid, r.success, r.result FROM pg_catalog.run_command_on_all_nodes(?) r";

  /**
   * The Citus global process id of a coordinator backend, from its process id: read on the probe,
   * so that nothing runs on the traced connection (inside a migration's transaction, a query of
   * ours would come before its first statement).
   */
  static final String GLOBAL_PID =
      "SELECT pg_catalog.citus_calculate_gpid(pg_catalog.citus_coordinator_nodeid(), a.pid)"
          + " FROM pg_catalog.pg_stat_activity a WHERE a.pid OPERATOR(pg_catalog.=) ?"
          + " AND a.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()";

  /** Lock modes from weakest to strongest. */
  private static final List<String> MODES =
      List.of(
          "AccessShareLock",
          "RowShareLock",
          "RowExclusiveLock",
          "ShareUpdateExclusiveLock",
          "ShareLock",
          "ShareRowExclusiveLock",
          "ExclusiveLock",
          "AccessExclusiveLock");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection probe;
  private long traced;
  private int followedPid = -1;
  private String broken;
  private final List<Step> steps = new ArrayList<>();
  private Sample last;
  private String current;
  private long started;
  private boolean outside;
  private long ranFor;
  private Sample held;
  private final List<String> notices = new ArrayList<>();
  private Step awaitingFiles;

  /**
   * @param probe a connection of its own to the database the steps run in (autocommit); the
   *     connection that runs the steps is given by {@link #follow}
   */
  public LockTrace(Connection probe) {
    this.probe = probe;
  }

  /**
   * The connection whose steps are traced, without a query on it; Flyway may run each migrate on a
   * connection of its own.
   */
  public void follow(Connection connection) {
    try {
      follow(connection.unwrap(org.postgresql.PGConnection.class).getBackendPID());
    } catch (SQLException e) {
      stop(e);
    }
  }

  /** The connection whose steps are traced, by its backend's process id. */
  public void follow(int backendPid) {
    if (broken != null || backendPid == followedPid) {
      return;
    }
    try (PreparedStatement s = probe.prepareStatement(GLOBAL_PID)) {
      s.setInt(1, backendPid);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || rs.getObject(1) == null) {
          // Behind a connection pooler the driver's backend pid is the pooler's.
          throw new SQLException(
              "the migration's connection (backend pid "
                  + backendPid
                  + ") is no backend of this database on the coordinator: a connection pooler?");
        }
        traced = rs.getLong(1);
        followedPid = backendPid;
      }
    } catch (SQLException e) {
      stop(e);
    }
  }

  /**
   * Why the trace stopped (a node that did not answer, a right the user lacks), or null: the
   * migration goes on untraced, and the caller says so, never as a finding of the migration.
   */
  public String broken() {
    return broken;
  }

  private void stop(SQLException e) {
    if (broken == null) {
      broken = e.getMessage();
    }
    current = null;
  }

  /** Whether a step began and has not ended. */
  public boolean inStep() {
    return current != null;
  }

  /**
   * A step is about to run; {@code outsideTransaction} when it commits statement by statement (its
   * locks are gone before they can be read; the tables are read before it instead).
   */
  public void begin(String step, boolean outsideTransaction) {
    if (broken != null) {
      return;
    }
    current = step;
    outside = outsideTransaction;
    held = null;
    notices.clear();
    if (outside) {
      try {
        files(read(0));
      } catch (SQLException e) {
        stop(e);
        return;
      }
    }
    started = System.nanoTime();
  }

  /**
   * Inside the step's transaction, after its last statement ran: what it holds, and the tables as
   * they were before it.
   */
  public void holding() {
    if (current != null && !outside) {
      ranFor = (System.nanoTime() - started) / 1_000_000;
      try {
        Sample sample = read(traced);
        files(sample);
        held = sample;
      } catch (SQLException e) {
        stop(e);
      }
    }
  }

  /** A notice or warning raised while the current step ran. */
  public void notice(String text) {
    if (current != null && text != null && !notices.contains(text)) {
      notices.add(text);
    }
  }

  /** The current step committed. */
  public void end() {
    if (current == null || (held == null && !outside)) {
      current = null;
      return; // nothing of it ran
    }
    long millis = outside ? (System.nanoTime() - started) / 1_000_000 : ranFor;
    Step step =
        new Step(current, millis, held == null ? Map.of() : locks(held), List.copyOf(notices));
    step.before = last;
    steps.add(step);
    awaitingFiles = step;
    current = null;
  }

  /** The current step failed: it is not traced. */
  public void failed() {
    current = null;
  }

  /** After the last step: reads the tables once more, for the last step's rewrites. */
  public List<Step> finish() {
    if (awaitingFiles != null && broken == null) {
      try {
        files(read(0));
      } catch (SQLException e) {
        stop(e);
      }
    }
    return List.copyOf(steps);
  }

  /**
   * The findings of the traced steps, located by step name; {@code where} names the cluster they
   * ran on.
   */
  public static List<Finding> findings(
      List<Step> steps, Function<String, Location> locate, String where) {
    List<Finding> found = new ArrayList<>();
    for (Step step : steps) {
      Location at = locate.apply(step.name());
      List<String> waits = new ArrayList<>();
      step.locks()
          .forEach(
              (table, held) ->
                  waits.add(
                      held.mode()
                          + " on "
                          + table
                          + " ("
                          + held.where()
                          + "): "
                          + (held.mode().equals("AccessExclusiveLock")
                              ? "reads and writes"
                              : "writes")
                          + " of "
                          + table
                          + " wait"));
      if (!waits.isEmpty()) {
        found.add(
            LOCKS.at(
                at,
                "on "
                    + where
                    + ", held from its first statement until commit (its statements took "
                    + step.millis()
                    + " ms there): "
                    + String.join("; ", waits)));
      }
      step.rewritten()
          .forEach(
              (table, places) ->
                  found.add(
                      REWRITE.at(
                          at,
                          "rewrote "
                              + table
                              + " ("
                              + places.where()
                              + "): every row was copied under an ACCESS EXCLUSIVE lock")));
      for (String notice : step.notices()) {
        found.add(NOTICE.at(at, "while it ran: " + notice));
      }
    }
    return found;
  }

  private Sample read(long gpid) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement statement = probe.prepareStatement(PROBE)) {
      statement.setString(1, String.format(java.util.Locale.ROOT, NODE_COMMAND, gpid));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          if (!rs.getBoolean(2)) {
            throw new SQLException(
                "tracing could not read node " + rs.getInt(1) + ": " + rs.getString(3));
          }
          rows.add(new String[] {Integer.toString(rs.getInt(1)), rs.getString(3)});
        }
      }
    }
    try {
      return Sample.parse(rows);
    } catch (RuntimeException e) {
      throw new SQLException("tracing could not read the nodes: " + e.getMessage(), e);
    }
  }

  /** A new reading of the tables' files: the state after the step that awaited it. */
  private void files(Sample sample) {
    if (awaitingFiles != null && awaitingFiles.before != null) {
      awaitingFiles.rewritten = rewrites(awaitingFiles.before, sample);
      awaitingFiles.before = null; // kept no longer than needed: it is every table of every node
    }
    awaitingFiles = null;
    last = sample;
  }

  /** The locks that make reads or writes wait, on tables that existed before, per table. */
  static Map<String, Held> locks(Sample sample) {
    Map<String, String> strongest = new TreeMap<>();
    Map<String, Places> places = new TreeMap<>();
    for (Sample.Lock lock : sample.locks()) {
      int rank = MODES.indexOf(lock.mode());
      if (rank < MODES.indexOf("ShareLock")) {
        continue;
      }
      Sample.Table table = sample.table(lock.node(), lock.relation());
      if (table == null) {
        continue; // not a table, or one the step created (the probe cannot see it)
      }
      String name = sample.logical(table);
      strongest.merge(name, lock.mode(), (a, b) -> MODES.indexOf(a) >= MODES.indexOf(b) ? a : b);
      places.computeIfAbsent(name, n -> new Places(sample)).add(table);
    }
    Map<String, Held> held = new LinkedHashMap<>();
    strongest.forEach((name, mode) -> held.put(name, new Held(mode, places.get(name).describe())));
    return held;
  }

  /** The tables whose files changed between two readings, per logical table. */
  static Map<String, Held> rewrites(Sample before, Sample after) {
    Map<String, Places> places = new TreeMap<>();
    for (Sample.Table table : before.tables()) {
      Sample.Table now = after.table(table.node(), table.oid());
      if (now != null && table.filenode() != 0 && now.filenode() != table.filenode()) {
        places.computeIfAbsent(before.logical(table), n -> new Places(before)).add(table);
      }
    }
    Map<String, Held> rewritten = new LinkedHashMap<>();
    places.forEach((name, p) -> rewritten.put(name, new Held("AccessExclusiveLock", p.describe())));
    return rewritten;
  }

  /** One traced step: the locks it held and the tables it rewrote, per table. */
  public static final class Step {
    private final String name;
    private final long millis;
    private final Map<String, Held> locks;
    private final List<String> notices;
    private Map<String, Held> rewritten = Map.of();
    private Sample before;

    Step(String name, long millis, Map<String, Held> locks, List<String> notices) {
      this.name = name;
      this.millis = millis;
      this.locks = locks;
      this.notices = notices;
    }

    public String name() {
      return name;
    }

    public long millis() {
      return millis;
    }

    public Map<String, Held> locks() {
      return locks;
    }

    public Map<String, Held> rewritten() {
      return rewritten;
    }

    public List<String> notices() {
      return notices;
    }
  }

  /** A lock mode and where it was held ({@code the coordinator and 4 shards on 2 workers}). */
  public record Held(String mode, String where) {}

  /** Where the relations of one logical table are: coordinator, shards, workers. */
  private static final class Places {
    private final Sample sample;
    private boolean coordinator;
    private final Set<String> shards = new LinkedHashSet<>();
    private final Set<Integer> workers = new LinkedHashSet<>();
    private final Set<Integer> shells = new LinkedHashSet<>();

    Places(Sample sample) {
      this.sample = sample;
    }

    void add(Sample.Table table) {
      if (table.node() == sample.coordinator()) {
        coordinator = true;
      } else if (sample.isShard(table)) {
        shards.add(table.node() + ":" + table.oid());
        workers.add(table.node());
      } else {
        shells.add(table.node());
      }
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      if (coordinator) {
        parts.add("the coordinator");
      }
      if (!shards.isEmpty()) {
        parts.add(
            shards.size()
                + (shards.size() == 1 ? " shard on " : " shards on ")
                + workers.size()
                + (workers.size() == 1 ? " worker" : " workers"));
      }
      if (!shells.isEmpty() && shards.isEmpty()) {
        parts.add(shells.size() + (shells.size() == 1 ? " worker" : " workers"));
      }
      return String.join(" and ", parts);
    }
  }

  /** One reading of every node: tables, their files, the traced locks; shards and nodes. */
  record Sample(
      int coordinator,
      Map<String, Table> byNode,
      List<Lock> locks,
      Map<Long, Long> shardTables,
      Map<Integer, String> nodes) {

    record Table(int node, long oid, long filenode, String schema, String name) {}

    record Lock(int node, long relation, String mode) {}

    Table table(int node, long oid) {
      return byNode.get(node + ":" + oid);
    }

    Iterable<Table> tables() {
      return byNode.values();
    }

    boolean isShard(Table table) {
      return shardOf(table) != null;
    }

    /** The coordinator's table a shard belongs to, or null. */
    private Table shardOf(Table table) {
      int cut = table.name().lastIndexOf('_');
      if (cut < 0) {
        return null;
      }
      try {
        Long logical = shardTables.get(Long.parseLong(table.name().substring(cut + 1)));
        Table parent = logical == null ? null : table(coordinator, logical);
        // Same schema and the shard's id: Citus shortens long names, with a hash, before the id.
        return parent != null && parent.schema().equals(table.schema()) && parent != table
            ? parent
            : null;
      } catch (NumberFormatException notAShard) {
        return null;
      }
    }

    /** {@code schema.table} of the table a relation is, or is a shard of. */
    String logical(Table table) {
      Table parent = shardOf(table);
      Table named = parent != null ? parent : table;
      return named.schema() + "." + named.name();
    }

    /** Rows of {@code nodeid, result} from the probe. */
    static Sample parse(List<String[]> rows) {
      int coordinator = -1;
      Map<String, Table> tables = new LinkedHashMap<>();
      List<Lock> locks = new ArrayList<>();
      Map<Long, Long> shards = new LinkedHashMap<>();
      Map<Integer, String> nodes = new LinkedHashMap<>();
      for (String[] row : rows) {
        int node = Integer.parseInt(row[0]);
        JsonNode json;
        try {
          json = JSON.readTree(row[1]);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (json.path("coordinator").asBoolean()) {
          coordinator = node;
          json.path("shards").forEach(s -> shards.put(s.get(0).asLong(), s.get(1).asLong()));
          json.path("nodes")
              .forEach(
                  n -> nodes.put(n.get(0).asInt(), n.get(1).asText() + ":" + n.get(2).asInt()));
        }
        for (JsonNode t : json.path("tables")) {
          Table table =
              new Table(
                  node, t.get(0).asLong(), t.get(1).asLong(), t.get(2).asText(), t.get(3).asText());
          tables.put(node + ":" + table.oid(), table);
        }
        json.path("locks")
            .forEach(l -> locks.add(new Lock(node, l.get(0).asLong(), l.get(1).asText())));
      }
      if (coordinator < 0) {
        throw new IllegalStateException(
            "no node answered as the coordinator: is it in pg_dist_node of this database?");
      }
      return new Sample(coordinator, tables, locks, shards, nodes);
    }
  }
}
