package io.github.liquibasecitus.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A coordinator and workers in {@code citusdata/citus} containers on one Docker network. Only
 * loaded when Testcontainers is on the classpath.
 */
final class ContainerCitusCluster implements CitusCluster {
  static final String DEFAULT_IMAGE = "citusdata/citus:13.0";
  private static final int PORT = 5432;

  private final Network network;
  private final List<GenericContainer<?>> containers;
  private final GenericContainer<?> coordinator;
  private final String password;
  private final String image;

  private ContainerCitusCluster(
      Network network, List<GenericContainer<?>> containers, String password, String image) {
    this.network = network;
    this.containers = containers;
    this.coordinator = containers.get(0);
    this.password = password;
    this.image = image;
  }

  /** Empty when a Docker engine answers; otherwise why not. */
  static java.util.Optional<String> whyUnavailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable()
          ? java.util.Optional.empty()
          : java.util.Optional.of("no Docker engine answers");
    } catch (RuntimeException | LinkageError e) {
      return java.util.Optional.of("Docker could not be asked: " + e.getMessage());
    }
  }

  static ContainerCitusCluster start(String image, int workers) {
    String password = "citus-" + UUID.randomUUID();
    Network network = Network.newNetwork();
    List<GenericContainer<?>> containers = new ArrayList<>();
    try {
      containers.add(node(image, network, "coordinator", password));
      for (int i = 1; i <= workers; i++) {
        containers.add(node(image, network, "worker" + i, password));
      }
      containers.parallelStream().forEach(GenericContainer::start);
      ContainerCitusCluster cluster =
          new ContainerCitusCluster(network, containers, password, image);
      try (Connection c = cluster.connect()) {
        try (PreparedStatement s = c.prepareStatement("SELECT citus_set_coordinator_host(?, ?)")) {
          s.setString(1, "coordinator");
          s.setInt(2, PORT);
          s.execute();
        }
        for (int i = 1; i <= workers; i++) {
          try (PreparedStatement s = c.prepareStatement("SELECT citus_add_node(?, ?)")) {
            s.setString(1, "worker" + i);
            s.setInt(2, PORT);
            s.execute();
          }
        }
      }
      return cluster;
    } catch (SQLException | RuntimeException e) {
      containers.forEach(GenericContainer::stop);
      network.close();
      throw new IllegalStateException(
          "Could not start Citus containers (" + image + "): " + e.getMessage(), e);
    }
  }

  private static GenericContainer<?> node(
      String image, Network network, String alias, String password) {
    return new GenericContainer<>(DockerImageName.parse(image))
        .withNetwork(network)
        .withNetworkAliases(alias)
        .withEnv("POSTGRES_PASSWORD", password)
        // Inside the private network the nodes trust each other, as Citus connects without a
        // password.
        .withEnv(
            "POSTGRES_HOST_AUTH_METHOD", "coordinator".equals(alias) ? "scram-sha-256" : "trust")
        .withEnv("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256")
        .withExposedPorts(PORT)
        .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 2));
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://"
        + coordinator.getHost()
        + ":"
        + coordinator.getMappedPort(PORT)
        + "/postgres";
  }

  @Override
  public String username() {
    return "postgres";
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String description() {
    return "Testcontainers " + image + " (coordinator and " + (containers.size() - 1) + " workers)";
  }

  @Override
  public Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, password);
  }

  @Override
  public void close() {
    containers.forEach(GenericContainer::stop);
    network.close();
  }
}
