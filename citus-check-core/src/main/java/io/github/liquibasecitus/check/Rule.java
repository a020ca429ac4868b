package io.github.liquibasecitus.check;

/**
 * A check of citus:check: an id ({@code CITUS001}), its default severity, a one-line title, what it
 * finds and why it matters, the usual fix, and the Citus version it applies from (null: all).
 */
public record Rule(
    String id, Severity severity, String title, String description, String fix, String since) {

  /** A rule for every Citus version. */
  public Rule(String id, Severity severity, String title, String description, String fix) {
    this(id, severity, title, description, fix, null);
  }

  /** The same rule, checked only for Citus {@code version} and later. */
  public Rule since(String version) {
    return new Rule(id, severity, title, description, fix, version);
  }

  /** Whether the rule applies to the target Citus version (null: any supported). */
  public boolean appliesTo(CitusVersion target) {
    return since == null || target == null || target.atLeast(since);
  }

  /** A finding of this rule, at its default severity. */
  public Finding at(Location location, String message) {
    return new Finding(this, severity, location, message, fix);
  }

  /** A finding of this rule with a fix that names the object. */
  public Finding at(Location location, String message, String specificFix) {
    return new Finding(this, severity, location, message, specificFix);
  }
}
