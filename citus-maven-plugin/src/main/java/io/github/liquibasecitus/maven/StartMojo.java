package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.ClusterUnavailableException;
import io.github.liquibasecitus.cluster.DevCluster;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Starts a local Citus dev cluster (a coordinator and two workers from the Citus binaries installed
 * locally) that keeps running after the build, with its data in {@code target/citus-cluster}. Goals
 * without {@code citus.url} use it while it runs; {@code citus:stop} stops it and keeps its data;
 * {@code mvn clean} deletes it.
 */
@Mojo(name = "start", threadSafe = true)
public class StartMojo extends AbstractCitusMojo {

  @Override
  protected String goal() {
    return "start";
  }

  @Override
  protected boolean needsChangeLog() {
    return false;
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    DevCluster dev = DevCluster.in(CitusConnection.devClusterDirectory(settings));
    try {
      CitusCluster cluster = dev.start();
      getLog().info("citus:start: " + cluster.description() + " is running; citus:stop stops it");
    } catch (ClusterUnavailableException e) {
      throw new MojoFailureException(
          e.getMessage() + ". Or point the goals at a cluster with -D" + PropertyNames.URL + ".");
    }
  }
}
