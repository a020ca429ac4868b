-- citus_ext: choosing a node for a single-shard table that has no tenant.

-- Nodes by how many shard groups they hold (reference and Citus-local tables not counted),
-- fewest first. A group counts once however many tables it has, as the shard-count rebalancer
-- sees it. exclude_colocation_id leaves out the group about to move.
CREATE OR REPLACE FUNCTION citus_ext.node_load(exclude_colocation_id integer DEFAULT NULL)
  RETURNS TABLE (node_name text, node_port integer, shard_groups bigint)
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT n.node_name, n.node_port,
         count(DISTINCT (p.colocationid, sh.shardminvalue)) FILTER (WHERE p.logicalrelid IS NOT NULL)
    FROM citus_ext._shard_nodes() n
    LEFT JOIN pg_catalog.pg_dist_placement pl ON pl.groupid = n.group_id
    LEFT JOIN pg_catalog.pg_dist_shard sh ON sh.shardid = pl.shardid
    LEFT JOIN pg_catalog.pg_dist_partition p
           ON p.logicalrelid = sh.logicalrelid
          AND p.repmodel <> 't' AND p.colocationid <> 0
          AND p.colocationid IS DISTINCT FROM node_load.exclude_colocation_id
   GROUP BY n.node_name, n.node_port
   ORDER BY 3, 1, 2
$$;
COMMENT ON FUNCTION citus_ext.node_load(integer)
  IS 'Shard groups per node that may hold shards, fewest first, from the coordinator''s catalogs.';

-- Moves a single-shard table (with its whole colocation group) to the least loaded node, or to
-- a random one. Returns where it is afterwards.
CREATE OR REPLACE FUNCTION citus_ext.place_table(
    table_name regclass, strategy text DEFAULT 'least_loaded', shard_transfer_mode text DEFAULT 'auto',
    OUT shard_id bigint, OUT node_name text, OUT node_port integer, OUT colocation_id integer)
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_mode text := citus_ext._transfer_mode(place_table.shard_transfer_mode);
  v_src record;
  v_target record;
BEGIN
  SELECT * INTO v_src FROM citus_ext._single_shard_placement(place_table.table_name);
  IF place_table.strategy = 'least_loaded' THEN
    SELECT l.node_name, l.node_port INTO v_target FROM citus_ext.node_load(v_src.colocation_id) l LIMIT 1;
  ELSIF place_table.strategy = 'random' THEN
    SELECT n.node_name, n.node_port INTO v_target FROM citus_ext._shard_nodes() n ORDER BY pg_catalog.random() LIMIT 1;
  ELSE
    RAISE EXCEPTION 'placement strategy % is not one of least_loaded, random', pg_catalog.quote_nullable(place_table.strategy)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM citus_ext._move_group(place_table.table_name, v_target.node_name, v_target.node_port, v_mode);
  SELECT s.shard_id, s.node_name, s.node_port, s.colocation_id
    INTO shard_id, node_name, node_port, colocation_id
    FROM citus_ext.shard_placement(place_table.table_name) s;
END
$$;
COMMENT ON FUNCTION citus_ext.place_table(regclass, text, text)
  IS 'Moves a single-shard table and its colocation group to the least loaded (or a random) node.';

-- Where a new tenant's group goes: the node that may hold shards with the fewest tenant groups,
-- then the fewest shard groups of any kind. Citus itself would place a new single-shard group by
-- its colocation id (id modulo the number of nodes), which piles tenants up on one node whenever
-- the tenants before them used up an even number of ids.
CREATE OR REPLACE FUNCTION citus_ext._node_for_new_tenant(OUT node_name text, OUT node_port integer)
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  SELECT l.node_name, l.node_port INTO node_name, node_port
    FROM citus_ext.node_load() l
    LEFT JOIN (
      SELECT n.nodename::text AS node_name, n.nodeport AS node_port, count(DISTINCT t.colocation_id) AS tenants
        FROM citus_ext.tenant t
        JOIN pg_catalog.pg_dist_partition p ON p.colocationid = t.colocation_id
        JOIN pg_catalog.pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid
        JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = sh.shardid
        JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
       GROUP BY 1, 2) c ON c.node_name = l.node_name AND c.node_port = l.node_port
   ORDER BY coalesce(c.tenants, 0), l.shard_groups, l.node_name, l.node_port
   LIMIT 1;
END
$$;
COMMENT ON FUNCTION citus_ext._node_for_new_tenant()
  IS 'Internal: the node for a new tenant, fewest tenant groups first, then fewest shard groups.';

-- Puts the group of a new tenant's first table on the node for new tenants, when that can be
-- done now; else it stays where Citus put it, with a NOTICE. A table distributed in this
-- transaction cannot be moved yet: it is re-created into a new group until Citus places that
-- group on the node (each new group goes to the next node), rows kept; not a table with foreign
-- keys (undistributing it would need theirs undone too). An older table moves, when the move can
-- run now: block_writes, or online as the first write of the transaction with a replica identity
-- on every table of the group. Returns the table (a new oid when re-created).
CREATE OR REPLACE FUNCTION citus_ext._place_new_tenant(p_table regclass, p_mode text)
  RETURNS regclass
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_target record;
  v_src record;
  v_table regclass := p_table;
  v_tries integer;
BEGIN
  SELECT * INTO v_target FROM citus_ext._node_for_new_tenant();
  SELECT * INTO v_src FROM citus_ext.shard_placement(v_table);
  IF v_target.node_name IS NULL
     OR (v_src.node_name = v_target.node_name AND v_src.node_port = v_target.node_port) THEN
    RETURN v_table;
  END IF;
  IF NOT citus_ext._distributed_in_this_transaction(v_table) THEN
    IF p_mode <> 'block_writes' AND citus_ext._workable_transfer_mode(v_table) <> 'auto' THEN
      RAISE NOTICE 'the first table % of a new tenant stays on %:% (the node with the fewest tenants is %:%): it cannot move online in this transaction', v_table, v_src.node_name, v_src.node_port, v_target.node_name, v_target.node_port
        USING HINT = 'Colocate it in a transaction of its own, give its group a primary key or replica identity, or use transfer mode block_writes.';
      RETURN v_table;
    END IF;
    PERFORM citus_ext._move_group(v_table, v_target.node_name, v_target.node_port, p_mode);
    RETURN v_table;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
              WHERE c.contype = 'f' AND (c.conrelid = v_table OR c.confrelid = v_table)) THEN
    RAISE NOTICE 'the first table % of a new tenant stays on %:% (the node with the fewest tenants is %:%): it has foreign keys, so it is not re-created', v_table, v_src.node_name, v_src.node_port, v_target.node_name, v_target.node_port;
    RETURN v_table;
  END IF;
  v_tries := 2 * (SELECT count(*) FROM citus_ext._shard_nodes()) + 1;
  FOR i IN 1 .. v_tries LOOP
    v_table := citus_ext._recreate_in_group(v_table, NULL);
    SELECT * INTO v_src FROM citus_ext.shard_placement(v_table);
    EXIT WHEN v_src.node_name = v_target.node_name AND v_src.node_port = v_target.node_port;
  END LOOP;
  RETURN v_table;
END
$$;
COMMENT ON FUNCTION citus_ext._place_new_tenant(regclass, text)
  IS 'Internal: puts a new tenant''s first table (and group) on the node for new tenants when it can; returns the table.';
