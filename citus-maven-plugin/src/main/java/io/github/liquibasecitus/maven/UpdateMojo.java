package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/** Applies the changelog's pending changesets; one line per changeset, a summary at the end. */
@Mojo(name = UpdateMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class UpdateMojo extends AbstractChangeLogMojo {
  static final String GOAL = "update";

  public UpdateMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    change(LiquibaseCommand.named("update"), "applied", false);
  }
}
