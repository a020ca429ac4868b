package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.SqlNames;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;

/** Citus is installed in the database, at least at {@code minVersion} when given (e.g. 12.1). */
public class CitusInstalledPrecondition extends AbstractCitusPrecondition {
  private String minVersion;

  @Override
  public String getName() {
    return "citusInstalled";
  }

  /** The oldest acceptable Citus version, as major.minor (e.g. {@code 12.1}). */
  public String getMinVersion() {
    return minVersion;
  }

  public void setMinVersion(String minVersion) {
    this.minVersion = minVersion;
  }

  @Override
  protected boolean holds(Database database, Query ask) throws DatabaseException {
    return ask.test(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus'"
            + (minVersion == null
                ? ""
                : " AND pg_catalog.string_to_array(pg_catalog.split_part(e.extversion, '-', 1), '.')::int[]"
                    + " >= pg_catalog.string_to_array("
                    + SqlNames.quoteLiteral(minVersion)
                    + ", '.')::int[]")
            + ")");
  }

  @Override
  protected String failureMessage() {
    return minVersion == null
        ? "Citus is not installed"
        : "Citus " + minVersion + " or newer is not installed";
  }

  @Override
  protected void attributeErrors(List<String> errors) {
    if (minVersion != null && !minVersion.matches("\\d+(\\.\\d+)*")) {
      errors.add("citusInstalled: minVersion '" + minVersion + "' is not a version like 12.1");
    }
  }
}
