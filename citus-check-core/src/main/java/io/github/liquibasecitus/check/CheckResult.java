package io.github.liquibasecitus.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The rules that ran and what they found: what the reports are written from. */
public record CheckResult(List<Rule> rules, List<Finding> findings) {

  public CheckResult {
    rules = List.copyOf(rules);
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(
        Comparator.comparing((Finding f) -> f.severity())
            .thenComparing(f -> String.valueOf(f.location().file()))
            .thenComparingInt(f -> f.location().line())
            .thenComparing(f -> f.rule().id()));
    findings = List.copyOf(sorted);
  }

  /** Both results together (the changelog's rules, then the cluster's), rules once each. */
  public CheckResult and(CheckResult other) {
    List<Rule> all = new ArrayList<>(rules);
    for (Rule r : other.rules) {
      if (all.stream().noneMatch(x -> x.id().equals(r.id()))) {
        all.add(r);
      }
    }
    List<Finding> found = new ArrayList<>(findings);
    found.addAll(other.findings);
    return new CheckResult(all, found);
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** Whether a finding is at least as grave as {@code failOn} (null: never). */
  public boolean fails(Severity failOn) {
    return failOn != null && findings.stream().anyMatch(f -> f.severity().atLeast(failOn));
  }

  /** {@code 13 rules, 2 errors, 1 warning, 0 infos}. */
  public String summary() {
    return rules.size()
        + " rules, "
        + plural(count(Severity.ERROR), "error")
        + ", "
        + plural(count(Severity.WARNING), "warning")
        + ", "
        + plural(count(Severity.INFO), "info");
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
