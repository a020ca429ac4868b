package io.github.liquibasecitus.maven;

/**
 * Marks Liquibase's changelog locks taken by this plugin's builds: Liquibase writes the {@code
 * liquibase.hostDescription} system property into the lock row ({@code host#citus-maven-plugin
 * (address)}), so that a lock left by a killed build of ours can be told from one of another tool.
 *
 * <p>The property is the JVM's: under {@code mvn -T} several goals of this plugin run at once, so
 * it is counted: the first goal sets it (unless the user chose a description), the last one that
 * set it takes it away.
 */
final class ChangeLogLocks {
  static final String MARKER = "#citus-maven-plugin";
  private static final String HOST_DESCRIPTION = "liquibase.hostDescription";
  private static int marks;

  private ChangeLogLocks() {}

  /**
   * Sets the description unless the user chose one, until {@link #unmark}. Liquibase reads it when
   * it first locks in a class loader: this plugin's goals share it; other Liquibase plugins of the
   * same JVM see it only while a goal of ours runs.
   */
  static synchronized boolean markOurs() {
    if (marks > 0) {
      marks++;
      return true;
    }
    if (System.getProperty(HOST_DESCRIPTION) == null) {
      System.setProperty(HOST_DESCRIPTION, MARKER.substring(1));
      marks = 1;
      return true;
    }
    return false;
  }

  /** Takes the description away again when the last goal that {@link #markOurs} marked ends. */
  static synchronized void unmark(boolean marked) {
    if (marked && --marks == 0) {
      System.clearProperty(HOST_DESCRIPTION);
    }
  }
}
