package io.github.liquibasecitus.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.maven.plugin.logging.Log;

/** Where a *SQL goal's SQL goes: the output file when given, else the build log. */
final class SqlOutput {
  private SqlOutput() {}

  /** Writes the SQL; the last line says where it went and which database it was written for. */
  static void write(String sql, File outputFile, String goal, String where, Log log)
      throws IOException {
    if (outputFile == null) {
      sql.lines().forEach(log::info);
      log.info("citus:" + goal + ": the SQL above is for " + where);
      return;
    }
    Files.createDirectories(outputFile.toPath().toAbsolutePath().getParent());
    Files.writeString(outputFile.toPath(), sql, StandardCharsets.UTF_8);
    log.info("citus:" + goal + ": SQL for " + where + " written to " + outputFile);
  }
}
