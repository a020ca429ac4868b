package io.github.liquibasecitus.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Writes the SQL that {@code citus:rollback} would run. */
@Mojo(name = RollbackSqlMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class RollbackSqlMojo extends AbstractRollbackMojo {
  static final String GOAL = "rollbackSQL";

  /** File to write the SQL to; the build log when omitted. */
  @Parameter(property = PropertyNames.OUTPUT_FILE)
  File outputFile;

  public RollbackSqlMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    LiquibaseCommand command = command(true);
    withLiquibase(
        false,
        (connection, settings) ->
            SqlOutput.write(command.run(connection, settings, getLog()), outputFile, getLog()));
  }
}
