package io.github.liquibasecitus.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Chooses where a Citus cluster comes from. The three ways, in the order the tests try them:
 *
 * <ol>
 *   <li>external: {@code CITUS_URL} (environment) or {@code citus.url} (system property), with
 *       {@code CITUS_USERNAME}/{@code citus.username} and {@code CITUS_PASSWORD}/{@code
 *       citus.password};
 *   <li>local binaries: Citus installed into the PostgreSQL that {@code pg_config} names, started
 *       as a coordinator and two workers in a temporary directory;
 *   <li>Testcontainers: {@code citusdata/citus} containers ({@code CITUS_IMAGE} or {@code
 *       citus.image} to choose the tag) where a Docker engine answers.
 * </ol>
 */
public final class CitusClusters {
  public static final int WORKERS = 2;

  private final Map<String, String> env;
  private final Properties properties;

  private CitusClusters(Map<String, String> env, Properties properties) {
    this.env = env;
    this.properties = properties;
  }

  /** Reads this process's environment and system properties. */
  public static CitusClusters fromEnvironment() {
    return new CitusClusters(System.getenv(), System.getProperties());
  }

  static CitusClusters of(Map<String, String> env, Properties properties) {
    return new CitusClusters(env, properties);
  }

  /** For tests: an external cluster if one is named, else local binaries, else Testcontainers. */
  public ClusterSource forTests() {
    Optional<ClusterSource> external = external();
    if (external.isPresent()) {
      return external.get();
    }
    return firstAvailable(List.of(Way.LOCAL, Way.CONTAINERS));
  }

  /**
   * For a build with no URL configured: Testcontainers where Docker answers, else local binaries.
   */
  public ClusterSource throwaway() {
    return firstAvailable(List.of(Way.CONTAINERS, Way.LOCAL));
  }

  private enum Way {
    LOCAL,
    CONTAINERS
  }

  private ClusterSource firstAvailable(List<Way> order) {
    List<String> reasons = new ArrayList<>();
    reasons.add("CITUS_URL / -Dcitus.url is not set");
    for (Way way : order) {
      switch (way) {
        case LOCAL -> {
          Optional<PgInstallation> pg = PgInstallation.locate();
          Optional<String> why =
              pg.isEmpty()
                  ? Optional.of("no pg_config found (PG_CONFIG, /usr/lib/postgresql/N/bin, PATH)")
                  : pg.get().whyNoCitus();
          if (why.isEmpty()) {
            return new ClusterSource(
                "local binaries", () -> LocalCitusCluster.start(pg.get(), WORKERS));
          }
          reasons.add(why.get());
        }
        case CONTAINERS -> {
          Optional<String> why = whyNoContainers();
          if (why.isEmpty()) {
            String image =
                setting("CITUS_IMAGE", "citus.image", ContainerCitusCluster.DEFAULT_IMAGE);
            return new ClusterSource(
                "Testcontainers", () -> ContainerCitusCluster.start(image, WORKERS));
          }
          reasons.add(why.get());
        }
      }
    }
    throw new ClusterUnavailableException(noClusterMessage(reasons));
  }

  private static Optional<String> whyNoContainers() {
    // Asked cheaply first: Testcontainers logs errors while it looks for an engine.
    if (System.getenv("DOCKER_HOST") == null
        && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
        && !java.nio.file.Files.exists(
            java.nio.file.Path.of(System.getProperty("user.home"), ".testcontainers.properties"))) {
      return Optional.of("no Docker engine (no /var/run/docker.sock, DOCKER_HOST unset)");
    }
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException e) {
      return Optional.of("Testcontainers is not on the classpath");
    }
    return ContainerCitusCluster.whyUnavailable();
  }

  /** The one message that names the three ways to provide a cluster. */
  static String noClusterMessage(List<String> reasons) {
    return "No Citus cluster available ("
        + String.join("; ", reasons)
        + "). Provide one of: (1) a running cluster: CITUS_URL=jdbc:postgresql://host:port/db"
        + " (or -Dcitus.url) with CITUS_USERNAME and CITUS_PASSWORD; (2) Citus installed into the"
        + " local PostgreSQL that pg_config names (citus.so in its pkglibdir); (3) a Docker engine,"
        + " for Testcontainers with the citusdata/citus image.";
  }

  /** The cluster named by URL, if any. */
  public Optional<ClusterSource> external() {
    String url = setting("CITUS_URL", "citus.url", null);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    if (setting("CITUS_USER", "citus.user", null) != null) {
      // The old names would otherwise be ignored and the cluster used as postgres.
      throw new IllegalStateException(
          "CITUS_USER (citus.user) is now CITUS_USERNAME (citus.username), as in the Maven plugin:"
              + " set that instead");
    }
    String user = setting("CITUS_USERNAME", "citus.username", "postgres");
    String password = setting("CITUS_PASSWORD", "citus.password", "");
    return Optional.of(
        new ClusterSource("external", () -> new ExternalCitusCluster(url, user, password)));
  }

  /** Checks that local PostgreSQL server binaries exist, for {@link #plainPostgres()}. */
  public void plainPostgresBinaries() {
    if (PgInstallation.locate().filter(PgInstallation::hasServer).isEmpty()) {
      throw new ClusterUnavailableException(
          "No PostgreSQL server binaries found: install PostgreSQL (Debian: postgresql-15) or set"
              + " PG_CONFIG to its pg_config.");
    }
  }

  /** Starts a plain PostgreSQL server without Citus from local binaries. */
  public DatabaseServer plainPostgres() {
    plainPostgresBinaries();
    return LocalPostgres.start(PgInstallation.locate().orElseThrow());
  }

  private String setting(String envName, String propertyName, String fallback) {
    String fromProperty = properties.getProperty(propertyName);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return fromProperty;
    }
    String fromEnv = env.get(envName);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
  }
}
