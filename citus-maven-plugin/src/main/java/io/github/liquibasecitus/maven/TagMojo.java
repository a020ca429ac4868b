package io.github.liquibasecitus.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Tags the database's current state, to roll back to it later ({@code -Dcitus.rollbackTag}). */
@Mojo(name = TagMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class TagMojo extends AbstractHistoryMojo {
  static final String GOAL = "tag";

  /** The tag. */
  @Parameter(property = PropertyNames.TAG)
  String tag;

  public TagMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    if (tag == null || tag.isBlank()) {
      throw new MojoFailureException(label() + " needs a tag: -D" + PropertyNames.TAG + "=v1.2");
    }
    withLiquibase(
        false,
        (connection, settings) -> {
          LiquibaseCommand.named("tag")
              .withoutChangeLog()
              .arg("tag", tag)
              .run(connection, settings, getLog());
          return "tagged " + tag;
        });
  }
}
