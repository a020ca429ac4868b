package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.check.flyway.FlywayCheck;
import io.github.liquibasecitus.check.flyway.FlywayCheck.MigrationSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The Flyway migrations of a project, as citus:check finds them: the locations given to the goal;
 * else the configuration of the project's flyway-maven-plugin (its plugin-level configuration, then
 * each execution with a configuration of its own, in POM order, execution values over plugin-level
 * ones); else Flyway's default {@code db/migration} on the classpath, when the project has it.
 */
final class FlywayProject {
  static final String DEFAULT_LOCATION = "classpath:db/migration";

  private FlywayProject() {}

  /**
   * What citus:check reads of the project's Flyway migrations, or null when it has none.
   *
   * @param lock Flyway's {@code postgresql.transactional.lock} property as given, or null
   * @throws IllegalArgumentException naming the input and the fix: a lock that is not true or
   *     false, locations given that name no directory
   */
  static FlywayCheck.Options options(
      MavenProject project,
      List<String> locations,
      Map<String, String> placeholders,
      String lock,
      String mixed,
      Path base) {
    List<MigrationSet> sets = sets(project, locations, placeholders);
    if (sets.isEmpty()) {
      return null;
    }
    for (String[] flag :
        new String[][] {
          {CheckMojo.FLYWAY_TRANSACTIONAL_LOCK, lock}, {CheckMojo.FLYWAY_MIXED, mixed}
        }) {
      if (flag[1] != null
          && !flag[1].equalsIgnoreCase("true")
          && !flag[1].equalsIgnoreCase("false")) {
        throw new IllegalArgumentException(
            flag[0] + " is '" + flag[1] + "': Flyway takes true or false");
      }
    }
    FlywayCheck.Options options =
        new FlywayCheck.Options(
            sets,
            base,
            classpathRoots(project),
            lock == null || lock.equalsIgnoreCase("true"),
            "true".equalsIgnoreCase(mixed),
            p -> p.startsWith(base) ? base.relativize(p) : p);
    boolean given = locations != null && !locations.isEmpty();
    for (MigrationSet set : sets) {
      if (given && FlywayCheck.directories(set, options).isEmpty()) {
        throw new IllegalArgumentException(
            "-D"
                + PropertyNames.CHECK_FLYWAY_LOCATIONS
                + " names no directory that exists: "
                + String.join(", ", set.locations())
                + ". Give filesystem:path (relative to "
                + base
                + ") or classpath:path (in the project's resources)");
      }
    }
    return options;
  }

  /**
   * The migration sets to check; empty when the project has no Flyway migrations.
   *
   * @param locations the goal's {@code flywayLocations}, or null/empty to look in the POM
   */
  static List<MigrationSet> sets(
      MavenProject project, List<String> locations, Map<String, String> placeholders) {
    Map<String, String> given = placeholders == null ? Map.of() : placeholders;
    if (locations != null && !locations.isEmpty()) {
      List<String> split = new ArrayList<>();
      for (String l : locations) {
        Arrays.stream(l.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(split::add);
      }
      return List.of(new MigrationSet("citus.check.flywayLocations", split, given, null));
    }
    List<MigrationSet> sets = new ArrayList<>();
    Plugin flyway = project == null ? null : project.getPlugin("org.flywaydb:flyway-maven-plugin");
    if (flyway != null) {
      Xpp3Dom base = (Xpp3Dom) flyway.getConfiguration();
      if (base != null && base.getChild("locations") != null) {
        sets.add(set("flyway-maven-plugin", base, null, given));
      }
      for (PluginExecution e : flyway.getExecutions()) {
        Xpp3Dom own = (Xpp3Dom) e.getConfiguration();
        boolean migrates = e.getGoals().isEmpty() || e.getGoals().contains("migrate");
        // Maven copies the plugin-level configuration into every execution: an execution whose
        // locations and schemas are the plugin level's migrates the same set again.
        if (migrates
            && own != null
            && own.getChild("locations") != null
            && (base == null
                || !list(own, null, "locations").equals(list(base, null, "locations"))
                || !list(own, null, "schemas").equals(list(base, null, "schemas"))
                || !java.util.Objects.equals(
                    text(own, null, "defaultSchema"), text(base, null, "defaultSchema")))) {
          sets.add(set(e.getId(), own, base, given));
        }
      }
      if (sets.isEmpty()) {
        sets.add(set("flyway-maven-plugin", null, base, given));
      }
      return sets;
    }
    if (project != null) {
      for (Path root : classpathRoots(project)) {
        if (Files.isDirectory(root.resolve("db/migration"))) {
          return List.of(new MigrationSet("default", List.of(DEFAULT_LOCATION), given, null));
        }
      }
    }
    return List.of();
  }

  /** Where {@code classpath:} locations are: resources, compiled classes and Java sources. */
  static List<Path> classpathRoots(MavenProject project) {
    List<Path> roots = new ArrayList<>();
    if (project == null) {
      return roots;
    }
    for (Resource r : project.getResources()) {
      roots.add(Path.of(r.getDirectory()));
    }
    if (project.getBuild() != null && project.getBuild().getOutputDirectory() != null) {
      roots.add(Path.of(project.getBuild().getOutputDirectory()));
    }
    for (String source : project.getCompileSourceRoots()) {
      roots.add(Path.of(source));
    }
    return roots;
  }

  private static MigrationSet set(
      String name, Xpp3Dom own, Xpp3Dom base, Map<String, String> givenPlaceholders) {
    List<String> locations = list(own, base, "locations");
    if (locations.isEmpty()) {
      locations = List.of(DEFAULT_LOCATION);
    }
    Map<String, String> placeholders = new LinkedHashMap<>(map(base, "placeholders"));
    placeholders.putAll(map(own, "placeholders"));
    placeholders.putAll(givenPlaceholders);
    String defaultSchema = text(own, base, "defaultSchema");
    if (defaultSchema == null) {
      List<String> schemas = list(own, base, "schemas");
      defaultSchema = schemas.isEmpty() ? null : schemas.get(0);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String setting : SETTINGS) {
      String value = text(own, base, setting);
      if (value != null && !value.isEmpty()) {
        settings.put(setting, value);
      }
    }
    List<String> schemas = list(own, base, "schemas");
    if (!schemas.isEmpty()) {
      settings.put("schemas", String.join(",", schemas));
    }
    return new MigrationSet(name, locations, placeholders, defaultSchema, settings);
  }

  /**
   * The settings of flyway-maven-plugin's configuration that change what a migrate does, which the
   * apply mode runs each set with (the connection, the locations and the callbacks are its own).
   */
  static final List<String> SETTINGS =
      List.of(
          "initSql",
          "createSchemas",
          "defaultSchema",
          "table",
          "tablespace",
          "baselineOnMigrate",
          "baselineVersion",
          "outOfOrder",
          "target",
          "group",
          "encoding",
          "placeholderReplacement",
          "placeholderPrefix",
          "placeholderSuffix",
          "sqlMigrationPrefix",
          "sqlMigrationSeparator",
          "sqlMigrationSuffixes",
          "repeatableSqlMigrationPrefix",
          "validateMigrationNaming",
          "ignoreMigrationPatterns");

  private static List<String> list(Xpp3Dom own, Xpp3Dom base, String name) {
    Xpp3Dom node = own != null && own.getChild(name) != null ? own.getChild(name) : null;
    if (node == null && base != null) {
      node = base.getChild(name);
    }
    List<String> values = new ArrayList<>();
    if (node == null) {
      return values;
    }
    if (node.getChildCount() == 0 && node.getValue() != null) {
      Arrays.stream(node.getValue().split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .forEach(values::add);
    }
    for (Xpp3Dom child : node.getChildren()) {
      if (child.getValue() != null && !child.getValue().isBlank()) {
        values.add(child.getValue().trim());
      }
    }
    return values;
  }

  private static String text(Xpp3Dom own, Xpp3Dom base, String name) {
    for (Xpp3Dom d : new Xpp3Dom[] {own, base}) {
      if (d != null && d.getChild(name) != null && d.getChild(name).getValue() != null) {
        return d.getChild(name).getValue().trim();
      }
    }
    return null;
  }

  private static Map<String, String> map(Xpp3Dom config, String name) {
    Map<String, String> m = new LinkedHashMap<>();
    if (config != null && config.getChild(name) != null) {
      for (Xpp3Dom child : config.getChild(name).getChildren()) {
        m.put(child.getName(), child.getValue() == null ? "" : child.getValue().trim());
      }
    }
    return m;
  }
}
