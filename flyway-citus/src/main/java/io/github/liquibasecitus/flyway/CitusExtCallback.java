package io.github.liquibasecitus.flyway;

import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.UntrustedLibraryException;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Installs or upgrades the citus_ext library before Flyway migrates, so that migrations can call it
 * ({@code SELECT citus_ext.distribute_schema('billing')}). Register it as Flyway documents
 * callbacks: {@code callbacks} in the Maven plugin, {@code flyway.callbacks} in a conf file, {@code
 * callbacks = [...]} in TOML, {@code -callbacks=} on the command line, {@code
 * Flyway.configure().callbacks(new CitusExtCallback())} in Java; Spring Boot registers it by
 * itself. It fires at {@code BEFORE_MIGRATE}, before Flyway takes its lock; the installer takes its
 * own advisory lock, so concurrent migrations install once.
 */
public final class CitusExtCallback implements Callback {

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_MIGRATE;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    install(context);
  }

  /** Installs or upgrades the library over the migration's connection. */
  static void install(Context context) {
    Connection connection = context.getConnection();
    try {
      CitusExtInstaller.ensureCurrent(connection);
    } catch (UntrustedLibraryException e) {
      throw new FlywayException("citus_ext: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new FlywayException(explain(e), e);
    }
  }

  /** What went wrong and the fix, for Flyway's error output. */
  static String explain(SQLException e) {
    if ("42501".equals(e.getSQLState())) {
      return "citus_ext: this role may not install or upgrade the library ("
          + e.getMessage().strip()
          + "). Install it once as the database's owner or a superuser (run migrate as that role,"
          + " or CitusExtInstaller.ensureCurrent): migrations of other roles then find it current"
          + " (a library another role installed is not trusted by the rest).";
    }
    return "citus_ext could not be installed: " + e.getMessage().strip();
  }

  @Override
  public String getCallbackName() {
    return "citus_ext";
  }
}
