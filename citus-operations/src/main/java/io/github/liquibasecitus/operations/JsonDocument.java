package io.github.liquibasecitus.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reports as JSON documents for dashboards and pipelines, instead of log lines to scrape. Every
 * document has {@code "document"} (what it is: {@code status}, {@code tenants}, {@code
 * rebalance-plan}, {@code check}) and {@code "version"} ({@value #VERSION}: a field may be added
 * within a version, never renamed or removed). docs/reference/json.md shows each shape. Needs
 * Jackson on the class path (the Maven plugin brings it).
 */
public final class JsonDocument {
  /** The shape's version. */
  public static final int VERSION = 1;

  private JsonDocument() {}

  /**
   * The cluster as citus:status reads it.
   *
   * @param pending the changesets not applied yet, {@code path::id::author}; null when no changelog
   *     was read
   */
  public static Map<String, Object> status(ClusterStatus status, List<String> pending) {
    Map<String, Object> doc = head("status");
    doc.put("nodes", status.nodes());
    doc.put("schemas", status.schemas());
    doc.put("tenants", status.tenants());
    doc.put("sizesKnown", status.sizesKnown());
    doc.put("libraryInstalled", status.libraryInstalled());
    doc.put("libraryProblem", status.libraryProblem());
    doc.put("localTables", status.localTables());
    if (pending != null) {
      doc.put("pendingChangeSets", pending);
    }
    return doc;
  }

  /** The tenants as citus:tenants lists them, in that order, with the findings. */
  public static Map<String, Object> tenants(
      TenantsReport report, TenantsReport.Sort sort, int top) {
    Map<String, Object> doc = head("tenants");
    doc.put("sort", sort.name().toLowerCase(java.util.Locale.ROOT));
    doc.put("total", report.tenants().size());
    Map<String, Object> activity = new LinkedHashMap<>();
    activity.put("track", report.activity().track());
    activity.put("tracking", report.activity().tracking());
    activity.put("unreadable", report.activity().unreadable());
    doc.put("activity", activity);
    doc.put("tenants", report.sorted(sort, top));
    doc.put("findings", report.findings());
    return doc;
  }

  /** What a rebalance or drain would move (its dry run). */
  public static Map<String, Object> plan(String goal, RebalancePlan plan) {
    Map<String, Object> doc = head("rebalance-plan");
    doc.put("goal", goal);
    doc.put("moves", plan == null ? List.of() : plan.moves());
    doc.put("sizesKnown", plan != null && plan.sizesKnown());
    doc.put("totalBytes", plan == null ? 0L : plan.totalBytes());
    return doc;
  }

  /** The document as indented JSON text. */
  public static String text(Map<String, Object> document) {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(
          "could not write the " + document.get("document") + " document", e);
    }
  }

  /** A document's first fields: its kind and the format's version. */
  public static Map<String, Object> head(String document) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("document", document);
    doc.put("version", VERSION);
    return doc;
  }
}
