package io.github.liquibasecitus.ext;

import liquibase.change.DatabaseChangeProperty;

/** A Citus change on one table that may name another table to colocate it with. */
public abstract class AbstractColocatingTableChange extends AbstractCitusTableChange {
  private String colocateWith;
  private String colocateWithSchemaName;

  @DatabaseChangeProperty(description = "default, none, or a distributed table to colocate with")
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
