package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/** Checks the changelog (syntax, attributes of the Citus changes, checksums) without running it. */
@Mojo(name = ValidateMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class ValidateMojo extends AbstractChangeLogMojo {
  static final String GOAL = "validate";

  public ValidateMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    withLiquibase(
        false,
        (connection, settings) -> {
          LiquibaseCommand.named("validate").run(connection, settings, getLog());
          return settings.changeLogFile() + " is valid";
        });
  }
}
