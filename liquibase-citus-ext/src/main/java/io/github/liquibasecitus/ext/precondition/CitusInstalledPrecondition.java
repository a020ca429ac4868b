package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.Attributes;
import io.github.liquibasecitus.sql.SqlText;
import java.sql.SQLException;
import liquibase.database.Database;

/** Citus is installed in the database, at least at {@code minVersion} when given (e.g. 12.1). */
public class CitusInstalledPrecondition extends AbstractCitusPrecondition {
  /** The precondition's name in changelogs. */
  public static final String NAME = "citusInstalled";

  private String minVersion;

  @Override
  public String getName() {
    return NAME;
  }

  /** The oldest acceptable Citus version, as major.minor (e.g. {@code 12.1}). */
  public String getMinVersion() {
    return minVersion;
  }

  public void setMinVersion(String minVersion) {
    this.minVersion = minVersion;
  }

  @Override
  protected boolean holds(Database database, Query ask) throws SQLException {
    return ask.test(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname = 'citus'"
            + (minVersion == null
                ? ""
                : " AND pg_catalog.string_to_array(pg_catalog.split_part(e.extversion, '-', 1), '.')::int[]"
                    + " >= pg_catalog.string_to_array("
                    + SqlText.quoteLiteral(minVersion)
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
  protected void checkAttributes(Attributes check) {
    check.unless(
        minVersion == null || minVersion.matches("\\d+(\\.\\d+)*"),
        "minVersion '" + minVersion + "' is not a version like 12.1");
  }
}
