package io.github.liquibasecitus.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.liquibasecitus.operations.check.CheckResult;
import io.github.liquibasecitus.operations.check.Finding;
import io.github.liquibasecitus.operations.check.Severity;
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

  /** citus:check's outcome: counts per severity, whether it fails, every finding. */
  public static Map<String, Object> check(CheckResult result, Severity failOn) {
    Map<String, Object> doc = head("check");
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      counts.put(s.name().toLowerCase(java.util.Locale.ROOT), result.count(s));
    }
    doc.put("counts", counts);
    doc.put("failOn", failOn == null ? null : failOn.name().toLowerCase(java.util.Locale.ROOT));
    doc.put("fails", failOn != null && result.fails(failOn));
    doc.put("summary", result.summary());
    doc.put("findings", result.findings().stream().map(JsonDocument::finding).toList());
    return doc;
  }

  private static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", f.rule().id());
    m.put("title", f.rule().title());
    m.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
    m.put("file", f.location() == null ? null : f.location().file());
    m.put("line", f.location() == null || f.location().line() <= 0 ? null : f.location().line());
    m.put("changeSet", f.location() == null ? null : f.location().changeSet());
    m.put("object", f.location() == null ? null : f.location().object());
    m.put("message", f.message());
    m.put("fix", f.fix());
    return m;
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

  private static Map<String, Object> head(String document) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("document", document);
    doc.put("version", VERSION);
    return doc;
  }
}
