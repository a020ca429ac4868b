package io.github.liquibasecitus.check.advise;

import io.github.liquibasecitus.sql.SqlText;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What citus:advise reads of a database: its schemas, tables (kind, size, row estimate, columns,
 * primary key, parent), foreign keys, triggers and extensions, and on Citus what is already
 * distributed. Read from the local catalogs only, in a read-only transaction: on plain PostgreSQL
 * and on a Citus coordinator alike, and without calling any worker.
 *
 * @param server PostgreSQL's version, and Citus' when installed
 * @param citus whether the database has the Citus extension
 * @param schemas every user schema with its owner, in name order
 * @param extensionSchemas schema name to the extension that lives in it
 * @param distributedSchemas schemas Citus already distributed
 */
public record Catalog(
    String server,
    boolean citus,
    Map<String, String> schemas,
    List<Table> tables,
    List<ForeignKey> foreignKeys,
    List<Trigger> triggers,
    Map<String, String> extensionSchemas,
    Set<String> distributedSchemas) {

  /** Schemas that belong to PostgreSQL, Citus or the product, never advised on. */
  static final String SYSTEM_SCHEMAS =
      "n.nspname OPERATOR(pg_catalog.!~) '^pg_' AND n.nspname OPERATOR(pg_catalog.<>) ALL (ARRAY['information_schema',"
          + " 'citus', 'citus_internal', 'columnar', 'columnar_internal', 'citus_ext'])";

  /**
   * A table.
   *
   * @param kind {@code r} table, {@code p} partitioned table, {@code f} foreign table
   * @param rows the planner's row estimate (0 when never analyzed)
   * @param bytes size with indexes and TOAST on this node
   * @param parent the parent's {@code schema.name} for a partition or an inheriting table, or null
   * @param partition whether it is a partition (else an inheriting child when it has a parent)
   * @param citusKind null for a plain table, else {@code reference}, {@code hash}, {@code
   *     single-shard} or {@code local} (a Citus local table)
   */
  public record Table(
      String schema,
      String name,
      char kind,
      long rows,
      long bytes,
      String parent,
      boolean partition,
      String citusKind,
      List<String> columns,
      List<String> primaryKey) {

    /** {@code schema.name}, unquoted, as reports show it. */
    public String qualified() {
      return schema + "." + name;
    }
  }

  /** A foreign key, with its columns in order. */
  public record ForeignKey(
      String name,
      String fromSchema,
      String fromTable,
      List<String> fromColumns,
      String toSchema,
      String toTable,
      List<String> toColumns) {

    public String from() {
      return fromSchema + "." + fromTable;
    }

    public String to() {
      return toSchema + "." + toTable;
    }

    public boolean crossSchema() {
      return !fromSchema.equals(toSchema);
    }
  }

  /** A user trigger (not one PostgreSQL makes for a constraint, nor a partition's clone). */
  public record Trigger(String schema, String table, String name) {
    public String on() {
      return schema + "." + table;
    }
  }

  /** Reads the catalogs in one read-only transaction; the connection is left as found. */
  public static Catalog read(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    boolean readOnly = connection.isReadOnly();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try (Statement st = connection.createStatement()) {
      st.execute("SET TRANSACTION READ ONLY");
      Catalog catalog = read(st);
      connection.rollback();
      return catalog;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setReadOnly(readOnly);
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    }
  }

  private static Catalog read(Statement st) throws SQLException {
    String server;
    boolean citus;
    try (ResultSet rs =
        st.executeQuery(
            "SELECT pg_catalog.current_setting('server_version'), (SELECT e.extversion FROM"
                + " pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'citus')")) {
      rs.next();
      citus = rs.getString(2) != null;
      server = "PostgreSQL " + rs.getString(1) + (citus ? ", Citus " + rs.getString(2) : "");
    }
    Map<String, String> schemas = new LinkedHashMap<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT n.nspname, pg_catalog.pg_get_userbyid(n.nspowner) FROM pg_catalog.pg_namespace"
                + " n WHERE "
                + SYSTEM_SCHEMAS
                + " ORDER BY 1")) {
      while (rs.next()) {
        schemas.put(rs.getString(1), rs.getString(2));
      }
    }
    Map<String, String> citusKinds = new LinkedHashMap<>();
    Set<String> distributed = new TreeSet<>();
    if (citus) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT n.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) c.relname,"
                  + " CASE WHEN p.repmodel OPERATOR(pg_catalog.=) 't' THEN 'reference'"
                  + " WHEN p.partmethod OPERATOR(pg_catalog.=) 'h' THEN 'hash'"
                  + " WHEN p.colocationid OPERATOR(pg_catalog.=) 0 THEN 'local'"
                  + " ELSE 'single-shard' END"
                  + " FROM pg_catalog.pg_dist_partition p"
                  + " JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) p.logicalrelid"
                  + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=)"
                  + " c.relnamespace")) {
        while (rs.next()) {
          citusKinds.put(rs.getString(1), rs.getString(2));
        }
      }
      // pg_dist_schema exists from Citus 12.0.
      boolean schemas12;
      try (ResultSet rs =
          st.executeQuery(
              "SELECT pg_catalog.to_regclass('pg_catalog.pg_dist_schema') IS NOT NULL")) {
        rs.next();
        schemas12 = rs.getBoolean(1);
      }
      if (schemas12) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT n.nspname FROM pg_catalog.pg_dist_schema s JOIN pg_catalog.pg_namespace n"
                    + " ON n.oid OPERATOR(pg_catalog.=) s.schemaid")) {
          while (rs.next()) {
            distributed.add(rs.getString(1));
          }
        }
      }
    }
    List<Table> tables = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT n.nspname, c.relname, c.relkind::pg_catalog.text,"
                + " GREATEST(c.reltuples, 0)::pg_catalog.int8,"
                + " pg_catalog.pg_total_relation_size(c.oid),"
                + " (SELECT pn.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||)"
                + " p.relname FROM pg_catalog.pg_inherits i"
                + " JOIN pg_catalog.pg_class p ON p.oid OPERATOR(pg_catalog.=) i.inhparent"
                + " JOIN pg_catalog.pg_namespace pn ON pn.oid OPERATOR(pg_catalog.=) p.relnamespace"
                + " WHERE i.inhrelid OPERATOR(pg_catalog.=) c.oid ORDER BY i.inhseqno LIMIT 1),"
                + " c.relispartition,"
                + " ARRAY(SELECT a.attname::pg_catalog.text FROM pg_catalog.pg_attribute a"
                + " WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid AND a.attnum OPERATOR(pg_catalog.>) 0"
                + " AND NOT a.attisdropped ORDER BY a.attnum),"
                + " ARRAY(SELECT a.attname::pg_catalog.text FROM pg_catalog.pg_constraint k"
                + " CROSS JOIN LATERAL pg_catalog.unnest(k.conkey) WITH ORDINALITY u(attnum, i)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) k.conrelid"
                + " AND a.attnum OPERATOR(pg_catalog.=) u.attnum"
                + " WHERE k.conrelid OPERATOR(pg_catalog.=) c.oid AND k.contype OPERATOR(pg_catalog.=) 'p'"
                + " ORDER BY u.i)"
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
                + " WHERE c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'f']::pg_catalog.\"char\"[])"
                + " AND "
                + SYSTEM_SCHEMAS
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
                + " WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass"
                + " AND d.objid OPERATOR(pg_catalog.=) c.oid AND d.deptype OPERATOR(pg_catalog.=) 'e')"
                + " ORDER BY 1, 2")) {
      while (rs.next()) {
        String schema = rs.getString(1);
        String name = rs.getString(2);
        tables.add(
            new Table(
                schema,
                name,
                rs.getString(3).charAt(0),
                rs.getLong(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getBoolean(7),
                citusKinds.get(schema + "." + name),
                strings(rs.getArray(8)),
                strings(rs.getArray(9))));
      }
    }
    List<ForeignKey> keys = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT k.conname, fn.nspname, f.relname, tn.nspname, t.relname,"
                + " ARRAY(SELECT a.attname::pg_catalog.text FROM pg_catalog.unnest(k.conkey)"
                + " WITH ORDINALITY u(attnum, i) JOIN pg_catalog.pg_attribute a"
                + " ON a.attrelid OPERATOR(pg_catalog.=) k.conrelid AND a.attnum OPERATOR(pg_catalog.=) u.attnum"
                + " ORDER BY u.i),"
                + " ARRAY(SELECT a.attname::pg_catalog.text FROM pg_catalog.unnest(k.confkey)"
                + " WITH ORDINALITY u(attnum, i) JOIN pg_catalog.pg_attribute a"
                + " ON a.attrelid OPERATOR(pg_catalog.=) k.confrelid AND a.attnum OPERATOR(pg_catalog.=) u.attnum"
                + " ORDER BY u.i)"
                + " FROM pg_catalog.pg_constraint k"
                + " JOIN pg_catalog.pg_class f ON f.oid OPERATOR(pg_catalog.=) k.conrelid"
                + " JOIN pg_catalog.pg_namespace fn ON fn.oid OPERATOR(pg_catalog.=) f.relnamespace"
                + " JOIN pg_catalog.pg_class t ON t.oid OPERATOR(pg_catalog.=) k.confrelid"
                + " JOIN pg_catalog.pg_namespace tn ON tn.oid OPERATOR(pg_catalog.=) t.relnamespace"
                + " WHERE k.contype OPERATOR(pg_catalog.=) 'f' AND k.conparentid OPERATOR(pg_catalog.=) 0"
                + " AND "
                + SYSTEM_SCHEMAS.replace("n.nspname", "fn.nspname")
                + " ORDER BY 2, 3, 1")) {
      while (rs.next()) {
        keys.add(
            new ForeignKey(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                strings(rs.getArray(6)),
                rs.getString(4),
                rs.getString(5),
                strings(rs.getArray(7))));
      }
    }
    List<Trigger> triggers = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT n.nspname, c.relname, g.tgname FROM pg_catalog.pg_trigger g"
                + " JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) g.tgrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
                + " WHERE NOT g.tgisinternal AND g.tgparentid OPERATOR(pg_catalog.=) 0 AND "
                + SYSTEM_SCHEMAS
                + " ORDER BY 1, 2, 3")) {
      while (rs.next()) {
        triggers.add(new Trigger(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    Map<String, String> extensions = new LinkedHashMap<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT n.nspname, e.extname FROM pg_catalog.pg_extension e"
                + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace"
                + " WHERE "
                + SYSTEM_SCHEMAS
                + " ORDER BY 1, 2")) {
      while (rs.next()) {
        extensions.merge(rs.getString(1), rs.getString(2), (a, b) -> a + ", " + b);
      }
    }
    return new Catalog(
        server,
        citus,
        schemas,
        List.copyOf(tables),
        List.copyOf(keys),
        List.copyOf(triggers),
        extensions,
        distributed);
  }

  /**
   * Tables in the order reference tables are made, measured on Citus 13.2: referenced tables before
   * the tables that reference them. Citus makes the tables that reference a new reference table
   * Citus local tables, which then become reference tables as they are; the other order is refused
   * for foreign keys with ON DELETE CASCADE ("foreign keys from reference tables to local tables
   * can only be defined with NO ACTION or RESTRICT behaviors").
   *
   * @param names tables as {@code schema.name}
   */
  public List<String> referencedFirst(Set<String> names) {
    Set<String> ordered = new java.util.LinkedHashSet<>();
    Set<String> visiting = new java.util.HashSet<>();
    for (String name : new TreeSet<>(names)) {
      visit(name, names, ordered, visiting);
    }
    return List.copyOf(ordered);
  }

  private void visit(String name, Set<String> names, Set<String> ordered, Set<String> visiting) {
    if (ordered.contains(name) || !visiting.add(name)) {
      return;
    }
    for (ForeignKey fk : foreignKeys) {
      if (fk.from().equals(name) && names.contains(fk.to())) {
        visit(fk.to(), names, ordered, visiting);
      }
    }
    ordered.add(name);
  }

  /**
   * Makes again, on a cluster loaded with this database's schema (which carries no Citus metadata),
   * what Citus had made of it: its reference tables, then its distributed schemas. Hash-distributed
   * and single-shard tables outside distributed schemas stay regular tables there.
   *
   * @return how many reference tables and distributed schemas were made
   */
  public int[] restoreCitus(Connection target) throws SQLException {
    Set<String> references = new TreeSet<>();
    Map<String, Table> byName = new LinkedHashMap<>();
    for (Table t : tables) {
      byName.put(t.qualified(), t);
      if ("reference".equals(t.citusKind())) {
        references.add(t.qualified());
      }
    }
    try (Statement st = target.createStatement()) {
      for (String name : referencedFirst(references)) {
        Table t = byName.get(name);
        st.execute(
            "SELECT pg_catalog.create_reference_table("
                + SqlText.regclass(SqlText.qualified(t.schema(), t.name()))
                + ")");
      }
      for (String schema : distributedSchemas) {
        st.execute(
            "SELECT pg_catalog.citus_schema_distribute("
                + SqlText.regnamespace(SqlText.quoteIdentifier(schema))
                + ")");
      }
    }
    return new int[] {references.size(), distributedSchemas.size()};
  }

  /**
   * Login and group roles other than PostgreSQL's own, by name: the schema's owners and grantees.
   */
  public static List<String> roles(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.!~)"
                    + " '^pg_' AND oid OPERATOR(pg_catalog.>=) 16384 ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.copyOf(Arrays.asList((String[]) array.getArray()));
  }
}
