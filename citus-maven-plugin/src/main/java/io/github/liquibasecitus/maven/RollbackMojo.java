package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Rolls back changesets: the last N, those after a tag, or those after a date. */
@Mojo(name = "rollback", threadSafe = true)
public class RollbackMojo extends AbstractCitusMojo {

  /** Roll back this many changesets. */
  @Parameter(property = PropertyNames.ROLLBACK_COUNT)
  Integer rollbackCount;

  /** Roll back the changesets applied after this tag. */
  @Parameter(property = PropertyNames.ROLLBACK_TAG)
  String rollbackTag;

  /** Roll back the changesets applied after this date (yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ss). */
  @Parameter(property = PropertyNames.ROLLBACK_DATE)
  String rollbackDate;

  @Override
  protected String goal() {
    return "rollback";
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    RollbackTarget target = RollbackTarget.of(rollbackCount, rollbackTag, rollbackDate, false);
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
