package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.ClusterUnavailableException;
import io.github.liquibasecitus.cluster.DevCluster;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Starts a local Citus dev cluster (a coordinator and two workers from the Citus binaries installed
 * locally) that keeps running after the build, with its data in {@code target/citus-cluster}. Goals
 * without {@code citus.url} use it while it runs; {@code citus:stop} stops it and keeps its data;
 * {@code mvn clean} deletes it.
 */
@Mojo(name = StartMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class StartMojo extends AbstractCitusMojo {
  static final String GOAL = "start";

  public StartMojo() {
    super(GOAL);
  }

  /** Flyway's Maven plugin reads these project properties: {@code citus:start flyway:migrate}. */
  static final String[] FLYWAY_PROPERTIES = {"flyway.url", "flyway.user", "flyway.password"};

  @Parameter(defaultValue = "${project}", readonly = true)
  MavenProject project;

  @Override
  protected void run() throws Exception {
    DevCluster dev = DevCluster.in(ClusterLocator.devClusterDirectory(buildDirectory.toPath()));
    try {
      CitusCluster cluster = dev.start();
      getLog()
          .info(said(cluster.description() + " is running; " + label(StopMojo.GOAL) + " stops it"));
      if (project != null) {
        // For the goals after this one in the same build; never logged.
        project.getProperties().setProperty(FLYWAY_PROPERTIES[0], cluster.jdbcUrl());
        project.getProperties().setProperty(FLYWAY_PROPERTIES[1], cluster.username());
        project.getProperties().setProperty(FLYWAY_PROPERTIES[2], cluster.password());
        getLog()
            .info(
                said(
                    "flyway.url, flyway.user and flyway.password are set for the goals"
                        + " that follow (flyway:migrate)"));
      }
    } catch (ClusterUnavailableException e) {
      throw new MojoFailureException(
          e.getMessage() + ". Or point the goals at a cluster with -D" + PropertyNames.URL + ".");
    }
  }
}
