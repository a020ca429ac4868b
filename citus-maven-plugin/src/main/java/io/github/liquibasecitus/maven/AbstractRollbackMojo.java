package io.github.liquibasecitus.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What {@code citus:rollback} and {@code citus:rollbackSQL} share: what to roll back to. */
public abstract class AbstractRollbackMojo extends AbstractCitusMojo {

  /** Roll back this many changesets. */
  @Parameter(property = PropertyNames.ROLLBACK_COUNT)
  Integer rollbackCount;

  /** Roll back the changesets applied after this tag. */
  @Parameter(property = PropertyNames.ROLLBACK_TAG)
  String rollbackTag;

  /** Roll back the changesets applied after this date (yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ss). */
  @Parameter(property = PropertyNames.ROLLBACK_DATE)
  String rollbackDate;

  /** The Liquibase command and argument for the target, writing SQL or running it. */
  RollbackTarget target(boolean sql) throws MojoFailureException {
    return RollbackTarget.of(rollbackCount, rollbackTag, rollbackDate, sql);
  }
}
