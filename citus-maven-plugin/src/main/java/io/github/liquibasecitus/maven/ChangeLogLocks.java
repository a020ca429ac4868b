package io.github.liquibasecitus.maven;

/**
 * Marks Liquibase's changelog locks taken by this plugin's builds: Liquibase writes the {@code
 * liquibase.hostDescription} system property into the lock row ({@code host#citus-maven-plugin
 * (address)}), so that a lock left by a killed build of ours can be told from one of another tool.
 *
 * <p>The property is the JVM's: under {@code mvn -T} several goals of this plugin (in one class
 * realm or several) run at once, so the goals that marked are counted JVM-wide ({@link JvmWide}):
 * the first sets the property (unless the user chose a description), the last one takes it away.
 */
final class ChangeLogLocks {
  static final String MARKER = "#citus-maven-plugin";
  private static final String HOST_DESCRIPTION = "liquibase.hostDescription";
  private static final String MARKS = "io.github.liquibasecitus.maven.lockMarks";

  private ChangeLogLocks() {}

  /**
   * Sets the description unless the user chose one, until {@link #unmark}. Liquibase reads it when
   * it first locks in a class loader: this plugin's goals share it; other Liquibase plugins of the
   * same JVM see it only while a goal of ours runs.
   */
  static boolean markOurs() {
    boolean[] marked = {false};
    JvmWide.locked(
        () -> {
          if (JvmWide.count(MARKS) > 0) {
            JvmWide.add(MARKS, 1);
            marked[0] = true;
          } else if (System.getProperty(HOST_DESCRIPTION) == null) {
            System.setProperty(HOST_DESCRIPTION, MARKER.substring(1));
            JvmWide.add(MARKS, 1);
            marked[0] = true;
          }
        });
    return marked[0];
  }

  /** Takes the description away again when the last goal that {@link #markOurs} marked ends. */
  static void unmark(boolean marked) {
    if (marked) {
      JvmWide.locked(
          () -> {
            if (JvmWide.add(MARKS, -1) == 0) {
              System.clearProperty(HOST_DESCRIPTION);
            }
          });
    }
  }
}
