package io.github.liquibasecitus.cluster;

import io.github.liquibasecitus.sql.CitusBootstrap;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A coordinator and workers in {@code citusdata/citus} containers on one Docker network, each a
 * Testcontainers {@link PostgreSQLContainer} (the Citus image as a compatible substitute for {@code
 * postgres}), so start-up waits and JDBC URLs are Testcontainers' own. Only loaded when
 * Testcontainers is on the classpath.
 */
final class ContainerCitusCluster implements CitusCluster {
  static final String DEFAULT_IMAGE = "citusdata/citus:13.0";
  private static final String DATABASE = "postgres";
  private static final String SUPERUSER = "postgres";
  private static final int PORT = 5432;

  private final Network network;
  private final List<PostgreSQLContainer> containers;
  private final PostgreSQLContainer coordinator;
  private final String image;

  private ContainerCitusCluster(
      Network network, List<PostgreSQLContainer> containers, String image) {
    this.network = network;
    this.containers = containers;
    this.coordinator = containers.get(0);
    this.image = image;
  }

  /** Empty when a Docker engine answers; otherwise why not. */
  static Optional<String> whyUnavailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable()
          ? Optional.empty()
          : Optional.of("no Docker engine answers");
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("Docker could not be asked: " + e.getMessage());
    }
  }

  static ContainerCitusCluster start(String image, int workers) {
    String password = "citus-" + UUID.randomUUID();
    Network network = Network.newNetwork();
    List<PostgreSQLContainer> containers = new ArrayList<>();
    try {
      containers.add(node(image, network, "coordinator", password));
      for (int i = 1; i <= workers; i++) {
        containers.add(node(image, network, "worker" + i, password));
      }
      containers.parallelStream().forEach(PostgreSQLContainer::start);
      ContainerCitusCluster cluster = new ContainerCitusCluster(network, containers, image);
      try (Connection c = cluster.connect()) {
        CitusBootstrap.register(
            c,
            new CitusBootstrap.Node("coordinator", PORT),
            IntStream.rangeClosed(1, workers)
                .mapToObj(i -> new CitusBootstrap.Node("worker" + i, PORT))
                .toList());
      }
      return cluster;
    } catch (SQLException | RuntimeException e) {
      containers.forEach(PostgreSQLContainer::stop);
      network.close();
      throw new IllegalStateException(
          "Could not start Citus containers (" + image + "): " + e.getMessage(), e);
    }
  }

  private static PostgreSQLContainer node(
      String image, Network network, String alias, String password) {
    return new PostgreSQLContainer(
            DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
        .withDatabaseName(DATABASE)
        .withUsername(SUPERUSER)
        .withPassword(password)
        .withNetwork(network)
        .withNetworkAliases(alias)
        // Inside the private network the nodes trust each other, as Citus connects without a
        // password; clients of the coordinator must give it.
        .withEnv(
            "POSTGRES_HOST_AUTH_METHOD", "coordinator".equals(alias) ? "scram-sha-256" : "trust")
        .withEnv("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256")
        // Background rebalance jobs need workers beyond Citus' maintenance daemons.
        .withCommand("postgres", "-c", "fsync=off", "-c", "max_worker_processes=32");
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://"
        + coordinator.getHost()
        + ":"
        + coordinator.getMappedPort(PORT)
        + "/"
        + DATABASE;
  }

  @Override
  public String username() {
    return SUPERUSER;
  }

  @Override
  public String password() {
    return coordinator.getPassword();
  }

  @Override
  public String description() {
    return "Testcontainers " + image + " (coordinator and " + (containers.size() - 1) + " workers)";
  }

  @Override
  public void close() {
    containers.forEach(PostgreSQLContainer::stop);
    network.close();
  }
}
