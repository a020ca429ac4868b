package io.github.liquibasecitus.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.maven.plugin.logging.Log;

/** Where a *SQL goal's SQL goes: the output file when given, else the build log. */
final class SqlOutput {
  private SqlOutput() {}

  /** Writes the SQL; returns the summary: where it went. */
  static String write(String sql, File outputFile, Log log) throws IOException {
    if (outputFile == null) {
      sql.lines().forEach(log::info);
      return "the SQL is in the lines above";
    }
    Files.createDirectories(outputFile.toPath().toAbsolutePath().getParent());
    Files.writeString(outputFile.toPath(), sql, StandardCharsets.UTF_8);
    return "SQL written to " + outputFile;
  }
}
