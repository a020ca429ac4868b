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

  private final LocalServers servers;
  private final LocalServers.Node coordinator;
  private final String password;
  private final String citusVersion;

  private LocalCitusCluster(
      LocalServers servers, LocalServers.Node coordinator, String password, String citusVersion) {
    this.servers = servers;
    this.coordinator = coordinator;
    this.password = password;
    this.citusVersion = citusVersion;
  }

  /** Starts a coordinator and {@code workers} workers; stops what it started if that fails. */
  static LocalCitusCluster start(PgInstallation pg, int workers) {
    LocalServers servers = LocalServers.create(pg);
    try {
      String password = "citus-" + UUID.randomUUID();
      Path pwfile = servers.runDir().resolve("pwfile");
      Files.writeString(pwfile, password + "\n");
      List<String> citus = List.of("shared_preload_libraries = 'citus'", "wal_level = logical");

      // initdb dominates start-up time; run the nodes' set-up in parallel.
      CompletableFuture<LocalServers.Node> coordinatorStart =
          CompletableFuture.supplyAsync(
              () ->
                  servers.start(
                      "coordinator",
                      List.of(
                          "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile),
                      citus));
      List<CompletableFuture<LocalServers.Node>> workerStarts = new ArrayList<>();
      for (int i = 1; i <= workers; i++) {
        String name = "worker" + i;
        workerStarts.add(
            CompletableFuture.supplyAsync(
                () -> servers.start(name, List.of("--auth=trust"), citus)));
      }
      LocalServers.Node coordinator = coordinatorStart.join();
      Files.delete(pwfile);
      List<LocalServers.Node> workerNodes =
          workerStarts.stream().map(CompletableFuture::join).toList();

      for (LocalServers.Node worker : workerNodes) {
        createCitusDatabase(worker, null);
      }
      createCitusDatabase(coordinator, password);
      String version;
      try (Connection c = connect(coordinator, DATABASE, password)) {
        try (PreparedStatement s = c.prepareStatement("SELECT citus_set_coordinator_host(?, ?)")) {
          s.setString(1, "127.0.0.1");
          s.setInt(2, coordinator.port());
          s.execute();
        }
        for (LocalServers.Node worker : workerNodes) {
          try (PreparedStatement s = c.prepareStatement("SELECT citus_add_node(?, ?)")) {
            s.setString(1, "127.0.0.1");
            s.setInt(2, worker.port());
            s.execute();
          }
        }
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'citus'")) {
          rs.next();
          version = rs.getString(1);
        }
      }
      return new LocalCitusCluster(servers, coordinator, password, version);
    } catch (IOException e) {
      servers.close();
      throw new UncheckedIOException(e);
    } catch (SQLException | RuntimeException e) {
      servers.close();
      throw new IllegalStateException(
          "Could not set up a local Citus cluster: " + e.getMessage(), e);
    }
  }

  private static void createCitusDatabase(LocalServers.Node node, String password)
      throws SQLException {
    try (Connection c = connect(node, "postgres", password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection c = connect(node, DATABASE, password);
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
