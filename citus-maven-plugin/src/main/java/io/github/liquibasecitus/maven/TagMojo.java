package io.github.liquibasecitus.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Tags the database's current state, to roll back to it later ({@code -Dcitus.rollbackTag}). */
@Mojo(name = TagMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class TagMojo extends AbstractChangeLogMojo {
  static final String GOAL = "tag";

  /** The tag. */
  @Parameter(property = PropertyNames.TAG)
  String tag;

  @Override
  protected String goal() {
    return GOAL;
  }

  @Override
  protected boolean changeLogRequired() {
    return false;
  }

  @Override
  protected void run() throws Exception {
    if (tag == null || tag.isBlank()) {
      throw new MojoFailureException("citus:tag needs a tag: -D" + PropertyNames.TAG + "=v1.2");
    }
    ChangeLogSettings settings = changeLogSettings();
    try (LiquibaseConnection connection = openLiquibase(settings)) {
      LiquibaseCommand.named("tag")
          .withoutChangeLog()
          .arg("tag", tag)
          .run(connection, settings, getLog());
      getLog().info("citus:tag: tagged " + tag + " (" + connection.where() + ")");
    }
  }
}
