-- citus_ext: Citus' table DDL made idempotent, so that a changeset re-run after a failure
-- halfway, or a rollback run twice, finds its work done instead of failing.

CREATE OR REPLACE FUNCTION citus_ext._distribution_column(p_table regclass)
  RETURNS text
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.column_to_column_name(p.logicalrelid, p.partkey)
    FROM pg_catalog.pg_dist_partition p
   WHERE p.logicalrelid = p_table AND p.partkey IS NOT NULL
$$;
COMMENT ON FUNCTION citus_ext._distribution_column(regclass) IS 'Internal: the distribution column of a hash/range/append table.';

-- create_distributed_table; a table already distributed by that column is left as it is.
CREATE OR REPLACE FUNCTION citus_ext.create_distributed_table(
    table_name regclass, distribution_column text,
    colocate_with text DEFAULT 'default', shard_count integer DEFAULT NULL)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kind text := citus_ext.table_kind(create_distributed_table.table_name);
  v_column text;
BEGIN
  IF v_kind = 'local' THEN
    PERFORM pg_catalog.create_distributed_table(create_distributed_table.table_name, create_distributed_table.distribution_column,
              colocate_with => coalesce(create_distributed_table.colocate_with, 'default'), shard_count => create_distributed_table.shard_count);
    RETURN;
  END IF;
  v_column := citus_ext._distribution_column(create_distributed_table.table_name);
  IF v_kind = 'hash' AND v_column = create_distributed_table.distribution_column THEN
    RAISE NOTICE 'table % is already distributed by %', create_distributed_table.table_name, pg_catalog.quote_ident(v_column);
    RETURN;
  END IF;
  RAISE EXCEPTION 'table % already is a % table%', create_distributed_table.table_name, v_kind,
        coalesce(' distributed by ' || pg_catalog.quote_ident(v_column), '')
    USING HINT = 'Change it with alter_distributed_table, or undistribute it (undistribute_table) first.',
          ERRCODE = 'object_not_in_prerequisite_state';
END
$$;
COMMENT ON FUNCTION citus_ext.create_distributed_table(regclass, text, text, integer)
  IS 'create_distributed_table, a no-op when the table is already distributed by that column.';

CREATE OR REPLACE FUNCTION citus_ext.create_reference_table(table_name regclass)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kind text := citus_ext.table_kind(create_reference_table.table_name);
BEGIN
  IF v_kind = 'reference' THEN
    RAISE NOTICE 'table % is already a reference table', create_reference_table.table_name;
  ELSIF v_kind IN ('local', 'citus_local') THEN
    -- A Citus local table is often one that Citus added itself, because it references a table
    -- that just became a reference table; Citus turns it into a reference table as it is.
    PERFORM pg_catalog.create_reference_table(create_reference_table.table_name);
  ELSIF v_kind = 'schema' THEN
    RAISE EXCEPTION 'table % belongs to a distributed schema, whose tables all live with the schema on one node', create_reference_table.table_name
      USING HINT = 'Create reference tables outside distributed schemas (in public, say).',
            ERRCODE = 'object_not_in_prerequisite_state';
  ELSE
    RAISE EXCEPTION 'table % already is a % table', create_reference_table.table_name, v_kind
      USING HINT = 'Undistribute it (undistribute_table) first to make it a reference table.',
            ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
END
$$;
COMMENT ON FUNCTION citus_ext.create_reference_table(regclass) IS 'create_reference_table, a no-op for a reference table.';

CREATE OR REPLACE FUNCTION citus_ext.undistribute_table(table_name regclass, cascade_via_foreign_keys boolean DEFAULT false)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kind text := citus_ext.table_kind(undistribute_table.table_name);
BEGIN
  IF v_kind = 'local' THEN
    RAISE NOTICE 'table % is not distributed', undistribute_table.table_name;
  ELSIF v_kind = 'schema' THEN
    RAISE EXCEPTION 'table % belongs to a distributed schema, whose tables cannot be undistributed one by one', undistribute_table.table_name
      USING HINT = 'Undistribute the schema (citus_schema_undistribute), or move the table out of it (ALTER TABLE ... SET SCHEMA).',
            ERRCODE = 'object_not_in_prerequisite_state';
  ELSE
    PERFORM pg_catalog.undistribute_table(undistribute_table.table_name, cascade_via_foreign_keys => coalesce(undistribute_table.cascade_via_foreign_keys, false));
  END IF;
END
$$;
COMMENT ON FUNCTION citus_ext.undistribute_table(regclass, boolean)
  IS 'undistribute_table (data kept), a no-op for a table that is not distributed.';

-- alter_distributed_table; a call that would change nothing is a no-op instead of an error.
CREATE OR REPLACE FUNCTION citus_ext.alter_distributed_table(
    table_name regclass, distribution_column text DEFAULT NULL, shard_count integer DEFAULT NULL,
    colocate_with text DEFAULT NULL, cascade_to_colocated boolean DEFAULT NULL)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kind text := citus_ext.table_kind(alter_distributed_table.table_name);
  v_changes boolean;
BEGIN
  IF v_kind <> 'hash' THEN
    RAISE EXCEPTION 'table % is a % table; alter_distributed_table changes hash-distributed tables', alter_distributed_table.table_name, v_kind
      USING HINT = 'Distribute it first (create_distributed_table).',
            ERRCODE = 'wrong_object_type';
  END IF;
  v_changes :=
       (alter_distributed_table.distribution_column IS NOT NULL AND alter_distributed_table.distribution_column IS DISTINCT FROM citus_ext._distribution_column(alter_distributed_table.table_name))
    OR (alter_distributed_table.shard_count IS NOT NULL
        AND alter_distributed_table.shard_count <> (SELECT count(*) FROM pg_catalog.pg_dist_shard s WHERE s.logicalrelid = alter_distributed_table.table_name))
    OR (alter_distributed_table.colocate_with IS NOT NULL AND (
          alter_distributed_table.colocate_with IN ('none', 'default')
          OR (SELECT p.colocationid FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = alter_distributed_table.table_name)
             IS DISTINCT FROM
             (SELECT p.colocationid FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = alter_distributed_table.colocate_with::regclass)));
  IF NOT v_changes THEN
    RAISE NOTICE 'table % already has these properties', alter_distributed_table.table_name;
    RETURN;
  END IF;
  IF alter_distributed_table.shard_count IS NOT NULL AND alter_distributed_table.cascade_to_colocated IS NULL AND alter_distributed_table.colocate_with IS NULL
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition a, pg_catalog.pg_dist_partition b
                  WHERE a.logicalrelid = alter_distributed_table.table_name AND b.colocationid = a.colocationid
                    AND b.logicalrelid <> alter_distributed_table.table_name) THEN
    RAISE EXCEPTION 'table % shares its colocation group with % other table(s), such as %', alter_distributed_table.table_name,
          (SELECT count(*) FROM pg_catalog.pg_dist_partition a, pg_catalog.pg_dist_partition b
            WHERE a.logicalrelid = alter_distributed_table.table_name AND b.colocationid = a.colocationid AND b.logicalrelid <> alter_distributed_table.table_name),
          (SELECT b.logicalrelid FROM pg_catalog.pg_dist_partition a, pg_catalog.pg_dist_partition b
            WHERE a.logicalrelid = alter_distributed_table.table_name AND b.colocationid = a.colocationid AND b.logicalrelid <> alter_distributed_table.table_name
            ORDER BY 1 LIMIT 1)
      USING HINT = 'Say cascadeToColocated true to change their shard count too, or false to take this table out of the group.',
            ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM pg_catalog.alter_distributed_table(alter_distributed_table.table_name, distribution_column => alter_distributed_table.distribution_column,
            shard_count => alter_distributed_table.shard_count, colocate_with => alter_distributed_table.colocate_with,
            cascade_to_colocated => alter_distributed_table.cascade_to_colocated);
END
$$;
COMMENT ON FUNCTION citus_ext.alter_distributed_table(regclass, text, integer, text, boolean)
  IS 'alter_distributed_table, a no-op when the table already has the requested properties.';
