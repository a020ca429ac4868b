-- citus_ext: moves of whole tenants that can be undone. A move made here is recorded in
-- citus_ext.move; move_back returns the tenant to where the last recorded move took it from.

-- Moves the colocation group of p_table (a tenant's or a schema's) and records where from; a
-- group already there is recorded as a move that stayed, which move_back undoes by staying.
CREATE OR REPLACE FUNCTION citus_ext._move_recorded(p_kind text, p_name text, p_table regclass, p_node_name text, p_node_port integer, p_mode text)
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
    -- Still recorded (from where it is), so that undoing this move leaves it there.
    RAISE NOTICE '% % is already on %:%', p_kind, pg_catalog.quote_literal(p_name), p_node_name, p_node_port;
  ELSE
    PERFORM citus_ext._move_group(p_table, p_node_name, p_node_port, p_mode);
  END IF;
  INSERT INTO citus_ext.move (kind, name, from_node_name, from_node_port, to_node_name, to_node_port)
  VALUES (p_kind, p_name, v_src.node_name, v_src.node_port, p_node_name, p_node_port);
END
$$;
COMMENT ON FUNCTION citus_ext._move_recorded(text, text, regclass, text, integer, text)
  IS 'Internal: moves a tenant''s or schema''s group and records where it came from.';

CREATE OR REPLACE FUNCTION citus_ext.move_schema(
    schema_name regnamespace, node_name text, node_port integer, shard_transfer_mode text DEFAULT 'auto')
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_mode text := citus_ext._transfer_mode(move_schema.shard_transfer_mode);
  v_table regclass;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.schemaid = move_schema.schema_name) THEN
    RAISE EXCEPTION 'schema % is not a distributed schema', move_schema.schema_name
      USING HINT = 'Distribute it first (citus_ext.distribute_schema), or move its tables one by one.',
            ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SELECT p.logicalrelid INTO v_table
    FROM pg_catalog.pg_dist_partition p
    JOIN pg_catalog.pg_dist_schema s ON s.colocationid = p.colocationid
   WHERE s.schemaid = move_schema.schema_name
   ORDER BY p.logicalrelid
   LIMIT 1;
  IF v_table IS NULL THEN
    RAISE EXCEPTION 'schema % has no tables, so there is nothing to move', move_schema.schema_name
      USING HINT = 'Its tables go to a node when they are created; move it once it has some.',
            ERRCODE = 'no_data_found';
  END IF;
  PERFORM citus_ext._move_recorded('schema', (SELECT n.nspname::text FROM pg_catalog.pg_namespace n WHERE n.oid = move_schema.schema_name),
                                   v_table, move_schema.node_name, move_schema.node_port, v_mode);
END
$$;
COMMENT ON FUNCTION citus_ext.move_schema(regnamespace, text, integer, text)
  IS 'Moves a distributed schema with all its tables to a node (as citus_schema_move); move_back returns it.';

-- Returns a tenant or schema to the node its last recorded move took it from, and forgets that
-- move. Refuses when no move is recorded.
CREATE OR REPLACE FUNCTION citus_ext.move_back(kind text, name text, shard_transfer_mode text DEFAULT 'auto')
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_move citus_ext.move;
  v_schema regnamespace;
BEGIN
  IF move_back.kind IS NULL OR move_back.kind NOT IN ('schema', 'tenant') THEN
    RAISE EXCEPTION 'kind must be schema or tenant, not %', pg_catalog.quote_nullable(move_back.kind)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO v_move FROM citus_ext.move m
   WHERE m.kind = move_back.kind AND m.name = move_back.name
   ORDER BY m.move_id DESC
   LIMIT 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no move of % % is recorded, so where it came from is not known', move_back.kind, pg_catalog.quote_literal(move_back.name)
      USING HINT = 'Only moves made with citus_ext.move_tenant or move_schema (the moveTenant change type) are recorded; move it with those to the node you want.',
            ERRCODE = 'no_data_found';
  END IF;
  IF move_back.kind = 'tenant' THEN
    PERFORM citus_ext.move_tenant(move_back.name, v_move.from_node_name, v_move.from_node_port, move_back.shard_transfer_mode);
  ELSE
    SELECT n.oid INTO v_schema FROM pg_catalog.pg_namespace n WHERE n.nspname = move_back.name;
    IF v_schema IS NULL THEN
      RAISE EXCEPTION 'schema % no longer exists', pg_catalog.quote_ident(move_back.name)
        USING ERRCODE = 'undefined_schema';
    END IF;
    PERFORM citus_ext.move_schema(v_schema, v_move.from_node_name, v_move.from_node_port, move_back.shard_transfer_mode);
  END IF;
  -- Both the move undone and the move back are forgotten.
  DELETE FROM citus_ext.move m
   WHERE m.kind = move_back.kind AND m.name = move_back.name AND m.move_id >= v_move.move_id;
END
$$;
COMMENT ON FUNCTION citus_ext.move_back(text, text, text)
  IS 'Returns a tenant or schema to the node its last recorded move took it from.';

-- Gives one tenant of a hash-distributed table a shard of its own, with the table's colocated
-- tables (CASCADE when it has any), then, when a node is given, moves that shard group there.
-- Refuses first what Citus would refuse midway. A tenant already alone in its shard is not split
-- again. Returns the tenant's shard of the table.
CREATE OR REPLACE FUNCTION citus_ext.isolate_tenant(
    table_name regclass, tenant_id text, node_name text DEFAULT NULL, node_port integer DEFAULT NULL,
    shard_transfer_mode text DEFAULT 'auto')
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_mode text := citus_ext._transfer_mode(isolate_tenant.shard_transfer_mode);
  v_part record;
  v_shard bigint;
  v_src record;
BEGIN
  SELECT p.partmethod, p.colocationid,
         (SELECT count(*) FROM pg_catalog.pg_dist_partition q WHERE q.colocationid = p.colocationid) AS tables,
         (SELECT max(x.n) FROM (SELECT count(*) AS n FROM pg_catalog.pg_dist_placement pl
                                  JOIN pg_catalog.pg_dist_shard s ON s.shardid = pl.shardid
                                 WHERE s.logicalrelid = p.logicalrelid GROUP BY pl.shardid) x) AS replicas
    INTO v_part
    FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = isolate_tenant.table_name;
  IF NOT FOUND OR v_part.partmethod <> 'h' THEN
    RAISE EXCEPTION 'Citus gives tenants shards of their own only in hash-distributed tables; % is not one', isolate_tenant.table_name
      USING HINT = 'A distributed schema or a citus_ext tenant already has a shard of its own: move it with move_schema or move_tenant.',
            ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF v_part.replicas > 1 THEN
    RAISE EXCEPTION '% has replicated shards, which Citus cannot split', isolate_tenant.table_name
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF isolate_tenant.node_name IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM citus_ext._shard_nodes() n
       WHERE n.node_name = isolate_tenant.node_name AND n.node_port = isolate_tenant.node_port) THEN
    RAISE EXCEPTION 'node %:% is not an active node that may hold shards', isolate_tenant.node_name, isolate_tenant.node_port
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM citus_ext._check_online_move(v_part.colocationid, v_mode);
  v_shard := pg_catalog.get_shard_id_for_distribution_column(isolate_tenant.table_name, isolate_tenant.tenant_id);
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_shard s WHERE s.shardid = v_shard AND s.shardminvalue = s.shardmaxvalue) THEN
    EXECUTE pg_catalog.format('SELECT pg_catalog.isolate_tenant_to_new_shard($1, $2, %L, shard_transfer_mode => %L)',
                              CASE WHEN v_part.tables > 1 THEN 'CASCADE' ELSE '' END, v_mode)
      USING isolate_tenant.table_name, isolate_tenant.tenant_id;
    v_shard := pg_catalog.get_shard_id_for_distribution_column(isolate_tenant.table_name, isolate_tenant.tenant_id);
  END IF;
  IF isolate_tenant.node_name IS NOT NULL THEN
    SELECT n.nodename::text AS node_name, n.nodeport AS node_port INTO v_src
      FROM pg_catalog.pg_dist_placement pl
      JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
     WHERE pl.shardid = v_shard;
    IF v_src.node_name <> isolate_tenant.node_name OR v_src.node_port <> isolate_tenant.node_port THEN
      EXECUTE pg_catalog.format('SELECT pg_catalog.citus_move_shard_placement($1, $2, $3, $4, $5, %L)', v_mode)
        USING v_shard, v_src.node_name, v_src.node_port, isolate_tenant.node_name, isolate_tenant.node_port;
    END IF;
  END IF;
  RETURN v_shard;
END
$$;
COMMENT ON FUNCTION citus_ext.isolate_tenant(regclass, text, text, integer, text)
  IS 'Gives a tenant of a hash-distributed table a shard of its own (with its colocated tables), optionally on a node of its own.';
