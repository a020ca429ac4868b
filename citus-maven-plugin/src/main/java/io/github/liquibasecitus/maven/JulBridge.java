package io.github.liquibasecitus.maven;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.maven.plugin.logging.Log;

/**
 * Liquibase lines that reach java.util.logging (static loggers bound before a goal's scope, work
 * outside it) go to Maven's log while a goal runs ({@link LiquibaseLines}), instead of the console
 * with JUL's own format.
 *
 * <p>The {@code liquibase} logger is the JVM's: under {@code mvn -T} goals of this plugin run at
 * once on several threads, in one class realm or several. Each realm installs one handler while its
 * goals run; JUL's own console output is switched off by the first goal of any realm and given back
 * by the last ({@link JvmWide} counts them). A line goes to the log of the goal whose thread wrote
 * it, or, from another thread, to the goal of this realm that started last.
 */
final class JulBridge implements AutoCloseable {
  private static final Logger LOGGER = Logger.getLogger("liquibase");
  private static final ThreadLocal<Log> GOAL_LOG = new ThreadLocal<>();
  private static final Deque<Log> RUNNING = new ArrayDeque<>();
  private static final String RUNNING_GOALS = "io.github.liquibasecitus.maven.julGoals";
  private static final String PARENT_HANDLERS = "io.github.liquibasecitus.maven.julParentHandlers";
  private static Handler handler;

  private final Log log;
  private final Log outer;

  private JulBridge(Log log, Log outer) {
    this.log = log;
    this.outer = outer;
  }

  static synchronized JulBridge install(Log log) {
    if (RUNNING.isEmpty()) {
      handler = new Forward();
      LOGGER.addHandler(handler);
    }
    JvmWide.locked(
        () -> {
          if (JvmWide.add(RUNNING_GOALS, 1) == 1) {
            System.setProperty(PARENT_HANDLERS, Boolean.toString(LOGGER.getUseParentHandlers()));
            LOGGER.setUseParentHandlers(false);
          }
        });
    RUNNING.push(log);
    JulBridge bridge = new JulBridge(log, GOAL_LOG.get());
    GOAL_LOG.set(log);
    return bridge;
  }

  private static synchronized Log target() {
    Log own = GOAL_LOG.get();
    return own != null ? own : RUNNING.peek();
  }

  @Override
  public void close() {
    synchronized (JulBridge.class) {
      RUNNING.removeFirstOccurrence(log);
      if (outer == null) {
        GOAL_LOG.remove();
      } else {
        GOAL_LOG.set(outer);
      }
      if (RUNNING.isEmpty()) {
        LOGGER.removeHandler(handler);
        handler = null;
      }
      JvmWide.locked(
          () -> {
            if (JvmWide.add(RUNNING_GOALS, -1) == 0) {
              LOGGER.setUseParentHandlers(
                  Boolean.parseBoolean(System.getProperty(PARENT_HANDLERS, "true")));
              System.clearProperty(PARENT_HANDLERS);
            }
          });
    }
  }

  private static final class Forward extends Handler {
    @Override
    public void publish(LogRecord record) {
      Log log = target();
      if (log != null) {
        LiquibaseLines.forward(log, record.getLevel(), record.getMessage(), record.getThrown());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
