package io.github.liquibasecitus.cluster;

import io.github.liquibasecitus.sql.CitusBootstrap;
import io.github.liquibasecitus.sql.CitusVersion;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A coordinator and workers started from the Citus binaries installed into the local PostgreSQL.
 *
 * <p>Every node asks for the superuser's password over TCP (scram-sha-256), as production does; see
 * {@link LocalServers} for the rest of the lock-down. The nodes' own connections, made as whichever
 * role runs a statement (a service's role too, whose password nobody here knows), go to the other
 * nodes' Unix sockets in the private socket directory: Citus is told so per node ({@code
 * pg_dist_poolinfo}) and per node itself ({@code citus.local_hostname}). What connects over TCP
 * regardless (the subscriptions of online shard moves, as the superuser) finds the superuser's
 * password in the servers' password file ({@link LocalServers}).
 */
final class LocalCitusCluster implements CitusCluster {
  static final String DATABASE = "citus";
  private static final String SUPERUSER = "postgres";
  private static final List<String> CITUS_SETTINGS =
      List.of(
          "shared_preload_libraries = 'citus'",
          "wal_level = logical",
          // Citus runs a maintenance daemon per database, and background rebalance tasks need
          // more: PostgreSQL's default of 8 runs out.
          "max_worker_processes = 32");

  private final LocalServers servers;
  private final LocalServers.Node coordinator;
  private final String password;
  private final List<LocalServers.Node> workers;
  private String citusVersion;

  private LocalCitusCluster(
      LocalServers servers,
      LocalServers.Node coordinator,
      String password,
      List<LocalServers.Node> workers) {
    this.workers = new ArrayList<>(workers);
    this.servers = servers;
    this.coordinator = coordinator;
    this.password = password;
  }

  /** Starts a coordinator and {@code workers} workers; stops what it started if that fails. */
  static LocalCitusCluster start(PgInstallation pg, int workers) {
    return start(LocalServers.create(pg), workers);
  }

  /** Initializes a coordinator and workers on the given servers; stops them if that fails. */
  static LocalCitusCluster start(LocalServers servers, int workers) {
    try {
      String password = "citus-" + UUID.randomUUID();
      List<String> settings = nodeSettings(servers);

      // initdb dominates start-up time; run the nodes' set-up in parallel.
      CompletableFuture<LocalServers.Node> coordinatorStart =
          CompletableFuture.supplyAsync(() -> servers.start("coordinator", password, settings));
      List<CompletableFuture<LocalServers.Node>> workerStarts = new ArrayList<>();
      for (int i = 1; i <= workers; i++) {
        String name = "worker" + i;
        workerStarts.add(
            CompletableFuture.supplyAsync(() -> servers.start(name, password, settings)));
      }
      LocalServers.Node coordinator = coordinatorStart.join();
      List<LocalServers.Node> workerNodes =
          workerStarts.stream().map(CompletableFuture::join).toList();

      LocalCitusCluster cluster =
          new LocalCitusCluster(servers, coordinator, password, workerNodes);
      cluster.setUpDatabase(DATABASE);
      try (Connection c = connect(coordinator, DATABASE, password)) {
        cluster.citusVersion = CitusVersion.installed(c).orElseThrow().text();
      }
      return cluster;
    } catch (SQLException | RuntimeException e) {
      servers.close();
      throw new IllegalStateException(
          "Could not set up a local Citus cluster: " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code database} with Citus on every node, registers the workers, and routes the nodes'
   * own connections through the private socket directory.
   */
  private void setUpDatabase(String database) throws SQLException {
    for (LocalServers.Node worker : workers) {
      createCitusDatabase(worker, password, database);
    }
    createCitusDatabase(coordinator, password, database);
    try (Connection c = connect(coordinator, database, password)) {
      // Registered by its socket directory: Citus' own connections to the coordinator's
      // placements (reference tables, background jobs) go there.
      CitusBootstrap.register(
          c,
          new CitusBootstrap.Node(servers.socketDir().toString(), coordinator.port()),
          workers.stream().map(LocalCitusCluster::asWorker).toList());
    }
    routeThroughSockets(database);
  }

  /**
   * On every node, in {@code database}: each worker reached through its socket ({@code
   * pg_dist_poolinfo}, keyed by node id, which only the coordinator assigns).
   */
  private void routeThroughSockets(String database) throws SQLException {
    List<long[]> ids = new ArrayList<>(); // node id, port
    try (Connection c = connect(coordinator, database, password);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT nodeid, nodeport FROM pg_dist_node WHERE groupid <> 0")) {
      while (rs.next()) {
        ids.add(new long[] {rs.getLong(1), rs.getLong(2)});
      }
    }
    List<LocalServers.Node> all = new ArrayList<>(workers);
    all.add(0, coordinator);
    for (LocalServers.Node node : all) {
      try (Connection c = connect(node, database, password)) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO pg_dist_poolinfo (nodeid, poolinfo) VALUES (?, ?)"
                    + " ON CONFLICT (nodeid) DO UPDATE SET poolinfo = excluded.poolinfo")) {
          for (long[] id : ids) {
            s.setLong(1, id[0]);
            s.setString(
                2, "host=" + conninfoValue(servers.socketDir().toString()) + " port=" + id[1]);
            s.addBatch();
          }
          s.executeBatch();
        }
      }
    }
  }

  /** A libpq connection-string value, quoted. */
  static String conninfoValue(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * Settings of every node: Citus, and its connections to the node itself (background jobs, local
   * placements) through the private socket directory.
   */
  private static List<String> nodeSettings(LocalServers servers) {
    List<String> settings = new ArrayList<>(CITUS_SETTINGS);
    settings.add("citus.local_hostname = '" + servers.socketDir() + "'");
    return settings;
  }

  private static CitusBootstrap.Node asWorker(LocalServers.Node worker) {
    return new CitusBootstrap.Node("127.0.0.1", worker.port());
  }

  @Override
  public boolean addWorker() {
    addWorker(DATABASE);
    return true;
  }

  /** Starts a new worker server, with Citus in {@code database}, registered in that database. */
  synchronized LocalServers.Node addWorker(String database) {
    LocalServers.Node worker =
        servers.start("worker" + (workers.size() + 1), password, nodeSettings(servers));
    workers.add(worker);
    try {
      createCitusDatabase(worker, password, database);
      try (Connection c = connect(coordinator, database, password)) {
        CitusBootstrap.addWorker(c, asWorker(worker));
      }
      routeThroughSockets(database);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not add a worker: " + e.getMessage(), e);
    }
    return worker;
  }

  @Override
  public synchronized Optional<CitusCluster> newDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "database name '" + name + "': use lower-case letters, digits and underscores");
    }
    try {
      setUpDatabase(name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not set up database " + name + ": " + e.getMessage(), e);
    }
    return Optional.of(new LocalCitusDatabase(this, name, List.copyOf(workers)));
  }

  /**
   * Drops {@code database} on the coordinator and the given workers; a node that is down is left.
   */
  void dropDatabase(String database, List<LocalServers.Node> nodes) {
    List<LocalServers.Node> all = new ArrayList<>(nodes);
    all.add(0, coordinator);
    // Shard moves interrupted by a test leave replication slots and subscriptions for Citus'
    // deferred cleanup. Left behind, a slot keeps its database from being dropped on its node, and
    // Citus names slots by node, owner and operation id (which every new database counts from 1):
    // a later database's first online move would fail with "replication slot ... already exists".
    try (Connection c = connect(coordinator, database, password);
        Statement s = c.createStatement()) {
      s.execute("CALL pg_catalog.citus_cleanup_orphaned_resources()");
    } catch (SQLException e) {
      // The node-by-node cleanup below covers what this could not.
    }
    for (LocalServers.Node node : all) {
      try {
        dropReplication(node, database);
      } catch (SQLException e) {
        // A node stopped by a test, or gone: its copy goes with the cluster.
      }
      try (Connection c = connect(node, "postgres", password);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      } catch (SQLException e) {
        // A node stopped by a test, or gone: its copy goes with the cluster.
      }
    }
  }

  /** Drops the subscriptions of {@code database} on the node, then its replication slots. */
  private void dropReplication(LocalServers.Node node, String database) throws SQLException {
    try (Connection c = connect(node, database, password);
        Statement s = c.createStatement()) {
      List<String> subscriptions = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT pg_catalog.quote_ident(subname) FROM pg_catalog.pg_subscription"
                  + " WHERE subdbid = (SELECT oid FROM pg_catalog.pg_database"
                  + " WHERE datname = pg_catalog.current_database())")) {
        while (rs.next()) {
          subscriptions.add(rs.getString(1));
        }
      }
      for (String sub : subscriptions) {
        s.execute("ALTER SUBSCRIPTION " + sub + " DISABLE");
        s.execute("ALTER SUBSCRIPTION " + sub + " SET (slot_name = NONE)");
        s.execute("DROP SUBSCRIPTION " + sub);
      }
    } catch (SQLException e) {
      // No such database on this node (never created, already dropped): nothing subscribes.
    }
    try (Connection c = connect(node, "postgres", password);
        PreparedStatement terminate =
            c.prepareStatement(
                "SELECT pg_catalog.pg_terminate_backend(active_pid, 10000)"
                    + " FROM pg_catalog.pg_replication_slots"
                    + " WHERE database = ? AND active_pid IS NOT NULL");
        PreparedStatement drop =
            c.prepareStatement(
                "SELECT pg_catalog.pg_drop_replication_slot(slot_name)"
                    + " FROM pg_catalog.pg_replication_slots WHERE database = ? AND NOT active")) {
      terminate.setString(1, database);
      terminate.execute();
      drop.setString(1, database);
      drop.execute();
    }
  }

  String url(String database) {
    return url(coordinator, database);
  }

  void stopServer(LocalServers.Node node) {
    servers.stop(node.name());
  }

  void startServer(LocalServers.Node node) {
    servers.start(node.name());
  }

  @Override
  public boolean stopWorker(int n) {
    stopServer(workers.get(n - 1));
    return true;
  }

  @Override
  public boolean startWorker(int n) {
    startServer(workers.get(n - 1));
    return true;
  }

  private static void createCitusDatabase(LocalServers.Node node, String password, String database)
      throws SQLException {
    try (Connection c = connect(node, "postgres", password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    try (Connection c = connect(node, database, password)) {
      CitusBootstrap.createExtension(c);
    }
  }

  private static Connection connect(LocalServers.Node node, String database, String password)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", password);
    return DriverManager.getConnection(url(node, database), props);
  }

  private static String url(LocalServers.Node node, String database) {
    return "jdbc:postgresql://127.0.0.1:" + node.port() + "/" + database;
  }

  @Override
  public String jdbcUrl() {
    return url(coordinator, DATABASE);
  }

  @Override
  public String username() {
    return SUPERUSER;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String description() {
    return "local Citus "
        + citusVersion
        + " on "
        + servers.installation().version()
        + ", coordinator at 127.0.0.1:"
        + coordinator.port()
        + ", data in "
        + servers.runDir();
  }

  @Override
  public void close() {
    servers.close();
  }
}
