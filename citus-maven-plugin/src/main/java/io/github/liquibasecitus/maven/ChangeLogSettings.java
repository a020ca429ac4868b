package io.github.liquibasecitus.maven;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * What a goal with a changelog needs besides the connection.
 *
 * @param changeLogFile relative to the project directory, or on the classpath; null when none
 * @param liquibaseSchemaName schema of the DATABASECHANGELOG tables (a service's own schema)
 * @param baseDirectory the project directory, where changelog paths start
 * @param searchPath more directories changelogs and their includes are found in, after the project
 *     directory: the project's resource directories, as on the application's classpath
 */
record ChangeLogSettings(
    String changeLogFile,
    String contexts,
    String labels,
    String defaultSchemaName,
    String liquibaseSchemaName,
    String changeLogTable,
    String lockTable,
    Map<String, String> parameters,
    Path baseDirectory,
    List<Path> searchPath) {

  ChangeLogSettings {
    searchPath = searchPath == null ? List.of() : List.copyOf(searchPath);
  }

  /**
   * Where Liquibase reads changelogs, includes and data files: the project directory, the search
   * path, then the plugin's classpath.
   */
  ResourceAccessor resources(ClassLoader loader) throws FileNotFoundException {
    List<ResourceAccessor> accessors = new ArrayList<>();
    accessors.add(new DirectoryResourceAccessor(baseDirectory));
    for (Path dir : searchPath) {
      if (Files.isDirectory(dir)) {
        accessors.add(new DirectoryResourceAccessor(dir));
      }
    }
    accessors.add(new ClassLoaderResourceAccessor(loader));
    return new CompositeResourceAccessor(accessors.toArray(ResourceAccessor[]::new));
  }

  /** Whether the changelog is a file of the project or of its search path. */
  boolean changeLogInProject() {
    if (changeLogFile == null) {
      return false;
    }
    if (Files.isRegularFile(baseDirectory.resolve(changeLogFile))) {
      return true;
    }
    return searchPath.stream().anyMatch(d -> Files.isRegularFile(d.resolve(changeLogFile)));
  }

  /**
   * The same settings with an absolute changelog path made relative to the project (Liquibase
   * records the path in its history, and reads changelogs through the project's directory); a
   * changelog outside the project is read from its own directory.
   */
  ChangeLogSettings withRelativeChangeLog() {
    if (changeLogFile == null || !Path.of(changeLogFile).isAbsolute()) {
      return this;
    }
    Path file = Path.of(changeLogFile).normalize();
    Path base = baseDirectory.toAbsolutePath().normalize();
    Path newBase = file.startsWith(base) ? base : file.getParent();
    return new ChangeLogSettings(
        newBase.relativize(file).toString().replace('\\', '/'),
        contexts,
        labels,
        defaultSchemaName,
        liquibaseSchemaName,
        changeLogTable,
        lockTable,
        parameters,
        newBase,
        searchPath);
  }
}
