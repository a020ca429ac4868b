package io.github.liquibasecitus.flyway;

import io.github.liquibasecitus.sql.CitusExt;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A Java migration that uses Citus: {@link #migrate(CitusExt, Context)} gets the citus_ext
 * operations over the migration's connection, with names always quoted as given and tenant ids
 * always literals. Name the class as Flyway expects ({@code V3__Tenant_tables}).
 *
 * <pre>{@code
 * public class V2__Orders extends CitusMigration {
 *   protected void migrate(CitusExt citus, Context context) throws Exception {
 *     try (Statement s = context.getConnection().createStatement()) {
 *       s.execute("CREATE TABLE app.acme_orders (id bigint PRIMARY KEY)");
 *     }
 *     citus.createSingleShardTable("app", "acme_orders", "acme");
 *   }
 * }
 * }</pre>
 */
public abstract class CitusMigration extends BaseJavaMigration {

  @Override
  public final void migrate(Context context) throws Exception {
    migrate(new CitusExt(context.getConnection()), context);
  }

  /** The migration's work. */
  protected abstract void migrate(CitusExt citus, Context context) throws Exception;
}
