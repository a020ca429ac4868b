package io.github.liquibasecitus.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Tags the database's current state, to roll back to it later ({@code -Dcitus.rollbackTag}). */
@Mojo(name = "tag", threadSafe = true)
public class TagMojo extends AbstractCitusMojo {

  /** The tag. */
  @Parameter(property = PropertyNames.TAG)
  String tag;

  @Override
  protected String goal() {
    return "tag";
  }

  @Override
  protected boolean needsChangeLog() {
    return false;
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    if (tag == null || tag.isBlank()) {
      throw new MojoFailureException("citus:tag needs a tag: -D" + PropertyNames.TAG + "=v1.2");
    }
    try (CitusConnection connection = connect(settings)) {
      LiquibaseCommand.named("tag")
          .withoutChangeLog()
          .arg("tag", tag)
          .run(connection, settings, getLog());
      getLog().info("citus:tag: tagged " + tag + " (" + connection.where() + ")");
    }
  }
}
