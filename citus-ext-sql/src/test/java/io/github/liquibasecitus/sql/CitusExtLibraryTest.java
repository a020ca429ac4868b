package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CitusExtLibraryTest {

  @Test
  void versionIsTheProjectVersion() {
    CitusExtLibrary library = CitusExtLibrary.load();
    String project = System.getProperty("project.version");
    assertEquals(project.replace("-SNAPSHOT", ""), library.version(), "filled in by the build");
    assertTrue(library.scripts().get(0).contains("'" + library.version() + "'::text"));
  }

  @Test
  void theGuardNamesTheSameVersion() {
    CitusExtLibrary library = CitusExtLibrary.load();
    String schema = library.scripts().get(0);
    assertTrue(
        schema.contains("pg_catalog.string_to_array('" + library.version() + "', '.')"),
        "the downgrade guard in 00_schema.sql must compare with the version it installs");
  }

  @Test
  void manifestListsEverySqlFileOfSqlDirectory() throws IOException {
    Path sql = Path.of(".");
    List<String> files;
    try (Stream<Path> s = Files.list(sql)) {
      files =
          s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
    }
    List<String> manifest =
        Files.readAllLines(sql.resolve("manifest.txt")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .sorted()
            .toList();
    assertEquals(files, manifest);
    // The files, then the statement that stamps version and digest on the schema.
    assertEquals(files.size() + 1, CitusExtLibrary.load().scripts().size());
  }

  @Test
  void everyFunctionPinsSearchPathAndIsSecurityInvoker() {
    for (String script : CitusExtLibrary.load().scripts()) {
      String[] functions = script.split("CREATE OR REPLACE (FUNCTION|PROCEDURE) ");
      for (int i = 1; i < functions.length; i++) {
        String head = functions[i].substring(0, functions[i].indexOf("AS $$"));
        String name = head.substring(0, head.indexOf('('));
        assertTrue(head.contains("SECURITY INVOKER"), name + " must be SECURITY INVOKER");
        assertTrue(
            head.contains("SET search_path = pg_catalog, pg_temp"), name + " must pin search_path");
        assertTrue(
            script.contains(
                "COMMENT ON "
                    + (functions[i].startsWith("citus_ext.init") ? "PROCEDURE " : "FUNCTION ")
                    + name),
            name + " needs a COMMENT");
      }
    }
  }

  @Test
  void theLastScriptStampsVersionAndDigest() {
    CitusExtLibrary library = CitusExtLibrary.load();
    assertTrue(library.digest().matches("[0-9a-f]{16}"), library.digest());
    assertEquals(
        "COMMENT ON SCHEMA citus_ext IS 'liquibase-citus citus_ext "
            + library.version()
            + " "
            + library.digest()
            + "'",
        library.scripts().get(library.scripts().size() - 1));
  }

  @Test
  void comparesVersionsNumerically() {
    assertEquals(-1, CitusExtLibrary.compareVersions("0.9.0", "0.10.0"));
    assertEquals(0, CitusExtLibrary.compareVersions("1.0", "1.0.0"));
    assertEquals(1, CitusExtLibrary.compareVersions("2.0.0", "1.9.9"));
  }
}
