package io.github.liquibasecitus.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Writes the SQL that {@code citus:rollback} would run. */
@Mojo(name = "rollbackSQL", threadSafe = true)
public class RollbackSqlMojo extends AbstractRollbackMojo {

  /** File to write the SQL to; the build log when omitted. */
  @Parameter(property = PropertyNames.OUTPUT_FILE)
  File outputFile;

  @Override
  protected String goal() {
    return "rollbackSQL";
  }

  @Override
  protected void run(CitusSettings settings) throws Exception {
    RollbackTarget target = target(true);
    try (CitusConnection connection = connect(settings)) {
      String sql =
          LiquibaseCommand.named(target.command())
              .arg(target.argument(), target.value())
              .run(connection, settings, getLog());
      SqlOutput.write(sql, outputFile, getLog());
    }
  }
}
