package io.github.liquibasecitus.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which rules run and how grave their findings are: rules switched off, rules re-graded, and the
 * severity from which the check fails ({@code failOn}: error, warning, or never).
 */
public final class CheckSettings {
  private final Set<String> disabled;
  private final Map<String, Severity> severities;
  private final Severity failOn;
  private final CitusVersion target;

  private CheckSettings(
      Set<String> disabled,
      Map<String, Severity> severities,
      Severity failOn,
      CitusVersion target) {
    this.disabled = disabled;
    this.severities = severities;
    this.failOn = failOn;
    this.target = target;
  }

  /**
   * The same settings for a Citus version: rules that apply from a later version do not run, and
   * what the migration uses that the version lacks is found (CITUS037).
   *
   * @param version {@code 12.1}, {@code 13.2.2}; null or blank for any supported version
   * @throws IllegalArgumentException naming the setting when the version is not one
   */
  public CheckSettings forCitus(String version, String setting) {
    return new CheckSettings(
        disabled,
        severities,
        failOn,
        version == null || version.isBlank() ? null : CitusVersion.parse(version, setting));
  }

  /** The Citus version checked for; null for any supported one. */
  public CitusVersion target() {
    return target;
  }

  /** Every rule at its default severity; fails on errors. */
  public static CheckSettings defaults() {
    return new CheckSettings(Set.of(), Map.of(), Severity.ERROR, null);
  }

  /**
   * Checked against the known rules, so that a typo does not silently switch nothing off.
   *
   * @param disabled rule ids to skip
   * @param severities rule id to {@code error}, {@code warning} or {@code info}
   * @param failOn {@code error}, {@code warning} or {@code never}
   * @param known every rule that may run
   */
  public static CheckSettings of(
      Collection<String> disabled,
      Map<String, String> severities,
      String failOn,
      Collection<Rule> known) {
    Set<String> ids = new TreeSet<>();
    known.forEach(r -> ids.add(r.id()));
    Set<String> off = new TreeSet<>();
    for (String id : disabled) {
      off.add(knownId(id, ids, "disabled rule"));
    }
    Map<String, Severity> graded = new TreeMap<>();
    severities.forEach(
        (id, value) ->
            graded.put(
                knownId(id, ids, "re-graded rule"),
                Severity.parse(value, "severity of " + id.trim())));
    Severity fail;
    if (failOn == null || failOn.isBlank() || failOn.trim().equalsIgnoreCase("error")) {
      fail = Severity.ERROR;
    } else if (failOn.trim().equalsIgnoreCase("warning")) {
      fail = Severity.WARNING;
    } else if (failOn.trim().equalsIgnoreCase("never")) {
      fail = null;
    } else {
      throw new IllegalArgumentException(
          "failOn '" + failOn + "' is not known: use error (the default), warning or never");
    }
    return new CheckSettings(off, graded, fail, null);
  }

  private static String knownId(String id, Set<String> ids, String what) {
    String upper = id == null ? "" : id.trim().toUpperCase(Locale.ROOT);
    if (!ids.contains(upper)) {
      throw new IllegalArgumentException(
          what + " '" + id + "' is not a rule of citus:check; the rules are " + ids);
    }
    return upper;
  }

  public boolean enabled(Rule rule) {
    return !disabled.contains(rule.id()) && rule.appliesTo(target);
  }

  /** The rules that run, in the order given. */
  public List<Rule> enabled(Collection<Rule> rules) {
    List<Rule> on = new ArrayList<>();
    for (Rule r : rules) {
      if (enabled(r)) {
        on.add(r);
      }
    }
    return on;
  }

  /** The findings of enabled rules, re-graded as configured. */
  public List<Finding> apply(Collection<Finding> findings) {
    List<Finding> kept = new ArrayList<>();
    for (Finding f : findings) {
      if (!enabled(f.rule())) {
        continue;
      }
      Severity graded = severities.get(f.rule().id());
      kept.add(graded == null ? f : f.withSeverity(graded));
    }
    return kept;
  }

  /** Null for never. */
  public Severity failOn() {
    return failOn;
  }
}
