-- citus_ext: what Citus' local catalogs say about tables, nodes and placements.
-- Functions called on every change are PL/pgSQL, whose plans are kept for the session; a SQL
-- function with a SET clause is planned again on every call.
-- Only the coordinator's catalogs are read (pg_dist_*); nothing here calls the workers.

CREATE OR REPLACE FUNCTION citus_ext.citus_version_at_least(version text)
  RETURNS boolean
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN coalesce(
    (SELECT pg_catalog.string_to_array(pg_catalog.split_part(e.extversion, '-', 1), '.')::int[]
            >= pg_catalog.string_to_array(citus_version_at_least.version, '.')::int[]
       FROM pg_catalog.pg_extension e
      WHERE e.extname = 'citus'),
    false);
END
$$;
COMMENT ON FUNCTION citus_ext.citus_version_at_least(text)
  IS 'True when the Citus extension is installed in this database at this version or newer (e.g. ''12.1'').';

CREATE OR REPLACE FUNCTION citus_ext._require_citus(p_version text, p_feature text)
  RETURNS void
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_installed text;
BEGIN
  SELECT e.extversion INTO v_installed FROM pg_catalog.pg_extension e WHERE e.extname = 'citus';
  IF v_installed IS NULL THEN
    RAISE EXCEPTION 'Citus is not installed in database %', pg_catalog.current_database()
      USING HINT = 'Run CREATE EXTENSION citus on the coordinator and every worker.',
            ERRCODE = 'feature_not_supported';
  END IF;
  IF NOT citus_ext.citus_version_at_least(p_version) THEN
    RAISE EXCEPTION '% needs Citus % or newer; this database has Citus %', p_feature, p_version, v_installed
      USING HINT = 'Upgrade Citus (ALTER EXTENSION citus UPDATE after installing the new packages).',
            ERRCODE = 'feature_not_supported';
  END IF;
END
$$;
COMMENT ON FUNCTION citus_ext._require_citus(text, text) IS 'Internal: raises unless Citus is at least this version.';

-- The kind of a table as Citus sees it: local, hash, append, range, reference, citus_local,
-- single_shard (own or tenant colocation group) or schema (a table of a distributed schema).
CREATE OR REPLACE FUNCTION citus_ext.table_kind(table_name regclass)
  RETURNS text
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN coalesce(
    (SELECT CASE
              WHEN p.partmethod = 'h' THEN 'hash'
              WHEN p.partmethod = 'a' THEN 'append'
              WHEN p.partmethod = 'r' THEN 'range'
              WHEN p.repmodel = 't' THEN 'reference'
              WHEN p.colocationid = 0 THEN 'citus_local'
              WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s
                            WHERE s.colocationid = p.colocationid) THEN 'schema'
              ELSE 'single_shard'
            END
       FROM pg_catalog.pg_dist_partition p
      WHERE p.logicalrelid = table_kind.table_name),
    'local');
END
$$;
COMMENT ON FUNCTION citus_ext.table_kind(regclass)
  IS 'How Citus holds the table: local, hash, append, range, reference, citus_local, single_shard or schema.';

CREATE OR REPLACE FUNCTION citus_ext.is_single_shard(table_name regclass)
  RETURNS boolean
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT citus_ext.table_kind(is_single_shard.table_name) IN ('single_shard', 'schema') $$;
COMMENT ON FUNCTION citus_ext.is_single_shard(regclass)
  IS 'True for a single-shard distributed table (no distribution column), including tables of distributed schemas.';

-- Where the shard of a single-shard table is, with its colocation group.
CREATE OR REPLACE FUNCTION citus_ext.shard_placement(
    table_name regclass,
    OUT shard_id bigint, OUT node_name text, OUT node_port integer, OUT colocation_id integer)
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  SELECT sh.shardid, n.nodename, n.nodeport, p.colocationid
    INTO shard_id, node_name, node_port, colocation_id
    FROM pg_catalog.pg_dist_partition p
    JOIN pg_catalog.pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid
    JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = sh.shardid
    JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
   WHERE p.logicalrelid = shard_placement.table_name
   ORDER BY sh.shardid
   LIMIT 1;
END
$$;
COMMENT ON FUNCTION citus_ext.shard_placement(regclass)
  IS 'Shard id, node and colocation group of a single-shard table, from the coordinator''s catalogs.';

-- Raises unless the table is a single-shard table; returns its placement.
CREATE OR REPLACE FUNCTION citus_ext._single_shard_placement(
    p_table regclass,
    OUT shard_id bigint, OUT node_name text, OUT node_port integer, OUT colocation_id integer)
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kind text := citus_ext.table_kind(p_table);
BEGIN
  IF v_kind = 'local' THEN
    RAISE EXCEPTION 'table % is not distributed', p_table
      USING HINT = 'Make it a single-shard table first: citus_ext.create_single_shard_table(' || pg_catalog.quote_literal(p_table::text) || ').',
            ERRCODE = 'object_not_in_prerequisite_state';
  ELSIF v_kind NOT IN ('single_shard', 'schema') THEN
    RAISE EXCEPTION 'table % is a % table, not a single-shard table', p_table, v_kind
      USING HINT = 'Only single-shard tables (create_distributed_table with a NULL distribution column) can be placed by tenant.',
            ERRCODE = 'wrong_object_type';
  END IF;
  SELECT s.shard_id, s.node_name, s.node_port, s.colocation_id
    INTO shard_id, node_name, node_port, colocation_id
    FROM citus_ext.shard_placement(p_table) s;
END
$$;
COMMENT ON FUNCTION citus_ext._single_shard_placement(regclass) IS 'Internal: placement of a single-shard table, or a clear error.';

-- Nodes that may hold shards.
CREATE OR REPLACE FUNCTION citus_ext._shard_nodes()
  RETURNS TABLE (node_name text, node_port integer, group_id integer)
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT n.nodename::text, n.nodeport, n.groupid
    FROM pg_catalog.pg_dist_node n
   WHERE n.noderole = 'primary' AND n.isactive AND n.shouldhaveshards
$$;
COMMENT ON FUNCTION citus_ext._shard_nodes() IS 'Internal: active primary nodes that may hold shards.';

CREATE OR REPLACE FUNCTION citus_ext._transfer_mode(p_mode text)
  RETURNS text
  LANGUAGE plpgsql IMMUTABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF p_mode IS NULL OR p_mode NOT IN ('auto', 'force_logical', 'block_writes') THEN
    RAISE EXCEPTION 'transfer mode % is not one of auto, force_logical, block_writes', pg_catalog.quote_nullable(p_mode)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN p_mode;
END
$$;
COMMENT ON FUNCTION citus_ext._transfer_mode(text) IS 'Internal: a validated Citus shard transfer mode, as text (naming the citus schema''s type needs USAGE on it, which non-superusers lack).';

-- An online move (logical replication) needs every table of the moved group to have a primary
-- key or a replica identity; say which one lacks it before Citus fails halfway.
CREATE OR REPLACE FUNCTION citus_ext._without_replica_identity(p_colocation_id integer)
  RETURNS regclass
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.logicalrelid
    FROM pg_catalog.pg_dist_partition p
    JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid
   WHERE p.colocationid = p_colocation_id
     AND c.relkind = 'r'
     AND (c.relreplident = 'n'
          OR (c.relreplident = 'd'
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                               WHERE i.indrelid = c.oid AND i.indisprimary)))
   ORDER BY 1
   LIMIT 1
$$;
COMMENT ON FUNCTION citus_ext._without_replica_identity(integer)
  IS 'Internal: a table of the group with no primary key or replica identity, which logical replication cannot move; NULL if none.';

CREATE OR REPLACE FUNCTION citus_ext._check_online_move(p_colocation_id integer, p_mode text)
  RETURNS void
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_table regclass;
BEGIN
  IF p_mode = 'block_writes' THEN
    RETURN;
  END IF;
  v_table := citus_ext._without_replica_identity(p_colocation_id);
  IF v_table IS NOT NULL THEN
    RAISE EXCEPTION 'table % has no primary key or replica identity, so its shard cannot be moved online (transfer mode %)', v_table, p_mode
      USING HINT = 'Add a primary key, or ALTER TABLE ' || v_table::text || ' REPLICA IDENTITY FULL, or use transfer mode block_writes (blocks writes during the move).',
            ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
END
$$;
COMMENT ON FUNCTION citus_ext._check_online_move(integer, text)
  IS 'Internal: raises when a table of the group cannot be moved with logical replication.';

-- The transfer mode that can move the group now: online when every table has a replica
-- identity and the transaction has written nothing yet, else block_writes.
CREATE OR REPLACE FUNCTION citus_ext._workable_transfer_mode(p_table regclass)
  RETURNS text
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE
           WHEN pg_catalog.pg_current_xact_id_if_assigned() IS NULL
                AND citus_ext._without_replica_identity(p.colocationid) IS NULL THEN 'auto'
           ELSE 'block_writes'
         END
    FROM pg_catalog.pg_dist_partition p
   WHERE p.logicalrelid = p_table
$$;
COMMENT ON FUNCTION citus_ext._workable_transfer_mode(regclass)
  IS 'Internal: auto when the table''s group can move online in this transaction, else block_writes.';

-- Whether the table's shard was created by the current transaction (Citus cannot move it then).
CREATE OR REPLACE FUNCTION citus_ext._distributed_in_this_transaction(p_table regclass)
  RETURNS boolean
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_xid xid8 := pg_catalog.pg_current_xact_id_if_assigned();
BEGIN
  RETURN v_xid IS NOT NULL
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_dist_shard s
                  WHERE s.logicalrelid = p_table AND s.xmin = pg_catalog.xid(v_xid));
END
$$;
COMMENT ON FUNCTION citus_ext._distributed_in_this_transaction(regclass) IS 'Internal: true when the table was distributed in the current transaction.';

-- Citus copies a moved shard over connections of its own, which cannot see what this
-- transaction has not committed: a shard created in this transaction cannot be moved in it, and
-- an online (logical replication) move after any write in it fails or waits forever. Refuse both
-- before Citus starts.
DO $$
BEGIN
  -- An earlier release's signature; checked first, so that a first install raises no notice.
  IF pg_catalog.to_regprocedure('citus_ext._check_move_in_transaction(regclass, bigint, text)') IS NOT NULL THEN
    DROP FUNCTION citus_ext._check_move_in_transaction(regclass, bigint, text);
  END IF;
END
$$;
CREATE OR REPLACE FUNCTION citus_ext._check_move_in_transaction(p_table regclass, p_mode text)
  RETURNS void
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF pg_catalog.pg_current_xact_id_if_assigned() IS NULL THEN
    RETURN;
  END IF;
  IF citus_ext._distributed_in_this_transaction(p_table) THEN
    RAISE EXCEPTION 'table % was distributed in this same transaction, so Citus cannot move its shard yet', p_table
      USING HINT = 'Colocate it with its tenant (colocate_with_tenant re-creates it in the group, no move needed), or move it in a later transaction (a changeset of its own).',
            ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF p_mode <> 'block_writes' THEN
    RAISE EXCEPTION 'an online shard move (transfer mode %) of table % must run in a transaction of its own, before any other change', p_mode, p_table
      USING HINT = 'Put it in a changeset of its own (or call it outside a transaction block), or use transfer mode block_writes.',
            ERRCODE = 'active_sql_transaction';
  END IF;
END
$$;
COMMENT ON FUNCTION citus_ext._check_move_in_transaction(regclass, text)
  IS 'Internal: refuses shard moves Citus cannot do in the current transaction.';

-- Moves the shard group of a single-shard table to a node, checking first what Citus would
-- refuse midway. A move takes the whole colocation group along, as Citus does.
CREATE OR REPLACE FUNCTION citus_ext._move_group(p_table regclass, p_node_name text, p_node_port integer, p_mode text)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_src record;
BEGIN
  SELECT * INTO v_src FROM citus_ext.shard_placement(p_table);
  IF v_src.node_name = p_node_name AND v_src.node_port = p_node_port THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM citus_ext._shard_nodes() n WHERE n.node_name = p_node_name AND n.node_port = p_node_port) THEN
    RAISE EXCEPTION 'node %:% is not an active node that may hold shards', p_node_name, p_node_port
      USING HINT = 'Choose one of: ' || (SELECT pg_catalog.string_agg(n.node_name || ':' || n.node_port, ', ' ORDER BY n.node_name, n.node_port) FROM citus_ext._shard_nodes() n),
            ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM citus_ext._check_move_in_transaction(p_table, p_mode);
  PERFORM citus_ext._check_online_move(v_src.colocation_id, p_mode);
  -- The mode goes in as an untyped literal, so that the caller needs no USAGE on schema citus.
  EXECUTE pg_catalog.format('SELECT pg_catalog.citus_move_shard_placement($1, $2, $3, $4, $5, %L)', p_mode)
    USING v_src.shard_id, v_src.node_name, v_src.node_port, p_node_name, p_node_port;
END
$$;
COMMENT ON FUNCTION citus_ext._move_group(regclass, text, integer, text) IS 'Internal: moves a single-shard table''s group to a node.';
