package io.github.liquibasecitus.maven;

/**
 * A parameter whose value must never be printed ({@code <url>}, {@code <password>}). Maven's debug
 * output ({@code mvn -X}) prints every parameter it injects with the value's {@code toString()}:
 * this one prints {@code ***}. It is configured like a text parameter, in the POM (plugin level or
 * an {@code <execution>}, merged and {@code ${...}}-evaluated by Maven) or with its {@code -D}
 * property; {@link SecretConverter} makes it from the text without Maven's generic bean setter,
 * which would print the text.
 */
public final class Secret {
  private final String value;

  Secret(String value) {
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
