package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/** Rolls back changesets: the last N, those after a tag, or those after a date. */
@Mojo(name = RollbackMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class RollbackMojo extends AbstractRollbackMojo {
  static final String GOAL = "rollback";

  public RollbackMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    change(command(false), "rolled back", true);
  }
}
