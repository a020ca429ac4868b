package io.github.liquibasecitus.maven;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import liquibase.Scope;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import liquibase.ui.LoggerUIService;
import org.apache.maven.plugin.logging.Log;

/**
 * Liquibase's logging into Maven's ({@link LiquibaseLines}), so that a build shows our one line per
 * changeset and the summary.
 */
final class MavenLogService extends AbstractLogService {
  private final Log log;

  MavenLogService(Log log) {
    this.log = log;
  }

  /**
   * The Liquibase scope every goal runs Liquibase in: logging into Maven's log, and Liquibase's
   * analytics off (they would call a server on the internet from a build).
   */
  static Map<String, Object> scope(Log log) {
    return scope(log, warning -> {});
  }

  /**
   * The same scope; what Liquibase shows its user also goes to {@code messages}, among it the
   * notices and warnings the database sent with a statement (Liquibase 4.33 and 5.0 show each
   * {@code SQLWarning} of a statement as a message).
   */
  static Map<String, Object> scope(Log log, Consumer<String> messages) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put(Scope.Attr.logService.name(), new MavenLogService(log));
    scope.put(
        Scope.Attr.ui.name(),
        new LoggerUIService() {
          @Override
          public void sendMessage(String message) {
            messages.accept(message);
            super.sendMessage(message);
          }
        });
    scope.put("liquibase.analytics.enabled", Boolean.FALSE);
    return scope;
  }

  @Override
  public int getPriority() {
    return PRIORITY_SPECIALIZED;
  }

  @Override
  public Logger getLog(Class clazz) {
    return new AbstractLogger() {
      @Override
      public void log(Level level, String message, Throwable e) {
        LiquibaseLines.forward(log, level, message, e);
      }
    };
  }
}
