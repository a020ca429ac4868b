-- citus_ext: tenants. A tenant id (any text) maps to one colocation group; its single-shard
-- tables are created straight into that group, so they share a node without moving shards and
-- the rebalancer moves them together.

-- Serializes work on one tenant, so two sessions cannot found two groups for it.
CREATE OR REPLACE FUNCTION citus_ext._lock_tenant(p_tenant_id text)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF p_tenant_id IS NULL OR pg_catalog.btrim(p_tenant_id) = '' THEN
    RAISE EXCEPTION 'tenant id must not be null, empty or blank'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('citus_ext.tenant'), pg_catalog.hashtext(p_tenant_id));
END
$$;
COMMENT ON FUNCTION citus_ext._lock_tenant(text) IS 'Internal: validates a tenant id and locks it until the transaction ends.';

-- A table of the tenant's group, through which new tables join it; NULL when the tenant is
-- unknown or its group has no table left. Refuses a tenant owned by a role the caller is not.
CREATE OR REPLACE FUNCTION citus_ext._tenant_anchor(p_tenant_id text, p_for_write boolean)
  RETURNS regclass
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_tenant citus_ext.tenant;
  v_anchor regclass;
BEGIN
  SELECT * INTO v_tenant FROM citus_ext.tenant t WHERE t.tenant_id = p_tenant_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF p_for_write AND NOT pg_catalog.pg_has_role(current_user, v_tenant.owner, 'MEMBER') THEN
    RAISE EXCEPTION 'tenant % belongs to role %, not to %', pg_catalog.quote_literal(p_tenant_id), v_tenant.owner, current_user
      USING HINT = 'Use a tenant id of your own, or run as ' || v_tenant.owner::text || '.',
            ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT p.logicalrelid INTO v_anchor
    FROM pg_catalog.pg_dist_partition p
   WHERE p.colocationid = v_tenant.colocation_id
   ORDER BY p.logicalrelid
   LIMIT 1;
  RETURN v_anchor;
END
$$;
COMMENT ON FUNCTION citus_ext._tenant_anchor(text, boolean) IS 'Internal: a table of the tenant''s colocation group, or NULL.';

CREATE OR REPLACE FUNCTION citus_ext._register_tenant(p_tenant_id text, p_colocation_id integer)
  RETURNS void
  LANGUAGE sql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO citus_ext.tenant AS t (tenant_id, colocation_id)
  VALUES (p_tenant_id, p_colocation_id)
  ON CONFLICT (tenant_id) DO UPDATE SET colocation_id = excluded.colocation_id
$$;
COMMENT ON FUNCTION citus_ext._register_tenant(text, integer) IS 'Internal: records the tenant''s colocation group.';

-- Joining a colocation group ties a table to the group's tables: a move takes them all, and
-- only their owners may move them. So a role joins a group only when it is (a member of) the
-- owner of every table already in it, and, for a tenant's group, of the tenant's owner too: the
-- same rule whether the group is named by tenant id or by one of its tables (colocate_with).
CREATE OR REPLACE FUNCTION citus_ext._check_may_join(p_anchor regclass)
  RETURNS void
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_table regclass;
  v_owner regrole;
  v_tenant citus_ext.tenant;
BEGIN
  SELECT p.logicalrelid, c.relowner::regrole INTO v_table, v_owner
    FROM pg_catalog.pg_dist_partition a
    JOIN pg_catalog.pg_dist_partition p ON p.colocationid = a.colocationid
    JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid
   WHERE a.logicalrelid = p_anchor
     AND NOT pg_catalog.pg_has_role(current_user, c.relowner, 'MEMBER')
   ORDER BY 1
   LIMIT 1;
  IF v_table IS NOT NULL THEN
    RAISE EXCEPTION 'table % belongs to role %, not to %: joining its colocation group would tie your table to it', v_table, v_owner, current_user
      USING HINT = 'Colocate with a table of your own (or use a tenant id of your own), or run as ' || v_owner::text || '.',
            ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT t.* INTO v_tenant
    FROM citus_ext.tenant t
    JOIN pg_catalog.pg_dist_partition p ON p.colocationid = t.colocation_id
   WHERE p.logicalrelid = p_anchor;
  IF FOUND AND NOT pg_catalog.pg_has_role(current_user, v_tenant.owner, 'MEMBER') THEN
    RAISE EXCEPTION 'table % is in the group of tenant %, which belongs to role %, not to %', p_anchor, pg_catalog.quote_literal(v_tenant.tenant_id), v_tenant.owner, current_user
      USING HINT = 'Use a tenant id of your own, or run as ' || v_tenant.owner::text || '.',
            ERRCODE = 'insufficient_privilege';
  END IF;
END
$$;
COMMENT ON FUNCTION citus_ext._check_may_join(regclass) IS 'Internal: refuses to join the colocation group of another role''s tables or tenant.';

-- Puts a table distributed in this same transaction into the anchor's group without a move,
-- which Citus could not do yet: undistributed (rows kept) and distributed again straight into
-- the group, the local copy that Citus leaves behind truncated. A NULL anchor: a new group.
CREATE OR REPLACE FUNCTION citus_ext._recreate_in_group(p_table regclass, p_anchor regclass)
  RETURNS regclass
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  -- undistribute_table replaces the table by a new one of the same name: keep the name.
  v_name text := p_table::text;
  v_table regclass;
BEGIN
  PERFORM pg_catalog.undistribute_table(p_table);
  v_table := v_name::regclass;
  PERFORM pg_catalog.create_distributed_table(v_table, NULL::text, colocate_with => coalesce(p_anchor::text, 'none'));
  PERFORM pg_catalog.truncate_local_data_after_distributing_table(v_table);
  RETURN v_table;
END
$$;
COMMENT ON FUNCTION citus_ext._recreate_in_group(regclass, regclass) IS 'Internal: re-creates a table distributed in this transaction straight into another table''s group (NULL: a new group); returns the table (a new oid).';

-- Makes a regular table a single-shard distributed table: into the tenant's group when a tenant
-- is given, into another table's group when colocate_with is given, else into a group of its own.
-- Idempotent: a table that already is where it was asked to be is left as it is.
CREATE OR REPLACE FUNCTION citus_ext.create_single_shard_table(
    table_name regclass, tenant_id text DEFAULT NULL, colocate_with regclass DEFAULT NULL,
    OUT shard_id bigint, OUT node_name text, OUT node_port integer, OUT colocation_id integer)
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kind text;
  v_anchor regclass;
  v_current record;
  v_table regclass := create_single_shard_table.table_name;
BEGIN
  PERFORM citus_ext._require_citus('12.0', 'Single-shard tables');
  IF create_single_shard_table.tenant_id IS NOT NULL AND create_single_shard_table.colocate_with IS NOT NULL THEN
    RAISE EXCEPTION 'give a tenant id or a table to colocate with, not both'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF create_single_shard_table.tenant_id IS NOT NULL THEN
    PERFORM citus_ext._lock_tenant(create_single_shard_table.tenant_id);
    v_anchor := citus_ext._tenant_anchor(create_single_shard_table.tenant_id, true);
  ELSIF create_single_shard_table.colocate_with IS NOT NULL THEN
    PERFORM citus_ext._single_shard_placement(create_single_shard_table.colocate_with);
    PERFORM citus_ext._check_may_join(create_single_shard_table.colocate_with);
    v_anchor := create_single_shard_table.colocate_with;
  END IF;

  v_kind := citus_ext.table_kind(create_single_shard_table.table_name);
  IF v_kind = 'single_shard' THEN
    SELECT * INTO v_current FROM citus_ext.shard_placement(create_single_shard_table.table_name);
    IF v_anchor IS NULL AND create_single_shard_table.tenant_id IS NULL
       OR v_current.colocation_id = (SELECT p.colocationid FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = v_anchor) THEN
      RAISE NOTICE 'table % already is a single-shard table in the requested group', create_single_shard_table.table_name;
      SELECT v_current.shard_id, v_current.node_name, v_current.node_port, v_current.colocation_id
        INTO shard_id, node_name, node_port, colocation_id;
      RETURN;
    END IF;
    RAISE EXCEPTION 'table % already is a single-shard table, in another colocation group', create_single_shard_table.table_name
      USING HINT = 'To move it to its tenant use citus_ext.colocate_with_tenant; to start over, undistribute_table first.',
            ERRCODE = 'object_not_in_prerequisite_state';
  ELSIF v_kind = 'schema' THEN
    RAISE EXCEPTION 'table % belongs to a distributed schema, where Citus places tables with their schema', create_single_shard_table.table_name
      USING HINT = 'Create tenant tables outside distributed schemas, or move the whole schema with citus_schema_move.',
            ERRCODE = 'object_not_in_prerequisite_state';
  ELSIF v_kind <> 'local' THEN
    RAISE EXCEPTION 'table % already is a % table', create_single_shard_table.table_name, v_kind
      USING HINT = 'Undistribute it first (undistribute_table) to make it a single-shard table.',
            ERRCODE = 'object_not_in_prerequisite_state';
  END IF;

  IF v_anchor IS NOT NULL THEN
    PERFORM pg_catalog.create_distributed_table(create_single_shard_table.table_name, NULL::text, colocate_with => v_anchor::text);
  ELSE
    PERFORM pg_catalog.create_distributed_table(create_single_shard_table.table_name, NULL::text, colocate_with => 'none');
  END IF;
  IF create_single_shard_table.tenant_id IS NOT NULL AND v_anchor IS NULL THEN
    -- A new tenant: onto the node with the fewest tenants (no move: created in this transaction).
    v_table := citus_ext._place_new_tenant(create_single_shard_table.table_name, 'block_writes');
  END IF;
  -- Read in a statement of its own: a re-created table has a new oid.
  SELECT s.shard_id, s.node_name, s.node_port, s.colocation_id
    INTO shard_id, node_name, node_port, colocation_id
    FROM citus_ext.shard_placement(v_table) s;
  IF create_single_shard_table.tenant_id IS NOT NULL AND v_anchor IS NULL THEN
    PERFORM citus_ext._register_tenant(create_single_shard_table.tenant_id, colocation_id);
  END IF;
END
$$;
COMMENT ON FUNCTION citus_ext.create_single_shard_table(regclass, text, regclass)
  IS 'Makes a table single-shard, created straight into its tenant''s (or another table''s) colocation group; no shard moves.';

-- Moves an existing single-shard table to its tenant's node and joins the tenant's group, so
-- the rebalancer keeps them together. A tenant seen for the first time goes to the node with the
-- fewest tenants.
-- A table distributed in the current transaction is re-created into the group instead (no move).
CREATE OR REPLACE FUNCTION citus_ext.colocate_with_tenant(
    table_name regclass, tenant_id text, shard_transfer_mode text DEFAULT 'auto',
    OUT shard_id bigint, OUT node_name text, OUT node_port integer, OUT colocation_id integer)
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_mode text := citus_ext._transfer_mode(colocate_with_tenant.shard_transfer_mode);
  v_anchor regclass;
  v_target record;
  v_src record;
  v_recreated regclass;
BEGIN
  PERFORM citus_ext._require_citus('12.0', 'Single-shard tables');
  PERFORM citus_ext._lock_tenant(colocate_with_tenant.tenant_id);
  SELECT * INTO v_src FROM citus_ext._single_shard_placement(colocate_with_tenant.table_name);
  IF citus_ext.table_kind(colocate_with_tenant.table_name) = 'schema' THEN
    RAISE EXCEPTION 'table % belongs to a distributed schema, whose tables stay with their schema', colocate_with_tenant.table_name
      USING HINT = 'Move the whole schema with citus_schema_move instead.',
            ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  v_anchor := citus_ext._tenant_anchor(colocate_with_tenant.tenant_id, true);

  IF v_anchor IS NOT NULL
     AND v_src.colocation_id = (SELECT p.colocationid FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = v_anchor) THEN
    SELECT v_src.shard_id, v_src.node_name, v_src.node_port, v_src.colocation_id
      INTO shard_id, node_name, node_port, colocation_id;
    RETURN;
  END IF;

  -- Distributed in this same transaction (the blog's create-then-colocate in one changeset):
  -- Citus cannot move its shard yet, but it can be re-created straight into the group.
  IF v_anchor IS NOT NULL AND citus_ext._distributed_in_this_transaction(colocate_with_tenant.table_name) THEN
    -- Two statements: the placement is read after the re-creation, in a snapshot that sees it.
    v_recreated := citus_ext._recreate_in_group(colocate_with_tenant.table_name, v_anchor);
    SELECT s.shard_id, s.node_name, s.node_port, s.colocation_id
      INTO shard_id, node_name, node_port, colocation_id
      FROM citus_ext.shard_placement(v_recreated) s;
    RETURN;
  END IF;

  -- A move takes the whole group along: first give the table a group of its own.
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p
              WHERE p.colocationid = v_src.colocation_id AND p.logicalrelid <> colocate_with_tenant.table_name) THEN
    PERFORM pg_catalog.update_distributed_table_colocation(colocate_with_tenant.table_name, colocate_with => 'none');
  END IF;

  IF v_anchor IS NULL THEN
    -- First table of this tenant: the tenant's group is the table's, on the node with the fewest
    -- tenants (moved there, or re-created there when distributed in this transaction).
    v_recreated := citus_ext._place_new_tenant(colocate_with_tenant.table_name, v_mode);
    SELECT * INTO v_src FROM citus_ext.shard_placement(v_recreated);
    PERFORM citus_ext._register_tenant(colocate_with_tenant.tenant_id, v_src.colocation_id);
    SELECT v_src.shard_id, v_src.node_name, v_src.node_port, v_src.colocation_id
      INTO shard_id, node_name, node_port, colocation_id;
    RETURN;
  ELSE
    SELECT * INTO v_target FROM citus_ext.shard_placement(v_anchor);
    PERFORM citus_ext._move_group(colocate_with_tenant.table_name, v_target.node_name, v_target.node_port, v_mode);
    PERFORM pg_catalog.update_distributed_table_colocation(colocate_with_tenant.table_name, colocate_with => v_anchor::text);
  END IF;
  SELECT s.shard_id, s.node_name, s.node_port, s.colocation_id
    INTO shard_id, node_name, node_port, colocation_id
    FROM citus_ext.shard_placement(colocate_with_tenant.table_name) s;
END
$$;
COMMENT ON FUNCTION citus_ext.colocate_with_tenant(regclass, text, text)
  IS 'Moves a single-shard table to its tenant''s node and joins the tenant''s colocation group.';

CREATE OR REPLACE FUNCTION citus_ext.colocate_tables_with_tenant(
    table_names regclass[], tenant_id text, shard_transfer_mode text DEFAULT 'auto')
  RETURNS TABLE (table_name regclass, shard_id bigint, node_name text, node_port integer, colocation_id integer)
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_anchor regclass;
  v_target record;
  v_moving regclass[];
  v_table regclass;
  v_names text[];
BEGIN
  PERFORM citus_ext._transfer_mode(colocate_tables_with_tenant.shard_transfer_mode);
  PERFORM citus_ext._lock_tenant(colocate_tables_with_tenant.tenant_id);
  v_anchor := citus_ext._tenant_anchor(colocate_tables_with_tenant.tenant_id, true);
  -- A new tenant's tables go to the node for new tenants; a known one's, to its node.
  IF v_anchor IS NOT NULL THEN
    SELECT * INTO v_target FROM citus_ext.shard_placement(v_anchor);
  ELSE
    SELECT * INTO v_target FROM citus_ext._node_for_new_tenant();
  END IF;
  IF v_target.node_name IS NOT NULL THEN
    SELECT pg_catalog.array_agg(t.tbl ORDER BY t.ord) INTO v_moving
      FROM pg_catalog.unnest(colocate_tables_with_tenant.table_names) WITH ORDINALITY AS t(tbl, ord),
           LATERAL citus_ext.shard_placement(t.tbl) s
     WHERE (s.node_name <> v_target.node_name OR s.node_port <> v_target.node_port)
       AND NOT citus_ext._distributed_in_this_transaction(t.tbl);
    -- A new tenant whose tables would need several online moves to reach the node for new
    -- tenants, which one transaction cannot hold, stays where its first table is: that table's
    -- group becomes the tenant's.
    IF v_anchor IS NULL AND colocate_tables_with_tenant.shard_transfer_mode <> 'block_writes' AND pg_catalog.cardinality(v_moving) > 1
       AND citus_ext.table_kind(colocate_tables_with_tenant.table_names[1]) = 'single_shard' THEN
      RAISE NOTICE 'new tenant % stays on the node of its first table %: reaching the node with the fewest tenants would take % online moves, one transaction each', pg_catalog.quote_literal(colocate_tables_with_tenant.tenant_id), colocate_tables_with_tenant.table_names[1], pg_catalog.cardinality(v_moving);
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p
                  WHERE p.colocationid = (SELECT f.colocationid FROM pg_catalog.pg_dist_partition f WHERE f.logicalrelid = colocate_tables_with_tenant.table_names[1])
                    AND p.logicalrelid <> colocate_tables_with_tenant.table_names[1]) THEN
        PERFORM pg_catalog.update_distributed_table_colocation(colocate_tables_with_tenant.table_names[1], colocate_with => 'none');
      END IF;
      SELECT * INTO v_target FROM citus_ext.shard_placement(colocate_tables_with_tenant.table_names[1]);
      PERFORM citus_ext._register_tenant(colocate_tables_with_tenant.tenant_id, v_target.colocation_id);
      SELECT pg_catalog.array_agg(t.tbl ORDER BY t.ord) INTO v_moving
        FROM pg_catalog.unnest(colocate_tables_with_tenant.table_names) WITH ORDINALITY AS t(tbl, ord),
             LATERAL citus_ext.shard_placement(t.tbl) s
       WHERE (s.node_name <> v_target.node_name OR s.node_port <> v_target.node_port)
         AND NOT citus_ext._distributed_in_this_transaction(t.tbl);
    END IF;
    -- An online move must come first in its transaction, and only one can: say so up front.
    IF colocate_tables_with_tenant.shard_transfer_mode <> 'block_writes' AND pg_catalog.cardinality(v_moving) > 1 THEN
      RAISE EXCEPTION '% tables of tenant % are on other nodes (%); an online move (transfer mode %) takes one transaction each',
            pg_catalog.cardinality(v_moving), pg_catalog.quote_literal(colocate_tables_with_tenant.tenant_id), pg_catalog.array_to_string(v_moving, ', '), colocate_tables_with_tenant.shard_transfer_mode
        USING HINT = 'Use transfer mode block_writes, or colocate one table per transaction (a changeset each).',
              ERRCODE = 'active_sql_transaction';
    END IF;
  END IF;
  -- Tables that must move go first, while the transaction has written nothing. By name: a
  -- table re-created into the group (distributed in this transaction) gets a new oid.
  v_names := ARRAY(SELECT t.tbl::text FROM pg_catalog.unnest(colocate_tables_with_tenant.table_names) WITH ORDINALITY AS t(tbl, ord)
                    ORDER BY t.ord);
  FOR v_table IN
    SELECT t.tbl FROM pg_catalog.unnest(colocate_tables_with_tenant.table_names) WITH ORDINALITY AS t(tbl, ord)
     ORDER BY (t.tbl = ANY (coalesce(v_moving, '{}'))) DESC, t.ord
  LOOP
    PERFORM citus_ext.colocate_with_tenant(v_table, colocate_tables_with_tenant.tenant_id, colocate_tables_with_tenant.shard_transfer_mode);
  END LOOP;
  RETURN QUERY
    SELECT n.name::regclass, s.shard_id, s.node_name, s.node_port, s.colocation_id
      FROM pg_catalog.unnest(v_names) WITH ORDINALITY AS n(name, ord),
           LATERAL citus_ext.shard_placement(n.name::regclass) s
     ORDER BY n.ord;
END
$$;
COMMENT ON FUNCTION citus_ext.colocate_tables_with_tenant(regclass[], text, text)
  IS 'colocate_with_tenant for many tables of one tenant, in order, in one call.';

CREATE OR REPLACE FUNCTION citus_ext.tenant_tables(tenant_id text)
  RETURNS TABLE (table_name regclass, shard_id bigint, node_name text, node_port integer)
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.logicalrelid, sh.shardid, n.nodename::text, n.nodeport
    FROM citus_ext.tenant t
    JOIN pg_catalog.pg_dist_partition p ON p.colocationid = t.colocation_id
    JOIN pg_catalog.pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid
    JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = sh.shardid
    JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
   WHERE t.tenant_id = tenant_tables.tenant_id
   ORDER BY p.logicalrelid::text
$$;
COMMENT ON FUNCTION citus_ext.tenant_tables(text) IS 'The tenant''s tables with their shard and node.';

CREATE OR REPLACE FUNCTION citus_ext.tenants()
  RETURNS TABLE (tenant_id text, colocation_id integer, node_name text, node_port integer, table_count bigint, owner regrole)
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT t.tenant_id, t.colocation_id, min(n.nodename)::text, min(n.nodeport), count(DISTINCT p.logicalrelid), t.owner
    FROM citus_ext.tenant t
    LEFT JOIN pg_catalog.pg_dist_partition p ON p.colocationid = t.colocation_id
    LEFT JOIN pg_catalog.pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid
    LEFT JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = sh.shardid
    LEFT JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
   GROUP BY t.tenant_id, t.colocation_id, t.owner
   ORDER BY t.tenant_id
$$;
COMMENT ON FUNCTION citus_ext.tenants() IS 'Every registered tenant with its colocation group, node and number of tables.';

CREATE OR REPLACE FUNCTION citus_ext.tenant_node(tenant_id text, OUT node_name text, OUT node_port integer)
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT t.node_name, t.node_port FROM citus_ext.tenant_tables(tenant_node.tenant_id) t LIMIT 1
$$;
COMMENT ON FUNCTION citus_ext.tenant_node(text) IS 'The node holding the tenant''s tables; NULL for an unknown tenant or one with no tables.';

CREATE OR REPLACE FUNCTION citus_ext.is_colocated_with_tenant(table_name regclass, tenant_id text)
  RETURNS boolean
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT EXISTS (
    SELECT 1
      FROM citus_ext.tenant t
      JOIN pg_catalog.pg_dist_partition p ON p.colocationid = t.colocation_id
     WHERE t.tenant_id = is_colocated_with_tenant.tenant_id AND p.logicalrelid = is_colocated_with_tenant.table_name)
$$;
COMMENT ON FUNCTION citus_ext.is_colocated_with_tenant(regclass, text)
  IS 'True when the table is in its tenant''s colocation group (and so on the tenant''s node).';

CREATE OR REPLACE FUNCTION citus_ext.move_tenant(
    tenant_id text, node_name text, node_port integer, shard_transfer_mode text DEFAULT 'auto')
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_mode text := citus_ext._transfer_mode(move_tenant.shard_transfer_mode);
  v_anchor regclass;
BEGIN
  PERFORM citus_ext._lock_tenant(move_tenant.tenant_id);
  v_anchor := citus_ext._tenant_anchor(move_tenant.tenant_id, true);
  IF v_anchor IS NULL THEN
    RAISE EXCEPTION 'tenant % has no tables', pg_catalog.quote_literal(move_tenant.tenant_id)
      USING HINT = 'Create its tables with citus_ext.create_single_shard_table(table, tenant_id) first.',
            ERRCODE = 'no_data_found';
  END IF;
  PERFORM citus_ext._move_recorded('tenant', move_tenant.tenant_id, v_anchor, move_tenant.node_name, move_tenant.node_port, v_mode);
END
$$;
COMMENT ON FUNCTION citus_ext.move_tenant(text, text, integer, text) IS 'Moves all of a tenant''s tables to a node, together; move_back returns it.';
