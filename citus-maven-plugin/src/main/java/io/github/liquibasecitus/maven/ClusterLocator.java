package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.CitusClusters;
import io.github.liquibasecitus.cluster.ClusterUnavailableException;
import io.github.liquibasecitus.cluster.DevCluster;
import io.github.liquibasecitus.cluster.Redaction;
import io.github.liquibasecitus.operations.ConnectionSpec;
import io.github.liquibasecitus.operations.JdbcUrl;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * Where the cluster comes from: {@code citus.url} when given; else the dev cluster of {@code
 * citus:start} while it runs; else a throwaway cluster, started once and shared by the goals of one
 * {@code mvn} command (it stops when Maven exits). The long description is said once per build;
 * each goal's summary names the cluster in a few words.
 */
final class ClusterLocator {
  private static final String THROWAWAY = ClusterLocator.class.getName() + ".throwaway";

  /**
   * A cluster to connect to.
   *
   * @param spec the URL and credentials
   * @param name a few words for the goal's summary line
   * @param owned a cluster this goal started and must stop, or null
   */
  record Located(ConnectionSpec spec, String name, CitusCluster owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned != null) {
        owned.close();
      }
    }
  }

  private ClusterLocator() {}

  static Located locate(
      ConnectionSpec configured, Path buildDirectory, BuildStore build, Log log, String goal)
      throws MojoFailureException {
    if (configured.url() != null) {
      return new Located(configured, shortUrl(configured.url()), null);
    }
    Optional<CitusCluster> dev = DevCluster.in(devClusterDirectory(buildDirectory)).running();
    if (dev.isPresent()) {
      if (build == null || build.firstTime(ClusterLocator.class.getName() + ".dev")) {
        log.info("No " + PropertyNames.URL + " given: using " + dev.get().description());
      }
      return new Located(
          spec(dev.get(), configured), "dev cluster " + shortUrl(dev.get().jdbcUrl()), null);
    }
    try {
      if (build == null) {
        CitusCluster cluster = CitusClusters.fromEnvironment().throwaway().open();
        log.info(startedLine(cluster));
        return new Located(spec(cluster, configured), "throwaway cluster", cluster);
      }
      CitusCluster cluster =
          (CitusCluster)
              build.computeIfAbsent(
                  THROWAWAY,
                  () -> {
                    CitusCluster started = CitusClusters.fromEnvironment().throwaway().open();
                    log.info(startedLine(started));
                    return started;
                  });
      return new Located(spec(cluster, configured), "throwaway cluster", null);
    } catch (ClusterUnavailableException e) {
      throw new MojoFailureException(
          AbstractCitusMojo.label(goal)
              + " has no cluster: no "
              + PropertyNames.URL
              + " is set, no dev cluster of "
              + AbstractCitusMojo.label(StartMojo.GOAL)
              + " runs, and no throwaway cluster can be"
              + " started. "
              + e.getMessage());
    }
  }

  /**
   * A new cluster of this goal's own, whatever is configured or running: started, used, and deleted
   * when the returned value is closed (citus:check's apply mode).
   */
  static Located throwaway(ConnectionSpec configured, Log log, String goal)
      throws MojoFailureException {
    try {
      CitusCluster cluster = CitusClusters.fromEnvironment().throwaway().open();
      log.info(
          AbstractCitusMojo.label(goal)
              + ": started a throwaway cluster: "
              + cluster.description());
      return new Located(spec(cluster, configured), "throwaway cluster", cluster);
    } catch (ClusterUnavailableException e) {
      throw new MojoFailureException(
          AbstractCitusMojo.label(goal)
              + " cannot start a throwaway cluster to apply the changelog on. "
              + e.getMessage());
    }
  }

  private static String startedLine(CitusCluster cluster) {
    return "No "
        + PropertyNames.URL
        + " given: started a throwaway cluster for this build: "
        + cluster.description();
  }

  /** The cluster's URL and superuser, as the configured role when one is. */
  private static ConnectionSpec spec(CitusCluster cluster, ConnectionSpec configured) {
    return new ConnectionSpec(
        cluster.jdbcUrl(), cluster.username(), cluster.password(), configured.role());
  }

  /** Where citus:start keeps its dev cluster. */
  static Path devClusterDirectory(Path buildDirectory) {
    return buildDirectory.resolve("citus-cluster");
  }

  /** {@code host:port/database} of a JDBC URL: no scheme, no parameters (nor a password). */
  static String shortUrl(String url) {
    try {
      return JdbcUrl.parse(url).shortForm();
    } catch (IllegalArgumentException notForPgJdbc) {
      // Connecting will say what is wrong with it; here it is only named, without secrets.
      return Redaction.url(url);
    }
  }
}
