-- citus_ext: pins. A pinned tenant or schema stays on its node across rebalances that use the
-- strategy citus_ext_pinned; an exclusive pin also keeps every unpinned group off that node.

-- Whether Citus' rebalancer may place a shard on a node: the strategy's
-- shard_allowed_on_node_function. A pinned group only on its pin's node; an unpinned one anywhere
-- but on a node some exclusive pin reserves.
CREATE OR REPLACE FUNCTION citus_ext.shard_allowed_on_node(shard_id bigint, node_id integer)
  RETURNS boolean
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH grp AS (
    SELECT p.colocationid
      FROM pg_catalog.pg_dist_shard s
      JOIN pg_catalog.pg_dist_partition p ON p.logicalrelid = s.logicalrelid
     WHERE s.shardid = shard_allowed_on_node.shard_id
  ), node AS (
    SELECT n.nodename::text AS node_name, n.nodeport AS node_port
      FROM pg_catalog.pg_dist_node n
     WHERE n.nodeid = shard_allowed_on_node.node_id
  ), mine AS (
    SELECT pn.node_name, pn.node_port
      FROM citus_ext.pin pn
     WHERE (pn.kind = 'schema' AND EXISTS (
              SELECT 1 FROM pg_catalog.pg_dist_schema ds
                JOIN pg_catalog.pg_namespace ns ON ns.oid = ds.schemaid
               WHERE ns.nspname = pn.name AND ds.colocationid = (SELECT g.colocationid FROM grp g)))
        OR (pn.kind = 'tenant' AND EXISTS (
              SELECT 1 FROM citus_ext.tenant t
               WHERE t.tenant_id = pn.name AND t.colocation_id = (SELECT g.colocationid FROM grp g)))
  )
  SELECT CASE
           WHEN EXISTS (SELECT 1 FROM mine)
             THEN EXISTS (SELECT 1 FROM mine m, node n WHERE m.node_name = n.node_name AND m.node_port = n.node_port)
           ELSE NOT EXISTS (SELECT 1 FROM citus_ext.pin pn, node n
                             WHERE pn.exclusive AND pn.node_name = n.node_name AND pn.node_port = n.node_port)
         END
$$;
COMMENT ON FUNCTION citus_ext.shard_allowed_on_node(bigint, integer)
  IS 'The rebalance strategy citus_ext_pinned''s rule: pinned groups on their node, none else on an exclusive one.';

-- Registers the strategy (a superuser's right: pg_dist_rebalance_strategy is Citus' catalog).
CREATE OR REPLACE FUNCTION citus_ext.register_pin_strategy()
  RETURNS boolean
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_dist_rebalance_strategy s WHERE s.name = 'citus_ext_pinned') THEN
    RETURN false;
  END IF;
  -- By disk size, as Citus' default strategy, with the pins as the placement rule.
  PERFORM pg_catalog.citus_add_rebalance_strategy(
    'citus_ext_pinned',
    'pg_catalog.citus_shard_cost_by_disk_size'::pg_catalog.regproc,
    'pg_catalog.citus_node_capacity_1'::pg_catalog.regproc,
    'citus_ext.shard_allowed_on_node'::pg_catalog.regproc,
    0.1, 0.01, 0.5);
  RETURN true;
END
$$;
COMMENT ON FUNCTION citus_ext.register_pin_strategy()
  IS 'Registers the rebalance strategy citus_ext_pinned (a superuser runs it once; the installer does when it is one).';

CREATE OR REPLACE FUNCTION citus_ext._pin(p_kind text, p_name text, p_node_name text, p_node_port integer, p_exclusive boolean)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM citus_ext._shard_nodes() n
                  WHERE n.node_name = p_node_name AND n.node_port = p_node_port) THEN
    RAISE EXCEPTION 'node %:% is not an active node that may hold shards', p_node_name, p_node_port
      USING HINT = 'Choose one of: ' || (SELECT pg_catalog.string_agg(n.node_name || ':' || n.node_port, ', ' ORDER BY n.node_name, n.node_port) FROM citus_ext._shard_nodes() n),
            ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO citus_ext.pin AS pn (kind, name, node_name, node_port, exclusive)
  VALUES (p_kind, p_name, p_node_name, p_node_port, coalesce(p_exclusive, false))
  ON CONFLICT (kind, name) DO UPDATE
     SET node_name = excluded.node_name, node_port = excluded.node_port, exclusive = excluded.exclusive,
         pinned_by = CURRENT_USER::pg_catalog.regrole, pinned_at = pg_catalog.now();
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_rebalance_strategy s WHERE s.name = 'citus_ext_pinned') THEN
    RAISE NOTICE 'the rebalance strategy citus_ext_pinned, which honours pins, is not registered yet: a superuser runs SELECT citus_ext.register_pin_strategy() once';
  END IF;
END
$$;
COMMENT ON FUNCTION citus_ext._pin(text, text, text, integer, boolean) IS 'Internal: records a pin.';

CREATE OR REPLACE FUNCTION citus_ext.pin_tenant(tenant_id text, node_name text, node_port integer, exclusive boolean DEFAULT false)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM citus_ext.tenant t WHERE t.tenant_id = pin_tenant.tenant_id) THEN
    RAISE EXCEPTION 'there is no tenant %', pg_catalog.quote_literal(pin_tenant.tenant_id)
      USING ERRCODE = 'no_data_found';
  END IF;
  PERFORM citus_ext._pin('tenant', pin_tenant.tenant_id, pin_tenant.node_name, pin_tenant.node_port, pin_tenant.exclusive);
END
$$;
COMMENT ON FUNCTION citus_ext.pin_tenant(text, text, integer, boolean)
  IS 'Keeps a tenant on a node across rebalances with strategy citus_ext_pinned (exclusive: and every unpinned group off it).';

CREATE OR REPLACE FUNCTION citus_ext.pin_schema(schema_name regnamespace, node_name text, node_port integer, exclusive boolean DEFAULT false)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.schemaid = pin_schema.schema_name) THEN
    RAISE EXCEPTION 'schema % is not a distributed schema', pin_schema.schema_name
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  PERFORM citus_ext._pin('schema', (SELECT n.nspname::text FROM pg_catalog.pg_namespace n WHERE n.oid = pin_schema.schema_name),
                         pin_schema.node_name, pin_schema.node_port, pin_schema.exclusive);
END
$$;
COMMENT ON FUNCTION citus_ext.pin_schema(regnamespace, text, integer, boolean)
  IS 'Keeps a distributed schema on a node across rebalances with strategy citus_ext_pinned.';

CREATE OR REPLACE FUNCTION citus_ext.unpin(kind text, name text)
  RETURNS boolean
  LANGUAGE sql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  WITH gone AS (DELETE FROM citus_ext.pin pn WHERE pn.kind = unpin.kind AND pn.name = unpin.name RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM gone)
$$;
COMMENT ON FUNCTION citus_ext.unpin(text, text)
  IS 'Lets the rebalancer place a tenant or schema freely again; false when it was not pinned.';

-- A superuser's install registers the strategy; anyone else's leaves it to a superuser.
DO $register$
BEGIN
  IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER) THEN
    PERFORM citus_ext.register_pin_strategy();
  END IF;
END
$register$;
