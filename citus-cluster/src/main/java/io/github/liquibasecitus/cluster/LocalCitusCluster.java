package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Clients authenticate to the coordinator with a password (scram-sha-256) over TCP, so that
 * wrong credentials fail as they would in production; the nodes trust each other on loopback, as
 * Citus' internal connections carry no password here.
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
  private final String citusVersion;
  private final List<LocalServers.Node> workers;

  private LocalCitusCluster(
      LocalServers servers,
      LocalServers.Node coordinator,
      String password,
      String citusVersion,
      List<LocalServers.Node> workers) {
    this.workers = new ArrayList<>(workers);
    this.servers = servers;
    this.coordinator = coordinator;
    this.password = password;
    this.citusVersion = citusVersion;
  }

  /** Starts a coordinator and {@code workers} workers; stops what it started if that fails. */
  static LocalCitusCluster start(PgInstallation pg, int workers) {
    return start(LocalServers.create(pg), workers);
  }

  /** Initializes a coordinator and workers on the given servers; stops them if that fails. */
  static LocalCitusCluster start(LocalServers servers, int workers) {
    try {
      String password = "citus-" + UUID.randomUUID();
      Path pwfile = servers.runDir().resolve("pwfile");
      Files.writeString(pwfile, password + "\n");

      // initdb dominates start-up time; run the nodes' set-up in parallel.
      CompletableFuture<LocalServers.Node> coordinatorStart =
          CompletableFuture.supplyAsync(
              () ->
                  servers.start(
                      "coordinator",
                      List.of(
                          "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile),
                      coordinatorSettings(servers)));
      List<CompletableFuture<LocalServers.Node>> workerStarts = new ArrayList<>();
      for (int i = 1; i <= workers; i++) {
        String name = "worker" + i;
        workerStarts.add(
            CompletableFuture.supplyAsync(
                () -> servers.start(name, List.of("--auth=trust"), CITUS_SETTINGS)));
      }
      LocalServers.Node coordinator = coordinatorStart.join();
      Files.delete(pwfile);
      List<LocalServers.Node> workerNodes =
          workerStarts.stream().map(CompletableFuture::join).toList();

      String version;
      setUpDatabase(servers, coordinator, password, workerNodes, DATABASE);
      try (Connection c = connect(coordinator, DATABASE, password)) {
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'citus'")) {
          rs.next();
          version = rs.getString(1);
        }
      }
      return new LocalCitusCluster(servers, coordinator, password, version, workerNodes);
    } catch (IOException e) {
      servers.close();
      throw new UncheckedIOException(e);
    } catch (SQLException | RuntimeException e) {
      servers.close();
      throw new IllegalStateException(
          "Could not set up a local Citus cluster: " + e.getMessage(), e);
    }
  }

  /** Creates {@code database} with Citus on every node and registers the workers in it. */
  private static void setUpDatabase(
      LocalServers servers,
      LocalServers.Node coordinator,
      String password,
      List<LocalServers.Node> workers,
      String database)
      throws SQLException {
    for (LocalServers.Node worker : workers) {
      createCitusDatabase(worker, null, database);
    }
    createCitusDatabase(coordinator, password, database);
    try (Connection c = connect(coordinator, database, password)) {
      // Registered by its socket directory: Citus' own connections to the coordinator's
      // placements (reference tables, background jobs) then need no password.
      try (PreparedStatement s = c.prepareStatement("SELECT citus_set_coordinator_host(?, ?)")) {
        s.setString(1, servers.socketDir("coordinator").toString());
        s.setInt(2, coordinator.port());
        s.execute();
      }
      for (LocalServers.Node worker : workers) {
        addNode(c, worker);
      }
    }
  }

  /**
   * The coordinator connects to itself (background jobs, local shard placements) at
   * citus.local_hostname; pointing that at its Unix socket directory lets those connections use
   * local trust, while clients over TCP must still give the password.
   */
  private static List<String> coordinatorSettings(LocalServers servers) {
    List<String> settings = new ArrayList<>(CITUS_SETTINGS);
    settings.add("citus.local_hostname = '" + servers.socketDir("coordinator") + "'");
    return settings;
  }

  private static void addNode(Connection coordinator, LocalServers.Node worker)
      throws SQLException {
    try (PreparedStatement s = coordinator.prepareStatement("SELECT citus_add_node(?, ?)")) {
      s.setString(1, "127.0.0.1");
      s.setInt(2, worker.port());
      s.execute();
    }
  }

  @Override
  public boolean addWorker() {
    addWorker(DATABASE);
    return true;
  }

  /** Starts a new worker server, with Citus in {@code database}, registered in that database. */
  synchronized LocalServers.Node addWorker(String database) {
    LocalServers.Node worker =
        servers.start("worker" + (workers.size() + 1), List.of("--auth=trust"), CITUS_SETTINGS);
    workers.add(worker);
    try {
      createCitusDatabase(worker, null, database);
      try (Connection c = connect(coordinator, database, password)) {
        addNode(c, worker);
      }
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
      setUpDatabase(servers, coordinator, password, workers, name);
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
    for (LocalServers.Node node : all) {
      try (Connection c = connect(node, "postgres", node == coordinator ? password : null);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      } catch (SQLException e) {
        // A node stopped by a test, or gone: its copy goes with the cluster.
      }
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
    try (Connection c = connect(node, database, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION citus");
    }
  }

  private static Connection connect(LocalServers.Node node, String database, String password)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    if (password != null) {
      props.setProperty("password", password);
    }
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
