package io.github.liquibasecitus.maven;

/**
 * Marks Liquibase's changelog locks taken by this plugin's builds: Liquibase writes the {@code
 * liquibase.hostDescription} system property into the lock row ({@code host#citus-maven-plugin
 * (address)}), so that a lock left by a killed build of ours can be told from one of another tool.
 */
final class ChangeLogLocks {
  static final String MARKER = "#citus-maven-plugin";
  private static final String HOST_DESCRIPTION = "liquibase.hostDescription";

  private ChangeLogLocks() {}

  /**
   * Sets the description unless the user chose one. Liquibase reads it once per JVM, when it first
   * locks: a build's goals share it.
   */
  static void markOurs() {
    if (System.getProperty(HOST_DESCRIPTION) == null) {
      System.setProperty(HOST_DESCRIPTION, MARKER.substring(1));
    }
  }
}
