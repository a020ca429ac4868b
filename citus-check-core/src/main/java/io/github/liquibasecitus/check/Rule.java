package io.github.liquibasecitus.check;

/**
 * A check of citus:check: an id ({@code CITUS001}), its default severity, a one-line title, what it
 * finds and why it matters, and the usual fix.
 */
public record Rule(String id, Severity severity, String title, String description, String fix) {

  /** A finding of this rule, at its default severity. */
  public Finding at(Location location, String message) {
    return new Finding(this, severity, location, message, fix);
  }

  /** A finding of this rule with a fix that names the object. */
  public Finding at(Location location, String message, String specificFix) {
    return new Finding(this, severity, location, message, specificFix);
  }
}
