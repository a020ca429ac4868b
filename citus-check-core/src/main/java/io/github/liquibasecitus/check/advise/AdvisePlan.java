package io.github.liquibasecitus.check.advise;

import io.github.liquibasecitus.check.advise.Catalog.ForeignKey;
import io.github.liquibasecitus.check.advise.Catalog.Table;
import io.github.liquibasecitus.operations.TextTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * citus:advise's plan for a database: which tables become reference tables, which schemas become
 * distributed schemas, what blocks the others (with Citus' own message) and the choices that would
 * unblock them, each decision with its reason. Pure: made from a {@link Catalog}, no connection.
 *
 * @param references the reference tables to create, referenced tables first
 * @param notReference tables named in referenceTables that cannot be reference tables, with why
 * @param schemas one decision per user schema, in name order
 */
public record AdvisePlan(
    String server,
    Options options,
    List<Reference> references,
    List<SchemaDecision> schemas,
    Map<String, String> notReference) {

  /**
   * What the planner may decide.
   *
   * @param referenceMaxRows a table with more rows (the planner's estimate) is not made a reference
   *     table on the planner's own initiative: a reference table is copied to every node
   * @param referenceMaxBytes the same bound in bytes (indexes and TOAST included)
   * @param minReferencingSchemas how many other schemas must reference a schema's tables before the
   *     schema is taken for a shared lookup schema whose tables become reference tables
   * @param referenceTables tables ({@code schema.table}) the team wants as reference tables,
   *     whatever their size or how widely they are referenced
   * @param excludeSchemas schemas to leave as they are
   */
  public record Options(
      long referenceMaxRows,
      long referenceMaxBytes,
      int minReferencingSchemas,
      Set<String> referenceTables,
      Set<String> excludeSchemas) {

    public static final long DEFAULT_REFERENCE_MAX_ROWS = 100_000;
    public static final long DEFAULT_REFERENCE_MAX_BYTES = 256L * 1024 * 1024;

    public static Options defaults() {
      return new Options(
          DEFAULT_REFERENCE_MAX_ROWS, DEFAULT_REFERENCE_MAX_BYTES, 2, Set.of(), Set.of());
    }

    public Options {
      referenceTables = Set.copyOf(referenceTables);
      excludeSchemas = Set.copyOf(excludeSchemas);
      if (referenceMaxRows < 0 || referenceMaxBytes < 0 || minReferencingSchemas < 1) {
        throw new IllegalArgumentException(
            "referenceMaxRows and referenceMaxBytes must be 0 or more, minReferencingSchemas 1 or"
                + " more");
      }
    }
  }

  /** A table to make a reference table, and why. */
  public record Reference(Table table, String reason) {}

  /** What happens to a schema. */
  public enum Outcome {
    /** Becomes a distributed schema: its tables on one node, moved as one. */
    DISTRIBUTE,
    /** Already a distributed schema. */
    ALREADY_DISTRIBUTED,
    /** A shared lookup schema: its tables become reference tables, the schema stays regular. */
    REFERENCE_TABLES,
    /** Stays a regular schema, for a reason that is not a blocker (public, empty, excluded). */
    STAYS,
    /** Could be distributed but for the blockers named. */
    BLOCKED
  }

  /**
   * One thing that keeps a schema from being distributed.
   *
   * @param object the foreign key, trigger or table at fault
   * @param citusSays Citus' own message when it refuses this
   * @param choices what would unblock the schema
   */
  public record Blocker(String object, String citusSays, List<String> choices) {}

  /**
   * A column shared by tables of a schema and part of their keys: those tables could be
   * hash-distributed by it and colocated, instead of (or besides) schema-based sharding.
   */
  public record TenantColumn(String column, List<String> tables) {}

  /** The decision on one schema. */
  public record SchemaDecision(
      String schema,
      String owner,
      Outcome outcome,
      String reason,
      List<Table> tables,
      List<Blocker> blockers,
      List<TenantColumn> tenantColumns) {
    public SchemaDecision {
      tables = List.copyOf(tables);
      blockers = List.copyOf(blockers);
      tenantColumns = List.copyOf(tenantColumns);
    }

    public long bytes() {
      return tables.stream().mapToLong(Table::bytes).sum();
    }

    public long rows() {
      return tables.stream().mapToLong(Table::rows).sum();
    }
  }

  /** The plan for a catalog. */
  public static AdvisePlan of(Catalog catalog, Options options) {
    return new Planner(catalog, options).plan();
  }

  /** The schemas the plan distributes, in the order the changelog does. */
  public List<SchemaDecision> toDistribute() {
    return schemas.stream().filter(s -> s.outcome() == Outcome.DISTRIBUTE).toList();
  }

  public List<SchemaDecision> blocked() {
    return schemas.stream().filter(s -> s.outcome() == Outcome.BLOCKED).toList();
  }

  /** The plan as the text report prints it. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("citus:advise plan for " + server);
    out.add(
        "  "
            + references.size()
            + " reference table(s), "
            + toDistribute().size()
            + " schema(s) to distribute, "
            + blocked().size()
            + " blocked");
    if (!references.isEmpty()) {
      out.add("");
      out.add("Reference tables (copied to every node; created first, referenced tables first):");
      TextTable table = TextTable.of("table", "rows", "size", "copy per node", "why");
      for (Reference r : references) {
        table.row(
            r.table().qualified(),
            r.table().rows(),
            TextTable.size(r.table().bytes()),
            duration(r.table().bytes()),
            r.reason());
      }
      out.addAll(table.lines("  "));
    }
    for (Map.Entry<String, String> e : notReference.entrySet()) {
      out.add("  not a reference table, though named: " + e.getKey() + ": " + e.getValue());
    }
    out.add("");
    out.add("Schemas:");
    TextTable table =
        TextTable.of("schema", "outcome", "tables", "rows", "size", "copy to its node", "why");
    for (SchemaDecision s : schemas) {
      table.row(
          s.schema(),
          s.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
          s.tables().size(),
          s.rows(),
          TextTable.size(s.bytes()),
          s.outcome() == Outcome.DISTRIBUTE ? duration(s.bytes()) : "",
          s.reason());
    }
    out.addAll(table.lines("  "));
    out.add(
        "  Rows are the planner's estimates (run ANALYZE for better ones); copy times assume "
            + COPY_BYTES_PER_SECOND / (1024 * 1024)
            + " MB/s, measure your own.");
    for (SchemaDecision s : schemas) {
      if (s.blockers().isEmpty() && s.tenantColumns().isEmpty()) {
        continue;
      }
      out.add("");
      out.add(s.schema() + (s.outcome() == Outcome.BLOCKED ? " is blocked by:" : ":"));
      for (Blocker b : s.blockers()) {
        out.add("  - " + b.object());
        out.add("    Citus says: " + b.citusSays());
        for (String choice : b.choices()) {
          out.add("    choice: " + choice);
        }
      }
      for (TenantColumn t : s.tenantColumns()) {
        out.add(
            "  - could instead be hash-distributed by "
                + t.column()
                + " and colocated: "
                + String.join(", ", t.tables())
                + " (each has "
                + t.column()
                + " in its primary key, and their foreign keys include it)");
      }
    }
    return out;
  }

  /** The copy rate the report's time estimates assume. */
  static final long COPY_BYTES_PER_SECOND = 50L * 1024 * 1024;

  /** How long copying this many bytes takes at {@link #COPY_BYTES_PER_SECOND}. */
  static String duration(long bytes) {
    long seconds = bytes / COPY_BYTES_PER_SECOND;
    if (seconds < 1) {
      return "< 1 s";
    }
    return seconds < 120 ? "about " + seconds + " s" : "about " + (seconds + 30) / 60 + " min";
  }

  /** The planning itself, over one catalog. */
  private static final class Planner {
    private final Catalog catalog;
    private final Options options;
    private final Map<String, Table> byName = new LinkedHashMap<>();
    private final Map<String, List<Table>> bySchema = new TreeMap<>();
    private final Map<String, List<String>> triggersOn = new TreeMap<>();
    private final Map<String, String> notReference = new TreeMap<>();
    private final Map<String, List<ForeignKey>> keysFrom = new java.util.HashMap<>();

    Planner(Catalog catalog, Options options) {
      this.catalog = catalog;
      this.options = options;
      for (Table t : catalog.tables()) {
        byName.put(t.qualified(), t);
        bySchema.computeIfAbsent(t.schema(), s -> new ArrayList<>()).add(t);
      }
      for (Catalog.Trigger t : catalog.triggers()) {
        triggersOn.computeIfAbsent(t.on(), k -> new ArrayList<>()).add(t.name());
      }
      for (ForeignKey fk : catalog.foreignKeys()) {
        keysFrom.computeIfAbsent(fk.from(), k -> new ArrayList<>()).add(fk);
      }
    }

    AdvisePlan plan() {
      Map<String, String> references = referenceTables();
      List<SchemaDecision> decisions = new ArrayList<>();
      Set<String> lookups = new TreeSet<>();
      for (String r : references.keySet()) {
        lookups.add(byName.get(r).schema());
      }
      for (Map.Entry<String, String> schema : catalog.schemas().entrySet()) {
        decisions.add(decide(schema.getKey(), schema.getValue(), references, lookups));
      }
      List<Reference> ordered = new ArrayList<>();
      for (String name : catalog.referencedFirst(references.keySet())) {
        ordered.add(new Reference(byName.get(name), references.get(name)));
      }
      return new AdvisePlan(
          catalog.server(),
          options,
          List.copyOf(ordered),
          List.copyOf(decisions),
          java.util.Collections.unmodifiableMap(new TreeMap<>(notReference)));
    }

    /** Why a table cannot be a reference table, ignoring what it references; null when it can. */
    private String whyNotReference(Table t, boolean sizeMatters) {
      if (t.partition() || t.parent() != null) {
        return (t.partition() ? "a partition of " : "inherits from ") + t.parent();
      }
      if (t.kind() == 'p') {
        return "a partitioned table";
      }
      if (t.kind() == 'f') {
        return "a foreign table";
      }
      if (triggersOn.containsKey(t.qualified())) {
        return "has trigger(s) " + String.join(", ", triggersOn.get(t.qualified()));
      }
      if (t.citusKind() != null
          && !"local".equals(t.citusKind())
          && !"reference".equals(t.citusKind())) {
        return "already a " + t.citusKind() + " Citus table";
      }
      if (catalog.distributedSchemas().contains(t.schema())) {
        return "in distributed schema " + t.schema();
      }
      if (sizeMatters && t.rows() > options.referenceMaxRows()) {
        return t.rows() + " rows, above referenceMaxRows " + options.referenceMaxRows();
      }
      if (sizeMatters && t.bytes() > options.referenceMaxBytes()) {
        return TextTable.size(t.bytes())
            + ", above referenceMaxBytes "
            + TextTable.size(options.referenceMaxBytes());
      }
      return null;
    }

    /** Tables that become reference tables, with the reason; closed over their foreign keys. */
    private Map<String, String> referenceTables() {
      Map<String, Set<String>> referencingSchemas = new TreeMap<>();
      Map<String, Set<String>> outgoing = new TreeMap<>();
      for (ForeignKey fk : catalog.foreignKeys()) {
        if (fk.crossSchema()) {
          referencingSchemas
              .computeIfAbsent(fk.toSchema(), s -> new TreeSet<>())
              .add(fk.fromSchema());
          outgoing.computeIfAbsent(fk.fromSchema(), s -> new TreeSet<>()).add(fk.toSchema());
        }
      }
      Map<String, String> chosen = new LinkedHashMap<>();
      for (Map.Entry<String, Set<String>> e : referencingSchemas.entrySet()) {
        String schema = e.getKey();
        if (options.excludeSchemas().contains(schema)
            || catalog.distributedSchemas().contains(schema)
            || e.getValue().size() < options.minReferencingSchemas()) {
          continue;
        }
        List<Table> tables = bySchema.getOrDefault(schema, List.of());
        boolean allSmall = tables.stream().allMatch(t -> whyNotReference(t, true) == null);
        if (!allSmall) {
          continue;
        }
        for (Table t : tables) {
          if (!"reference".equals(t.citusKind())) {
            chosen.put(
                t.qualified(),
                "in lookup schema "
                    + schema
                    + ", referenced from "
                    + String.join(", ", e.getValue()));
          }
        }
      }
      for (String wanted : options.referenceTables()) {
        Table t = byName.get(wanted);
        String why = t == null ? "no such table" : whyNotReference(t, false);
        if (why != null) {
          notReference.put(wanted, why);
        } else if (!"reference".equals(t.citusKind())) {
          chosen.put(wanted, "named in referenceTables");
        }
      }
      // A reference table may only reference reference tables: each seed takes what it
      // references along (within the same limits), or is left out with all it would take.
      Map<String, String> closed = new LinkedHashMap<>();
      for (Map.Entry<String, String> seed : chosen.entrySet()) {
        Map<String, String> taken = new LinkedHashMap<>();
        taken.put(seed.getKey(), seed.getValue());
        String blocked = close(taken);
        if (blocked == null) {
          taken.forEach(closed::putIfAbsent);
        } else if (options.referenceTables().contains(seed.getKey())) {
          notReference.put(seed.getKey(), blocked);
        }
      }
      return closed;
    }

    /**
     * Adds to {@code taken} every table its tables reference; returns why that cannot be (a
     * referenced table that cannot be a reference table), or null.
     */
    private String close(Map<String, String> taken) {
      java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(taken.keySet());
      while (!queue.isEmpty()) {
        String from = queue.poll();
        for (ForeignKey fk : keysFrom.getOrDefault(from, List.of())) {
          if (taken.containsKey(fk.to())) {
            continue;
          }
          Table to = byName.get(fk.to());
          String why =
              to == null
                  ? "it references " + fk.to() + ", which advise does not read"
                  : "reference".equals(to.citusKind())
                      ? null
                      : whyNotReference(to, !options.referenceTables().contains(fk.to()));
          if (why == null && to != null && options.excludeSchemas().contains(to.schema())) {
            why = "in excluded schema " + to.schema();
          }
          if (why != null) {
            return "it references "
                + fk.to()
                + " ("
                + fk.name()
                + "), which cannot be a reference table: "
                + why;
          }
          if (!"reference".equals(to.citusKind())) {
            taken.put(fk.to(), "referenced by reference table " + from + " (" + fk.name() + ")");
            queue.add(fk.to());
          }
        }
      }
      return null;
    }

    private SchemaDecision decide(
        String schema, String owner, Map<String, String> references, Set<String> lookups) {
      List<Table> tables = bySchema.getOrDefault(schema, List.of());
      List<TenantColumn> tenantColumns = tenantColumns(tables);
      if (catalog.distributedSchemas().contains(schema)) {
        return new SchemaDecision(
            schema,
            owner,
            Outcome.ALREADY_DISTRIBUTED,
            "a distributed schema already",
            tables,
            List.of(),
            List.of());
      }
      if (options.excludeSchemas().contains(schema)) {
        return new SchemaDecision(
            schema,
            owner,
            Outcome.STAYS,
            "excluded (excludeSchemas)",
            tables,
            List.of(),
            tenantColumns);
      }
      long existing = tables.stream().filter(t -> "reference".equals(t.citusKind())).count();
      if (lookups.contains(schema) || existing > 0) {
        long made = tables.stream().filter(t -> references.containsKey(t.qualified())).count();
        if (made == 0) {
          return new SchemaDecision(
              schema,
              owner,
              Outcome.REFERENCE_TABLES,
              existing
                  + " table(s) are reference tables already; the schema stays regular (Citus keeps"
                  + " reference tables out of distributed schemas)",
              tables,
              List.of(),
              List.of());
        }
        return new SchemaDecision(
            schema,
            owner,
            Outcome.REFERENCE_TABLES,
            made
                + " table(s) become reference tables; the schema stays regular (Citus keeps"
                + " reference tables out of distributed schemas)",
            tables,
            List.of(),
            List.of());
      }
      if ("public".equals(schema)) {
        return new SchemaDecision(
            schema,
            owner,
            Outcome.STAYS,
            "Citus refuses to distribute public (\"public schema cannot be distributed\")",
            tables,
            List.of(),
            tenantColumns);
      }
      if (tables.isEmpty()) {
        return new SchemaDecision(
            schema, owner, Outcome.STAYS, "no tables", tables, List.of(), List.of());
      }
      List<Blocker> blockers = new ArrayList<>();
      String extension = catalog.extensionSchemas().get(schema);
      if (extension != null) {
        blockers.add(
            new Blocker(
                "extension " + extension + " lives in " + schema,
                "schema "
                    + schema
                    + " cannot be distributed since it is the schema of extension "
                    + extension.split(", ")[0],
                List.of(
                    "move the extension's objects to a schema of their own (ALTER EXTENSION ... SET SCHEMA) and keep the tables here")));
      }
      for (Table t : tables) {
        if (t.citusKind() != null && !"local".equals(t.citusKind())) {
          blockers.add(
              new Blocker(
                  t.qualified() + " is already a " + t.citusKind() + " table",
                  "citus_schema_distribute refuses a schema that holds distributed or reference tables",
                  List.of(
                      "undistribute "
                          + t.qualified()
                          + " first (citus:undistributeTable), or keep the schema regular")));
        }
        if (t.parent() != null && !t.partition()) {
          blockers.add(
              new Blocker(
                  t.qualified() + " inherits from " + t.parent(),
                  "tables in a distributed schema cannot inherit or be inherited",
                  List.of("use declarative partitioning (PARTITION BY) instead of INHERITS")));
        }
        Table parentOf = t.parent() == null ? null : byName.get(t.parent());
        if (t.partition() && parentOf != null && !parentOf.schema().equals(schema)) {
          blockers.add(
              new Blocker(
                  t.qualified() + " is a partition of " + t.parent() + ", in another schema",
                  "partitioning within a distributed schema is not supported when the parent and the child are in different schemas",
                  List.of("move the partition into its parent's schema")));
        }
        if (t.kind() == 'f') {
          blockers.add(
              new Blocker(
                  t.qualified() + " is a foreign table",
                  "not measured: Citus does not place foreign tables on workers",
                  List.of("move the foreign table to a regular schema")));
        }
        List<String> triggers = triggersOn.get(t.qualified());
        if (triggers != null) {
          blockers.add(
              new Blocker(
                  (triggers.size() == 1 ? "trigger " : "triggers ")
                      + String.join(", ", triggers)
                      + " on "
                      + t.qualified(),
                  "cannot distribute relation \"" + t.name() + "\" because it has triggers",
                  List.of(
                      "drop the trigger(s) and do their work in the application (or in the"
                          + " statements the changelog runs)",
                      "keep " + schema + " regular, on the coordinator")));
        }
      }
      for (Table t : catalog.tables()) {
        Table parent = t.parent() == null ? null : byName.get(t.parent());
        if (t.schema().equals(schema) || parent == null || !parent.schema().equals(schema)) {
          continue;
        }
        blockers.add(
            t.partition()
                ? new Blocker(
                    t.qualified() + ", in another schema, is a partition of " + t.parent(),
                    "partitioning within a distributed schema is not supported when the parent"
                        + " and the child are in different schemas",
                    List.of("move the partition into its parent's schema"))
                : new Blocker(
                    t.qualified() + " inherits from " + t.parent(),
                    "tables in a distributed schema cannot inherit or be inherited",
                    List.of("use declarative partitioning (PARTITION BY) instead of INHERITS")));
      }
      for (ForeignKey fk : catalog.foreignKeys()) {
        if (!fk.crossSchema()) {
          continue;
        }
        if (fk.fromSchema().equals(schema)) {
          Table to = byName.get(fk.to());
          if (references.containsKey(fk.to())
              || (to != null && "reference".equals(to.citusKind()))) {
            continue;
          }
          List<String> choices = new ArrayList<>();
          String why = to == null ? "not read" : whyNotReference(to, false);
          if (why == null) {
            Map<String, String> taken = new LinkedHashMap<>();
            taken.put(fk.to(), "");
            why = close(taken);
          }
          if (why == null) {
            choices.add(
                "make "
                    + fk.to()
                    + " a reference table ("
                    + to.rows()
                    + " rows, "
                    + TextTable.size(to.bytes())
                    + ", copied to every node): add it to referenceTables; "
                    + fk.toSchema()
                    + " then stays regular");
          } else {
            choices.add(fk.to() + " cannot become a reference table: " + why);
          }
          choices.add("drop " + fk.name() + " and keep the rule in the application");
          choices.add("move " + fk.to() + " into " + schema + " if only " + schema + " uses it");
          blockers.add(
              new Blocker(
                  "foreign key " + fk.name() + " from " + fk.from() + " to " + fk.to(),
                  "foreign keys from distributed schemas can only point to the same distributed schema or reference tables in regular schemas",
                  List.copyOf(choices)));
        } else if (fk.toSchema().equals(schema)) {
          blockers.add(
              new Blocker(
                  "foreign key " + fk.name() + " from " + fk.from() + " to " + fk.to(),
                  "cannot create foreign keys to tables in a distributed schema from another schema",
                  List.of(
                      "drop " + fk.name() + " and keep the rule in the application",
                      "move " + fk.from() + " into " + schema)));
        }
      }
      if (!blockers.isEmpty()) {
        return new SchemaDecision(
            schema,
            owner,
            Outcome.BLOCKED,
            blockers.size()
                + " blocker(s): "
                + blockers.get(0).object()
                + (blockers.size() > 1 ? ", ..." : ""),
            tables,
            blockers,
            tenantColumns);
      }
      String refs =
          catalog.foreignKeys().stream()
              .filter(fk -> fk.crossSchema() && fk.fromSchema().equals(schema))
              .map(ForeignKey::to)
              .distinct()
              .collect(Collectors.joining(", "));
      return new SchemaDecision(
          schema,
          owner,
          Outcome.DISTRIBUTE,
          "foreign keys stay inside"
              + (refs.isEmpty() ? "" : " or point to reference tables (" + refs + ")")
              + "; no triggers",
          tables,
          List.of(),
          tenantColumns);
    }

    /**
     * Columns in the primary key of two or more of the schema's tables, included in every foreign
     * key between them: the tables could be hash-distributed by it and colocated.
     */
    private List<TenantColumn> tenantColumns(List<Table> tables) {
      Map<String, List<String>> withColumn = new TreeMap<>();
      for (Table t : tables) {
        if (t.parent() != null) {
          continue;
        }
        for (String column : t.primaryKey()) {
          if (t.primaryKey().size() > 1) {
            withColumn.computeIfAbsent(column, c -> new ArrayList<>()).add(t.qualified());
          }
        }
      }
      List<TenantColumn> found = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : withColumn.entrySet()) {
        if (e.getValue().size() < 2) {
          continue;
        }
        String column = e.getKey();
        Set<String> group = Set.copyOf(e.getValue());
        boolean keysCarryIt =
            catalog.foreignKeys().stream()
                .filter(fk -> group.contains(fk.from()) && group.contains(fk.to()))
                .allMatch(
                    fk -> {
                      int i = fk.fromColumns().indexOf(column);
                      return i >= 0 && column.equals(fk.toColumns().get(i));
                    });
        if (keysCarryIt) {
          found.add(
              new TenantColumn(
                  column, e.getValue().stream().sorted(Comparator.naturalOrder()).toList()));
        }
      }
      return found;
    }
  }
}
