package io.github.liquibasecitus.check;

import io.github.liquibasecitus.operations.JsonDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/** citus:check's outcome as a JSON document of the format {@link JsonDocument} describes. */
public final class CheckJson {
  private CheckJson() {}

  /** citus:check's outcome: counts per severity, whether it fails, every finding. */
  public static Map<String, Object> of(CheckResult result, Severity failOn) {
    Map<String, Object> doc = JsonDocument.head("check");
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      counts.put(s.name().toLowerCase(java.util.Locale.ROOT), result.count(s));
    }
    doc.put("counts", counts);
    doc.put("failOn", failOn == null ? null : failOn.name().toLowerCase(java.util.Locale.ROOT));
    doc.put("fails", failOn != null && result.fails(failOn));
    doc.put("summary", result.summary());
    doc.put("findings", result.findings().stream().map(CheckJson::finding).toList());
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
}
