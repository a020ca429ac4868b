package io.github.liquibasecitus.check.advise;

import io.github.liquibasecitus.check.advise.AdvisePlan.Blocker;
import io.github.liquibasecitus.check.advise.AdvisePlan.Reference;
import io.github.liquibasecitus.check.advise.AdvisePlan.SchemaDecision;
import io.github.liquibasecitus.operations.JsonDocument;
import io.github.liquibasecitus.sql.SqlText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a plan out: the changelog that carries it out (Liquibase XML or YAML with the product's
 * change types, or Flyway SQL migrations calling {@code citus_ext}), reference tables first, each
 * step with its rollback; and the report, as text and as JSON.
 */
public final class AdviseOutput {
  /** The changelog's format. */
  public enum Format {
    XML,
    YAML,
    FLYWAY;

    /** The format a setting names ({@code xml}, {@code yaml} or {@code flyway}). */
    public static Format parse(String setting, String value) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException(setting + " is '" + value + "': give xml, yaml or flyway");
    }
  }

  /** The files written, the changelog's first. */
  public record Written(Path changeLog, Path report, Path json, List<Path> migrations) {}

  static final String AUTHOR = "citus-advise";
  static final String NS = "https://liquibase-citus.github.io/xml/ns/citus";

  private AdviseOutput() {}

  /**
   * Writes the changelog and the reports into a directory (created if needed). For Flyway the
   * migrations are {@code V<flywayVersion>_<n>__...sql} with their undo {@code U...sql} in {@code
   * db/migration} under it.
   */
  public static Written write(AdvisePlan plan, Format format, String flywayVersion, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    // A changelog of another format from an earlier run would contradict this plan.
    Files.deleteIfExists(dir.resolve("changelog.xml"));
    Files.deleteIfExists(dir.resolve("changelog.yaml"));
    Path migrationDir = dir.resolve("db/migration");
    if (Files.isDirectory(migrationDir)) {
      try (var old = Files.list(migrationDir)) {
        for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
          Files.delete(p);
        }
      }
    }
    Path changeLog;
    List<Path> migrations = new ArrayList<>();
    switch (format) {
      case XML -> {
        changeLog = dir.resolve("changelog.xml");
        Files.writeString(changeLog, xml(plan), StandardCharsets.UTF_8);
      }
      case YAML -> {
        changeLog = dir.resolve("changelog.yaml");
        Files.writeString(changeLog, yaml(plan), StandardCharsets.UTF_8);
      }
      default -> {
        changeLog = migrationDir;
        Files.createDirectories(changeLog);
        for (Map.Entry<String, String[]> m : flyway(plan, flywayVersion).entrySet()) {
          Path forward = changeLog.resolve("V" + m.getKey() + ".sql");
          Files.writeString(forward, m.getValue()[0], StandardCharsets.UTF_8);
          Files.writeString(
              changeLog.resolve("U" + m.getKey() + ".sql"),
              m.getValue()[1],
              StandardCharsets.UTF_8);
          migrations.add(forward);
        }
      }
    }
    Path report = dir.resolve("plan.txt");
    Files.writeString(report, String.join("\n", plan.lines()) + "\n", StandardCharsets.UTF_8);
    Path json = dir.resolve("plan.json");
    Files.writeString(json, JsonDocument.text(json(plan)) + "\n", StandardCharsets.UTF_8);
    return new Written(changeLog, report, json, List.copyOf(migrations));
  }

  /** The changesets' ids, in order: what a check or an IT expects to see applied. */
  public static List<String> changeSetIds(AdvisePlan plan) {
    List<String> ids = new ArrayList<>();
    for (Reference r : plan.references()) {
      ids.add("reference-" + r.table().qualified());
    }
    for (SchemaDecision s : plan.toDistribute()) {
      ids.add("distribute-" + s.schema());
    }
    return ids;
  }

  static String xml(AdvisePlan plan) {
    StringBuilder out = new StringBuilder();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<!--\n").append(header(plan, "  ")).append("-->\n");
    out.append("<databaseChangeLog\n")
        .append("    xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n")
        .append("    xmlns:citus=\"")
        .append(NS)
        .append("\"\n")
        .append("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
        .append(
            "    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog"
                + " http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd\n")
        .append("        ")
        .append(NS)
        .append(" ")
        .append(NS)
        .append("/liquibase-citus-0.1.xsd\">\n");
    for (Reference r : plan.references()) {
      String table = r.table().name();
      String schema = r.table().schema();
      out.append("\n  <changeSet id=\"")
          .append(xmlText("reference-" + r.table().qualified()))
          .append("\" author=\"")
          .append(AUTHOR)
          .append("\">\n")
          .append("    <comment>")
          .append(xmlText(r.table().qualified() + ": " + r.reason()))
          .append("</comment>\n")
          .append("    <citus:createReferenceTable schemaName=\"")
          .append(xmlText(schema))
          .append("\" tableName=\"")
          .append(xmlText(table))
          .append("\"/>\n")
          .append("    <rollback>\n")
          .append("      <citus:undistributeTable schemaName=\"")
          .append(xmlText(schema))
          .append("\" tableName=\"")
          .append(xmlText(table))
          .append("\" cascadeViaForeignKeys=\"true\"/>\n")
          .append("    </rollback>\n")
          .append("  </changeSet>\n");
    }
    for (SchemaDecision s : plan.toDistribute()) {
      out.append("\n  <changeSet id=\"")
          .append(xmlText("distribute-" + s.schema()))
          .append("\" author=\"")
          .append(AUTHOR)
          .append("\">\n")
          .append("    <comment>")
          .append(xmlText(s.schema() + ": " + s.reason()))
          .append("</comment>\n")
          .append("    <citus:distributeSchema schemaName=\"")
          .append(xmlText(s.schema()))
          .append("\"/>\n")
          .append("    <rollback>\n")
          .append("      <citus:undistributeSchema schemaName=\"")
          .append(xmlText(s.schema()))
          .append("\"/>\n")
          .append("    </rollback>\n")
          .append("  </changeSet>\n");
    }
    out.append("</databaseChangeLog>\n");
    return out.toString();
  }

  static String yaml(AdvisePlan plan) {
    StringBuilder out = new StringBuilder();
    for (String line : header(plan, "").split("\n")) {
      out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    out.append("databaseChangeLog:\n");
    for (Reference r : plan.references()) {
      String target =
          "schemaName: "
              + yamlText(r.table().schema())
              + "\n              tableName: "
              + yamlText(r.table().name());
      out.append("  - changeSet:\n")
          .append("      id: ")
          .append(yamlText("reference-" + r.table().qualified()))
          .append("\n      author: ")
          .append(AUTHOR)
          .append("\n      comment: ")
          .append(yamlText(r.table().qualified() + ": " + r.reason()))
          .append("\n      changes:\n")
          .append("        - createReferenceTable:\n")
          .append("              ")
          .append(target)
          .append("\n      rollback:\n")
          .append("        - undistributeTable:\n")
          .append("              ")
          .append(target)
          .append("\n              cascadeViaForeignKeys: true\n");
    }
    for (SchemaDecision s : plan.toDistribute()) {
      out.append("  - changeSet:\n")
          .append("      id: ")
          .append(yamlText("distribute-" + s.schema()))
          .append("\n      author: ")
          .append(AUTHOR)
          .append("\n      comment: ")
          .append(yamlText(s.schema() + ": " + s.reason()))
          .append("\n      changes:\n")
          .append("        - distributeSchema:\n")
          .append("              schemaName: ")
          .append(yamlText(s.schema()))
          .append("\n      rollback:\n")
          .append("        - undistributeSchema:\n")
          .append("              schemaName: ")
          .append(yamlText(s.schema()))
          .append('\n');
    }
    if (plan.references().isEmpty() && plan.toDistribute().isEmpty()) {
      out.append("  []\n");
    }
    return out.toString();
  }

  /** Flyway migrations: name (without V/U and .sql) to forward and undo SQL. */
  static Map<String, String[]> flyway(AdvisePlan plan, String version) {
    Map<String, String[]> migrations = new LinkedHashMap<>();
    String head = "-- " + header(plan, "").trim().replace("\n", "\n-- ") + "\n";
    int n = 0;
    for (Reference r : plan.references()) {
      String table = SqlText.regclass(SqlText.qualified(r.table().schema(), r.table().name()));
      migrations.put(
          version + "_" + ++n + "__citus_reference_" + describe(r.table().qualified()),
          new String[] {
            head
                + "-- "
                + r.table().qualified()
                + ": "
                + r.reason()
                + "\nSELECT citus_ext.create_reference_table("
                + table
                + ");\n",
            "-- Undoes the reference table "
                + r.table().qualified()
                + "\nSELECT citus_ext.undistribute_table("
                + table
                + ", cascade_via_foreign_keys => true);\n"
          });
    }
    for (SchemaDecision s : plan.toDistribute()) {
      String schema = SqlText.regnamespace(SqlText.quoteIdentifier(s.schema()));
      migrations.put(
          version + "_" + ++n + "__citus_distribute_" + describe(s.schema()),
          new String[] {
            head
                + "-- "
                + s.schema()
                + ": "
                + s.reason()
                + "\nSELECT citus_ext.distribute_schema("
                + schema
                + ");\n",
            "-- Undoes the distributed schema "
                + s.schema()
                + "\nSELECT citus_ext.undistribute_schema("
                + schema
                + ");\n"
          });
    }
    return migrations;
  }

  /** The plan as a JSON document: every decision, its reason, its blockers and their choices. */
  public static Map<String, Object> json(AdvisePlan plan) {
    Map<String, Object> doc = JsonDocument.head("advise");
    doc.put("server", plan.server());
    doc.put(
        "options",
        Map.of(
            "referenceMaxRows", plan.options().referenceMaxRows(),
            "referenceMaxBytes", plan.options().referenceMaxBytes(),
            "minReferencingSchemas", plan.options().minReferencingSchemas(),
            "referenceTables", plan.options().referenceTables().stream().sorted().toList(),
            "excludeSchemas", plan.options().excludeSchemas().stream().sorted().toList()));
    List<Map<String, Object>> references = new ArrayList<>();
    for (Reference r : plan.references()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("table", r.table().qualified());
      m.put("rows", r.table().rows());
      m.put("bytes", r.table().bytes());
      m.put("reason", r.reason());
      references.add(m);
    }
    doc.put("referenceTables", references);
    List<Map<String, Object>> schemas = new ArrayList<>();
    for (SchemaDecision s : plan.schemas()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schema", s.schema());
      m.put("owner", s.owner());
      m.put("outcome", s.outcome().name().toLowerCase(Locale.ROOT));
      m.put("reason", s.reason());
      m.put("tables", s.tables().size());
      m.put("rows", s.rows());
      m.put("bytes", s.bytes());
      List<Map<String, Object>> blockers = new ArrayList<>();
      for (Blocker b : s.blockers()) {
        Map<String, Object> bm = new LinkedHashMap<>();
        bm.put("object", b.object());
        bm.put("citusSays", b.citusSays());
        bm.put("choices", b.choices());
        blockers.add(bm);
      }
      m.put("blockers", blockers);
      m.put(
          "tenantColumns",
          s.tenantColumns().stream()
              .map(t -> Map.<String, Object>of("column", t.column(), "tables", t.tables()))
              .toList());
      schemas.add(m);
    }
    doc.put("schemas", schemas);
    doc.put("changeSets", changeSetIds(plan));
    return doc;
  }

  private static String header(AdvisePlan plan, String indent) {
    StringBuilder out = new StringBuilder();
    out.append(indent)
        .append("Generated by citus:advise from ")
        .append(plan.server())
        .append(". Every decision and its reason: plan.txt (plan.json).\n")
        .append(indent)
        .append("Reference tables come first, then the schemas that point to them.\n");
    for (SchemaDecision s : plan.blocked()) {
      out.append(indent)
          .append("Not distributed: ")
          .append(s.schema())
          .append(" (")
          .append(s.reason())
          .append(")\n");
    }
    // "--" may not appear inside an XML comment.
    return out.toString().replace("--", "- -");
  }

  private static String describe(String name) {
    return name.replaceAll("[^A-Za-z0-9]+", "_");
  }

  private static String xmlText(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }

  private static String yamlText(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
