package io.github.liquibasecitus.check.changelog;

import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/** A customChange of a project's own, for the fixture that names it as not checked. */
public class Backfill implements CustomTaskChange {
  @Override
  public void execute(Database database) {}

  @Override
  public String getConfirmationMessage() {
    return "backfilled";
  }

  @Override
  public void setUp() {}

  @Override
  public void setFileOpener(ResourceAccessor resourceAccessor) {}

  @Override
  public ValidationErrors validate(Database database) {
    return new ValidationErrors();
  }
}
