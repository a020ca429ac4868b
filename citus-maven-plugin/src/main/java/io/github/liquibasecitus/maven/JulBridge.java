package io.github.liquibasecitus.maven;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.maven.plugin.logging.Log;

/**
 * Liquibase lines that reach java.util.logging (static loggers bound before a goal's scope, work
 * outside it) go to Maven's log while a goal runs ({@link LiquibaseLines}), instead of the console
 * with JUL's own format.
 */
final class JulBridge extends Handler implements AutoCloseable {
  private static final String LIQUIBASE = "liquibase";
  private final Log log;
  private final Logger logger = Logger.getLogger(LIQUIBASE);
  private final boolean parentHandlers;

  private JulBridge(Log log) {
    this.log = log;
    this.parentHandlers = logger.getUseParentHandlers();
  }

  static JulBridge install(Log log) {
    JulBridge bridge = new JulBridge(log);
    bridge.logger.addHandler(bridge);
    bridge.logger.setUseParentHandlers(false);
    return bridge;
  }

  @Override
  public void publish(LogRecord record) {
    LiquibaseLines.forward(log, record.getLevel(), record.getMessage(), record.getThrown());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(parentHandlers);
  }
}
