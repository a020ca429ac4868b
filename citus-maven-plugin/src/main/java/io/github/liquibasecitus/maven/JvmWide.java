package io.github.liquibasecitus.maven;

import java.util.Properties;

/**
 * Counts kept where every class loader of the JVM sees them: in the system properties, under keys
 * of this plugin. Under {@code mvn -T} the goals of one project may run in another class realm of
 * the plugin than those of the next, yet the state they guard (a JUL logger, a system property) is
 * the JVM's.
 */
final class JvmWide {
  private JvmWide() {}

  /** Adds {@code delta} to the count under {@code key}; returns the new count. */
  static int add(String key, int delta) {
    Properties properties = System.getProperties();
    synchronized (properties) {
      int count = Integer.parseInt(properties.getProperty(key, "0")) + delta;
      if (count <= 0) {
        properties.remove(key);
        return 0;
      }
      properties.setProperty(key, Integer.toString(count));
      return count;
    }
  }

  /** The count under {@code key}. */
  static int count(String key) {
    return Integer.parseInt(System.getProperties().getProperty(key, "0"));
  }

  /** Runs {@code action} holding the lock of the counts. */
  static void locked(Runnable action) {
    synchronized (System.getProperties()) {
      action.run();
    }
  }
}
