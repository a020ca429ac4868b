package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.cluster.DevCluster;
import org.apache.maven.plugins.annotations.Mojo;

/** Stops the dev cluster of {@code citus:start}, keeping its data for the next start. */
@Mojo(name = "stop", threadSafe = true)
public class StopMojo extends AbstractCitusMojo {

  @Override
  protected String goal() {
    return "stop";
  }

  @Override
  protected boolean needsChangeLog() {
    return false;
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    DevCluster dev = DevCluster.in(CitusConnection.devClusterDirectory(settings));
    getLog()
        .info(
            dev.stop()
                ? "citus:stop: stopped the dev cluster in " + dev.directory()
                : "citus:stop: no dev cluster is running in " + dev.directory());
  }
}
