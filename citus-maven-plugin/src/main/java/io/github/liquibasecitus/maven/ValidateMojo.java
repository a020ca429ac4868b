package io.github.liquibasecitus.maven;

import org.apache.maven.plugins.annotations.Mojo;

/** Checks the changelog (syntax, attributes of the Citus changes, checksums) without running it. */
@Mojo(name = "validate", threadSafe = true)
public class ValidateMojo extends AbstractCitusMojo {

  @Override
  protected String goal() {
    return "validate";
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    try (CitusConnection connection = connect(settings)) {
      LiquibaseCommand.named("validate").run(connection, settings, getLog());
      getLog().info("citus:validate: " + settings.changeLogFile() + " is valid");
    }
  }
}
