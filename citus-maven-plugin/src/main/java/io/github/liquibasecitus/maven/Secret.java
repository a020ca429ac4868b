package io.github.liquibasecitus.maven;

/**
 * A parameter whose value must never be printed ({@code <url>}, {@code <password>}). Maven's debug
 * output ({@code mvn -X}) prints every parameter it injects with the value's {@code toString()}:
 * this one prints {@code ***}. A parameter of this type is configured like a text one, in the POM
 * (plugin level or an {@code <execution>}, merged and {@code ${...}}-evaluated by Maven) or with
 * its {@code -D} property: Maven hands the text to {@link #set}.
 */
public final class Secret {
  private String value;

  /** Called by Maven with the configured text. */
  public void set(String value) {
    this.value = value;
  }

  /** The text; null when the parameter is absent or blank. */
  static String valueOf(Secret secret) {
    return secret == null || secret.value == null || secret.value.isBlank() ? null : secret.value;
  }

  @Override
  public String toString() {
    return "***";
  }
}
