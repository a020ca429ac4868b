package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.cluster.DevCluster;
import org.apache.maven.plugins.annotations.Mojo;

/** Stops the dev cluster of {@code citus:start}, keeping its data for the next start. */
@Mojo(name = StopMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class StopMojo extends AbstractCitusMojo {
  static final String GOAL = "stop";

  public StopMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    DevCluster dev = DevCluster.in(ClusterLocator.devClusterDirectory(buildDirectory.toPath()));
    getLog()
        .info(
            dev.stop()
                ? said("stopped the dev cluster in " + dev.directory())
                : said("no dev cluster is running in " + dev.directory()));
  }
}
