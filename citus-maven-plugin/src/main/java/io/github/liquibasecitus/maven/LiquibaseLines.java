package io.github.liquibasecitus.maven;

import java.util.logging.Level;
import org.apache.maven.plugin.logging.Log;

/**
 * Where a Liquibase log line goes in Maven's log, whichever way it came (Liquibase's log service or
 * java.util.logging): warnings as warnings; a wait for the changelog lock as information, with the
 * way out; everything else at debug level (-X), errors included, because every failure ends as the
 * goal's own message, said once.
 */
final class LiquibaseLines {
  private LiquibaseLines() {}

  static void forward(Log log, Level level, String message, Throwable e) {
    if (level == Level.OFF) {
      return;
    }
    if (message != null && message.startsWith("Waiting for changelog lock")) {
      log.info(
          "Waiting for Liquibase's changelog lock, held by another update. If none runs (a build"
              + " was killed), mvn "
              + AbstractCitusMojo.label(ReleaseLocksMojo.GOAL)
              + " frees it.");
    } else if (level.intValue() >= Level.WARNING.intValue()
        && level.intValue() < Level.SEVERE.intValue()) {
      log.warn(message);
      if (e != null) {
        log.debug(e);
      }
    } else {
      log.debug(message, e);
    }
  }
}
