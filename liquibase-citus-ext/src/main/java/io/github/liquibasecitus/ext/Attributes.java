package io.github.liquibasecitus.ext;

import io.github.liquibasecitus.sql.SqlText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the attributes of a change or precondition before anything touches the database; every
 * message names the change and the attribute, and says what would be valid.
 */
public final class Attributes {
  private final String owner;
  private final List<String> errors = new ArrayList<>();
  private final Set<String> failed = new HashSet<>();

  private Attributes(String owner) {
    this.owner = owner;
  }

  /** Checks for the change or precondition named {@code owner} in changelogs. */
  public static Attributes of(String owner) {
    return new Attributes(owner);
  }

  /** The attribute must be given and not blank. */
  public Attributes required(String attribute, Object value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      add(attribute, "is required");
    }
    return this;
  }

  /** A name PostgreSQL can hold as it is: no NUL, at most 63 bytes. */
  public Attributes name(String attribute, String value) {
    String why = value == null ? null : SqlText.whyNotAnIdentifier(value);
    if (why != null) {
      // A NUL character is not shown; a long name is, so that the user finds it.
      add(attribute, (value.indexOf('\0') >= 0 ? "" : "'" + value + "' ") + why);
    }
    return this;
  }

  /** A tenant id: any text but a blank one or one with a NUL character. */
  public Attributes tenantId(String attribute, String value) {
    if (value != null && value.isBlank()) {
      add(attribute, "must not be empty or blank");
    } else if (value != null && value.indexOf('\0') >= 0) {
      add(attribute, "must not contain a NUL character");
    }
    return this;
  }

  /** The value, when given, is one of {@code allowed}. */
  public Attributes oneOf(String attribute, String value, Collection<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      add(attribute, "'" + value + "' is not one of " + String.join(", ", allowed));
    }
    return this;
  }

  /** The number, when given, is at least 1. */
  public Attributes positive(String attribute, Integer value) {
    if (value != null && value < 1) {
      add(attribute, "must be at least 1, not " + value);
    }
    return this;
  }

  /** Unless {@code fine}, the message, after the owner's name. */
  public Attributes unless(boolean fine, String message) {
    if (!fine) {
      errors.add(owner + ": " + message);
    }
    return this;
  }

  /** One message per attribute: the first thing wrong with it. */
  private void add(String attribute, String what) {
    if (failed.add(attribute)) {
      errors.add(owner + ": " + attribute + " " + what);
    }
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }
}
