package io.github.liquibasecitus.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the SQL that {@code citus:update} would run, the citus_ext library included once where it
 * is missing. Without {@code citus.url}, no database is needed: the SQL of every changeset is
 * written as for a new database.
 */
@Mojo(name = "updateSQL", threadSafe = true)
public class UpdateSqlMojo extends AbstractCitusMojo {

  /** File to write the SQL to; the build log when omitted. */
  @Parameter(property = PropertyNames.OUTPUT_FILE)
  File outputFile;

  @Override
  protected String goal() {
    return "updateSQL";
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    try (CitusConnection connection =
        settings.url() == null ? CitusConnection.offline(settings) : connect(settings)) {
      String sql = LiquibaseCommand.named("updateSql").run(connection, settings, getLog());
      SqlOutput.write(sql, outputFile, getLog());
    }
  }
}
