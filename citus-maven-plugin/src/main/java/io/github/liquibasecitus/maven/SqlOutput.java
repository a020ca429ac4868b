package io.github.liquibasecitus.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.maven.plugin.logging.Log;

/** Where a *SQL goal's SQL goes: the output file when given, else the build log. */
final class SqlOutput {
  private SqlOutput() {}

  static void write(String sql, File outputFile, Log log) throws IOException {
    if (outputFile == null) {
      sql.lines().forEach(log::info);
      return;
    }
    Files.createDirectories(outputFile.toPath().toAbsolutePath().getParent());
    Files.writeString(outputFile.toPath(), sql, StandardCharsets.UTF_8);
    log.info("SQL written to " + outputFile);
  }
}
