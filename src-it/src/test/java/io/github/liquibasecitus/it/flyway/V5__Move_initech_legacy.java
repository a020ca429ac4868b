package io.github.liquibasecitus.it.flyway;

import io.github.liquibasecitus.flyway.NonTransactionalCitusMigration;
import io.github.liquibasecitus.sql.CitusExt;
import io.github.liquibasecitus.sql.TransferMode;
import org.flywaydb.core.api.migration.Context;

/**
 * An online move from a Java migration: alone, outside a transaction. The table was made
 * single-shard on its own in V4; this moves it into its tenant's group while it stays writable.
 */
public class V5__Move_initech_legacy extends NonTransactionalCitusMigration {
  @Override
  protected void migrate(CitusExt citus, Context context) throws Exception {
    citus.colocateWithTenant("app", "initech_legacy", "initech", TransferMode.AUTO);
  }
}
