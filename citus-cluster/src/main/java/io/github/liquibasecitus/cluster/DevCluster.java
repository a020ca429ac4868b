package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A local Citus cluster that outlives the build that started it, with its data in a directory of
 * the project (under {@code target/}): {@link #start()} creates or restarts it, {@link #stop()}
 * stops it and keeps the data, and goals without a URL use it while it runs. Its state file holds
 * the coordinator's port and the superuser's password of this throwaway development cluster.
 */
public final class DevCluster {
  private static final String STATE = "cluster.properties";
  private final Path dir;

  private DevCluster(Path dir) {
    this.dir = dir;
  }

  public static DevCluster in(Path dir) {
    return new DevCluster(dir.toAbsolutePath());
  }

  public Path directory() {
    return dir;
  }

  /** The running cluster, if its state file exists and its coordinator answers. */
  public Optional<CitusCluster> running() {
    Optional<Properties> state = state();
    if (state.isEmpty()) {
      return Optional.empty();
    }
    CitusCluster cluster = handle(state.get());
    try (Connection c =
        DriverManager.getConnection(cluster.jdbcUrl(), cluster.username(), cluster.password())) {
      return Optional.of(cluster);
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /** Starts the cluster: restarts its nodes when it has data, else creates it. */
  public CitusCluster start() {
    Optional<CitusCluster> running = running();
    if (running.isPresent()) {
      return running.get();
    }
    PgInstallation pg =
        PgInstallation.locate()
            .filter(p -> p.whyNoCitus().isEmpty())
            .orElseThrow(
                () ->
                    new ClusterUnavailableException(
                        "citus:start needs Citus installed into the local PostgreSQL (citus.so in the"
                            + " pkglibdir of the PostgreSQL that pg_config names)"));
    Optional<Properties> state = state();
    if (state.isPresent() && !Files.exists(dir.resolve("pgpass"))) {
      throw new ClusterUnavailableException(
          "the dev cluster in "
              + dir
              + " was made by an earlier release, before clusters asked every node for a password;"
              + " delete it (mvn clean, or rm -r "
              + dir
              + ") and run citus:start again");
    }
    LocalServers servers = LocalServers.persistent(pg, dir);
    if (state.isPresent()) {
      try (Stream<Path> nodes = Files.list(dir)) {
        for (Path node :
            nodes.filter(p -> Files.isDirectory(p.resolve("data"))).sorted().toList()) {
          servers.restart(node.getFileName().toString(), -1);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return handle(state.get());
    }
    LocalCitusCluster cluster = LocalCitusCluster.start(servers, CitusClusters.WORKERS);
    Properties props = new Properties();
    props.setProperty("url", cluster.jdbcUrl());
    props.setProperty("username", cluster.username());
    props.setProperty("password", cluster.password());
    // The superuser's password: this user's alone.
    try (OutputStream out =
        Files.newOutputStream(
            Files.createFile(
                dir.resolve(STATE),
                PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))))) {
      props.store(out, "citus:start dev cluster; citus:stop stops it, mvn clean deletes it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return handle(props);
  }

  /** Stops the cluster's nodes, keeping their data; false when none was running. */
  public boolean stop() {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    PgInstallation pg =
        PgInstallation.locate()
            .orElseThrow(
                () -> new ClusterUnavailableException("no pg_config found to stop " + dir));
    return RunDirectories.stopAllIn(dir, pg);
  }

  private Optional<Properties> state() {
    Path file = dir.resolve(STATE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(props);
  }

  private CitusCluster handle(Properties state) {
    return new ExternalCitusCluster(
        state.getProperty("url"), state.getProperty("username"), state.getProperty("password")) {
      @Override
      public String description() {
        return "the dev cluster of citus:start at "
            + state.getProperty("url")
            + " (data in "
            + dir
            + ")";
      }
    };
  }
}
