package io.github.liquibasecitus.check;

/** One thing a rule found: where, what, and how to fix it. */
public record Finding(Rule rule, Severity severity, Location location, String message, String fix) {

  public Finding withSeverity(Severity other) {
    return new Finding(rule, other, location, message, fix);
  }

  /** {@code CITUS001 error db/app.xml:12 changeset fk::me: message. Fix: fix}. */
  public String line() {
    return rule.id()
        + " "
        + severity.label()
        + " "
        + location.describe()
        + ": "
        + message
        + (fix == null || fix.isBlank() ? "" : " Fix: " + fix);
  }
}
