package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.JsonDocument;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;

/**
 * {@code -Dcitus.format=json}: a report goal's JSON document ({@link JsonDocument}), written to
 * {@code citus.outputFile}, or to standard output, where {@code mvn -q} leaves it alone: {@code mvn
 * -q citus:status -Dcitus.format=json > status.json}.
 */
final class JsonOutput {
  private JsonOutput() {}

  /** Whether JSON is asked for: {@code text} or {@code json}, in any case; else refused. */
  static boolean wanted(String format, String label) throws MojoFailureException {
    String f = format == null ? "text" : format.trim().toLowerCase(Locale.ROOT);
    return switch (f) {
      case "text", "" -> false;
      case "json" -> true;
      default ->
          throw new MojoFailureException(
              label
                  + ": "
                  + PropertyNames.FORMAT
                  + " '"
                  + format
                  + "' is not known: use text or json (nothing ran)");
    };
  }

  /** Writes the document; returns where it went, for the summary line. */
  static String write(Map<String, Object> document, File outputFile) throws IOException {
    String text = JsonDocument.text(document) + System.lineSeparator();
    if (outputFile == null) {
      System.out.print(text);
      System.out.flush();
      return "JSON on standard output";
    }
    Files.createDirectories(outputFile.toPath().toAbsolutePath().getParent());
    Files.writeString(outputFile.toPath(), text, StandardCharsets.UTF_8);
    return "JSON written to " + outputFile;
  }
}
