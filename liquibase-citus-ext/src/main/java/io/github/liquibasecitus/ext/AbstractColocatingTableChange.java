package io.github.liquibasecitus.ext;

import liquibase.change.DatabaseChangeProperty;

/** A Citus change on one table that may name another table to colocate it with. */
public abstract class AbstractColocatingTableChange extends AbstractCitusTableChange {
  private String colocateWith;
  private String colocateWithSchemaName;

  @DatabaseChangeProperty(
      description =
          "A table to colocate with; createDistributedTable and alterDistributedTable also take"
              + " default or none")
  public String getColocateWith() {
    return colocateWith;
  }

  public void setColocateWith(String colocateWith) {
    this.colocateWith = colocateWith;
  }

  @DatabaseChangeProperty(description = "Schema of colocateWith; defaults to schemaName")
  public String getColocateWithSchemaName() {
    return colocateWithSchemaName;
  }

  public void setColocateWithSchemaName(String colocateWithSchemaName) {
    this.colocateWithSchemaName = colocateWithSchemaName;
  }
}
