package io.github.liquibasecitus.ext.precondition;

import io.github.liquibasecitus.ext.Attributes;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.database.Database;

/**
 * The table is known to Citus, and of the given {@code kind} when one is given: {@code hash},
 * {@code reference}, {@code single_shard} (own or tenant group), {@code schema} (a table of a
 * distributed schema) or {@code citus_local}.
 */
public class TableDistributedPrecondition extends AbstractTablePrecondition {
  /** The precondition's name in changelogs. */
  public static final String NAME = "tableDistributed";

  /**
   * What each kind means in pg_dist_partition (row {@code p}); same names as citus_ext.table_kind.
   */
  static final Map<String, String> KINDS = kinds();

  private static Map<String, String> kinds() {
    Map<String, String> kinds = new LinkedHashMap<>();
    String inSchema =
        "EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.colocationid = p.colocationid)";
    kinds.put("hash", "p.partmethod = 'h'");
    kinds.put("reference", "p.partmethod = 'n' AND p.repmodel = 't'");
    kinds.put(
        "single_shard",
        "p.partmethod = 'n' AND p.repmodel <> 't' AND p.colocationid <> 0 AND NOT " + inSchema);
    kinds.put("schema", "p.partmethod = 'n' AND " + inSchema);
    kinds.put("citus_local", "p.partmethod = 'n' AND p.repmodel <> 't' AND p.colocationid = 0");
    return Collections.unmodifiableMap(kinds);
  }

  private String kind;

  @Override
  public String getName() {
    return NAME;
  }

  /** hash, reference, single_shard, schema or citus_local; any Citus table when omitted. */
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  @Override
  protected boolean holds(Database database, Query ask) throws SQLException {
    return ask.test(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = "
            + regclass(database)
            + (kind == null ? "" : " AND " + KINDS.get(kind))
            + ")");
  }

  @Override
  protected String failureMessage() {
    String table = tableForMessages();
    return kind == null
        ? "Table " + table + " is not a Citus table"
        : "Table " + table + " is not a " + kind + " table";
  }

  @Override
  protected void checkAttributes(Attributes check) {
    check
        .required("tableName", getTableName())
        .name("tableName", getTableName())
        .name("schemaName", getSchemaName())
        .oneOf("kind", kind, KINDS.keySet());
  }
}
