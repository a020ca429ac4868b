-- citus_ext: choosing a node for a single-shard table that has no tenant.

-- Nodes by how many shard groups they hold (reference and Citus-local tables not counted),
-- fewest first. A group counts once however many tables it has, as the shard-count rebalancer
-- sees it. p_exclude_colocation_id leaves out the group about to move.
CREATE OR REPLACE FUNCTION citus_ext.node_load(p_exclude_colocation_id integer DEFAULT NULL)
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
          AND p.colocationid IS DISTINCT FROM p_exclude_colocation_id
   GROUP BY n.node_name, n.node_port
   ORDER BY 3, 1, 2
$$;
COMMENT ON FUNCTION citus_ext.node_load(integer)
  IS 'Shard groups per node that may hold shards, fewest first, from the coordinator''s catalogs.';

-- Moves a single-shard table (with its whole colocation group) to the least loaded node, or to
-- a random one. Returns where it is afterwards.
CREATE OR REPLACE FUNCTION citus_ext.place_table(
    p_table regclass, p_strategy text DEFAULT 'least_loaded', p_transfer_mode text DEFAULT 'auto',
    OUT shard_id bigint, OUT node_name text, OUT node_port integer, OUT colocation_id integer)
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_mode text := citus_ext._transfer_mode(p_transfer_mode);
  v_src record;
  v_target record;
BEGIN
  SELECT * INTO v_src FROM citus_ext._single_shard_placement(p_table);
  IF p_strategy = 'least_loaded' THEN
    SELECT l.node_name, l.node_port INTO v_target FROM citus_ext.node_load(v_src.colocation_id) l LIMIT 1;
  ELSIF p_strategy = 'random' THEN
    SELECT n.node_name, n.node_port INTO v_target FROM citus_ext._shard_nodes() n ORDER BY pg_catalog.random() LIMIT 1;
  ELSE
    RAISE EXCEPTION 'placement strategy % is not one of least_loaded, random', pg_catalog.quote_nullable(p_strategy)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM citus_ext._move_group(p_table, v_target.node_name, v_target.node_port, v_mode);
  SELECT s.shard_id, s.node_name, s.node_port, s.colocation_id
    INTO shard_id, node_name, node_port, colocation_id
    FROM citus_ext.shard_placement(p_table) s;
END
$$;
COMMENT ON FUNCTION citus_ext.place_table(regclass, text, text)
  IS 'Moves a single-shard table and its colocation group to the least loaded (or a random) node.';
