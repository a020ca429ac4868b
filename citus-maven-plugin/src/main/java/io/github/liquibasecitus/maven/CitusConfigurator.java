package io.github.liquibasecitus.maven;

import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;

/**
 * Maven's own configurator for the goals ({@code @Mojo(configurator = "citus")}), knowing one type
 * more: {@link Secret}. Declared in {@code META-INF/plexus/components.xml}, which every Maven since
 * 3.0 reads (a JSR-330 index is not found by Maven 3.8's container for this role).
 */
public class CitusConfigurator extends BasicComponentConfigurator {
  /** The name the goals ask for. */
  public static final String HINT = "citus";

  public CitusConfigurator() {
    converterLookup.registerConverter(new SecretConverter());
  }
}
