package io.github.liquibasecitus.flyway;

/**
 * A {@link CitusMigration} that Flyway runs outside a transaction, for the Citus calls that must be
 * alone in theirs: an online shard move ({@code colocateWithTenant} with transfer mode {@code auto}
 * or {@code force_logical}) must be the first write of its transaction, and only one per
 * transaction. Each statement then commits on its own; keep such a migration to the move.
 */
public abstract class NonTransactionalCitusMigration extends CitusMigration {

  @Override
  public final boolean canExecuteInTransaction() {
    return false;
  }
}
