package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/** Applies the changelog's pending changesets; one line per changeset, a summary at the end. */
@Mojo(name = "update", threadSafe = true)
public class UpdateMojo extends AbstractCitusMojo {

  @Override
  protected String goal() {
    return "update";
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    long start = System.nanoTime();
    try (CitusConnection connection = connect(settings)) {
      ChangeSetLog changeSets = new ChangeSetLog(getLog());
      try (AutoCloseable turn = connection.historyLock(getLog())) {
        LiquibaseCommand.named("update")
            .arg("changeExecListener", changeSets)
            .run(connection, settings, getLog());
      }
      getLog()
          .info(
              String.format(
                  "citus:update: %d changeset(s) applied in %d ms (%s)",
                  changeSets.ran(), (System.nanoTime() - start) / 1_000_000, connection.where()));
    }
  }
}
