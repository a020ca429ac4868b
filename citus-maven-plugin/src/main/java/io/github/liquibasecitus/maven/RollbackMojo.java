package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/** Rolls back changesets: the last N, those after a tag, or those after a date. */
@Mojo(name = "rollback", threadSafe = true)
public class RollbackMojo extends AbstractRollbackMojo {

  @Override
  protected String goal() {
    return "rollback";
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    RollbackTarget target = target(false);
    long start = System.nanoTime();
    try (CitusConnection connection = connect(settings)) {
      ChangeSetLog changeSets = new ChangeSetLog(getLog());
      try (AutoCloseable turn = connection.historyLock(getLog())) {
        LiquibaseCommand.named(target.command())
            .arg(target.argument(), target.value())
            .arg("changeExecListener", changeSets)
            .run(connection, settings, getLog());
      }
      getLog()
          .info(
              String.format(
                  "citus:rollback: %d changeset(s) rolled back in %d ms (%s)",
                  changeSets.rolledBack(),
                  (System.nanoTime() - start) / 1_000_000,
                  connection.where()));
    }
  }
}
