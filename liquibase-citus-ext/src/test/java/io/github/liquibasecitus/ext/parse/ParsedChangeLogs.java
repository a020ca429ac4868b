package io.github.liquibasecitus.ext.parse;

import io.github.liquibasecitus.ext.CitusNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.core.PostgresDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.precondition.Precondition;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.serializer.LiquibaseSerializable;

/** Parses changelogs as Liquibase does (XML validated against the XSDs) and describes them. */
final class ParsedChangeLogs {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private ParsedChangeLogs() {}

  /** Parses {@code file} under {@code root} with the given changelog parameters. */
  static DatabaseChangeLog parse(Path root, String file, Map<String, String> parameters)
      throws Exception {
    ResourceAccessor resources = new DirectoryResourceAccessor(root);
    ChangeLogParameters params = new ChangeLogParameters(new PostgresDatabase());
    parameters.forEach(params::set);
    return Scope.child(
        Map.of(Scope.Attr.resourceAccessor.name(), resources),
        () ->
            ChangeLogParserFactory.getInstance()
                .getParser(file, resources)
                .parse(file, params, resources));
  }

  /**
   * One line per changeset: {@code id: change, change, ...} and its preconditions; Citus changes
   * and preconditions with their attributes, others by name.
   */
  static List<String> describe(DatabaseChangeLog changeLog) {
    List<String> lines = new ArrayList<>();
    for (ChangeSet changeSet : changeLog.getChangeSets()) {
      List<String> parts = new ArrayList<>();
      if (changeSet.getPreconditions() != null) {
        for (Precondition p : changeSet.getPreconditions().getNestedPreconditions()) {
          parts.add("?" + describe(p.getSerializedObjectName(), p));
        }
      }
      for (Change change : changeSet.getChanges()) {
        parts.add(describe(change.getSerializedObjectName(), change));
      }
      lines.add(changeSet.getId() + ": " + String.join(", ", parts));
    }
    return lines;
  }

  private static String describe(String name, LiquibaseSerializable object) {
    if (!CitusNamespace.NAMESPACE.equals(object.getSerializedObjectNamespace())) {
      return name;
    }
    List<String> attributes = new ArrayList<>();
    for (String field : new TreeSet<>(object.getSerializableFields())) {
      Object value = object.getSerializableFieldValue(field);
      if (value != null) {
        attributes.add(field + "=" + value);
      }
    }
    return name + "(" + String.join(" ", attributes) + ")";
  }
}
