package io.github.liquibasecitus.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the SQL that {@code citus:update} would run, the citus_ext library included once where it
 * is missing. Without {@code citus.url}, no database is needed: the SQL is written as for a new
 * database, with the statements that create DATABASECHANGELOG and record each changeset in it, so
 * that SQL applied by hand leaves the same history as {@code citus:update}.
 */
@Mojo(name = UpdateSqlMojo.GOAL, threadSafe = true, configurator = CitusConfigurator.HINT)
public class UpdateSqlMojo extends AbstractChangeLogMojo {
  static final String GOAL = "updateSQL";

  /** File to write the SQL to; the build log when omitted. */
  @Parameter(property = PropertyNames.OUTPUT_FILE)
  File outputFile;

  public UpdateSqlMojo() {
    super(GOAL);
  }

  @Override
  protected void run() throws Exception {
    withLiquibase(
        connectionSpecOrLocal().url() == null,
        (connection, settings) ->
            SqlOutput.write(
                LiquibaseCommand.named("updateSql").run(connection, settings, getLog()),
                outputFile,
                getLog()));
  }
}
