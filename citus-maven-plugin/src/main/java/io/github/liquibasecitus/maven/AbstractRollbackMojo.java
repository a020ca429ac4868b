package io.github.liquibasecitus.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What {@code citus:rollback} and {@code citus:rollbackSQL} share: what to roll back to. */
public abstract class AbstractRollbackMojo extends AbstractChangeLogMojo {

  protected AbstractRollbackMojo(String goal) {
    super(goal);
  }

  /** Roll back this many changesets. */
  @Parameter(property = PropertyNames.ROLLBACK_COUNT)
  Integer rollbackCount;

  /** Roll back the changesets applied after this tag. */
  @Parameter(property = PropertyNames.ROLLBACK_TAG)
  String rollbackTag;

  /** Roll back the changesets applied after this date (yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ss). */
  @Parameter(property = PropertyNames.ROLLBACK_DATE)
  String rollbackDate;

  /** The Liquibase command for the target, writing SQL or running it. */
  LiquibaseCommand command(boolean sql) throws MojoFailureException {
    RollbackTarget target = RollbackTarget.of(rollbackCount, rollbackTag, rollbackDate, sql);
    return LiquibaseCommand.named(target.command()).arg(target.argument(), target.value());
  }
}
