package io.github.liquibasecitus.it.flyway;

import io.github.liquibasecitus.flyway.CitusMigration;
import io.github.liquibasecitus.sql.CitusExt;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;

/** A Java migration with the helper: a tenant's tables, created straight into its group. */
public class V4__Initech_tables extends CitusMigration {
  @Override
  protected void migrate(CitusExt citus, Context context) throws Exception {
    try (Statement s = context.getConnection().createStatement()) {
      s.execute("CREATE TABLE app.initech_orders (id bigint PRIMARY KEY, total numeric)");
      s.execute("CREATE TABLE app.initech_tickets (id bigint PRIMARY KEY, subject text)");
      s.execute("CREATE TABLE app.initech_legacy (id bigint PRIMARY KEY, body text)");
      s.execute("SELECT citus_ext.create_single_shard_table('app.initech_legacy')");
      s.execute("INSERT INTO app.initech_legacy VALUES (1, 'kept')");
    }
    citus.createSingleShardTable("app", "initech_orders", "initech");
    citus.createSingleShardTable("app", "initech_tickets", "initech");
  }
}
