package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import io.github.liquibasecitus.sql.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The changelog lock row of a Liquibase (or compatible) history, {@code (ID, LOCKED, LOCKGRANTED,
 * LOCKEDBY)}: read it, and release it when the build that took it is gone.
 */
public final class ChangeLogLock {
  private final Connection connection;
  private final String schema;
  private final String table;

  /**
   * @param schema the lock table's schema as the catalog spells it; null for the search path's
   * @param table the lock table's name as the catalog spells it (e.g. {@code
   *     databasechangeloglock})
   */
  public ChangeLogLock(Connection connection, String schema, String table) {
    this.connection = connection;
    this.schema = schema;
    this.table = table;
  }

  /** Who holds the lock and since when, e.g. {@code host#tool (10.0.0.1) since 2026-...}. */
  public record Holder(String lockedBy, String since) {
    @Override
    public String toString() {
      return lockedBy + " since " + since;
    }
  }

  /**
   * Releases the lock if it is held by a taker whose {@code LOCKEDBY} contains {@code marker}; the
   * caller vouches that no such taker is alive (it holds the session lock they all take). Returns
   * who held it; empty when the lock was free, held by someone else, or the table is missing.
   */
  public Optional<Holder> releaseIfHeldBy(String marker) throws SQLException {
    return PinnedSearchPath.run(
        connection,
        c -> {
          String name = SqlText.qualified(schema, table);
          if (PinnedSearchPath.rows(c, "SELECT to_regclass(?)", name).get(0).get(0) == null) {
            return Optional.empty();
          }
          // Two plain statements: the lock table may be a distributed table (a changelog whose
          // history lives in a distributed schema), where Citus refuses a non-immutable
          // expression in RETURNING and joins in an UPDATE's FROM.
          List<List<String>> held =
              PinnedSearchPath.rows(
                  c,
                  "SELECT lockedby, lockgranted::text FROM "
                      + name
                      + " WHERE id OPERATOR(pg_catalog.=) 1 AND locked"
                      + " AND pg_catalog.strpos(lockedby, ?) OPERATOR(pg_catalog.>) 0 FOR UPDATE",
                  marker);
          if (held.isEmpty()) {
            return Optional.empty();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE "
                      + name
                      + " SET locked = false, lockgranted = NULL, lockedby = NULL"
                      + " WHERE id OPERATOR(pg_catalog.=) 1")) {
            s.executeUpdate();
          }
          return Optional.of(new Holder(held.get(0).get(0), held.get(0).get(1)));
        });
  }
}
