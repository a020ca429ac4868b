-- citus_ext: the function names of the blog post "Let's Expand Citus Co-location Single-Shard
-- Distributed Tables", with the same arguments and intent and correct results, over the library
-- above. Differences from the post are listed in README.md.

CREATE OR REPLACE PROCEDURE citus_ext.init_tid_mark()
  LANGUAGE plpgsql
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- Tenants map to colocation groups in citus_ext.tenant, created by the install script.
  RAISE NOTICE 'citus_ext keeps tenants in citus_ext.tenant; nothing to initialize';
END
$$;
COMMENT ON PROCEDURE citus_ext.init_tid_mark() IS 'Blog-compatible: a no-op, the tenant registry exists once the library is installed.';

CREATE OR REPLACE FUNCTION citus_ext.is_single_shard_table(tbl_name text)
  RETURNS boolean
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT citus_ext.is_single_shard(tbl_name::regclass)
      OR (citus_ext.table_kind(tbl_name::regclass) = 'hash'
          AND (SELECT count(*) FROM pg_catalog.pg_dist_shard s WHERE s.logicalrelid = tbl_name::regclass) = 1)
$$;
COMMENT ON FUNCTION citus_ext.is_single_shard_table(text)
  IS 'Blog-compatible: true for a distributed table with exactly one shard (reference tables excluded).';

CREATE OR REPLACE FUNCTION citus_ext.is_single_shard_table_colocated(tbl_name text, tid text)
  RETURNS boolean
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT citus_ext.is_colocated_with_tenant(tbl_name::regclass, tid) $$;
COMMENT ON FUNCTION citus_ext.is_single_shard_table_colocated(text, text)
  IS 'Blog-compatible, corrected: true when the table IS in its tenant''s group (the post returned the opposite).';

CREATE OR REPLACE FUNCTION citus_ext.colocate_single_shard_table(
    tbl_name text, tid text, OUT shard_id bigint, OUT node_name text, OUT node_port integer)
  LANGUAGE sql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT c.shard_id, c.node_name, c.node_port
    FROM citus_ext.colocate_with_tenant(tbl_name::regclass, tid, citus_ext._workable_transfer_mode(tbl_name::regclass)) c
$$;
COMMENT ON FUNCTION citus_ext.colocate_single_shard_table(text, text)
  IS 'Blog-compatible: colocate_with_tenant (online when possible, else block_writes); joins the tenant''s group instead of only moving the shard.';

-- The post documents this one-argument form for use after scaling out, but never defined it.
-- A table in its tenant's group is moved with the tenant by the rebalancer, so there is nothing
-- to fix: this reports where it is, and refuses a table that has no tenant.
CREATE OR REPLACE FUNCTION citus_ext.colocate_single_shard_table(
    tbl_name text, OUT shard_id bigint, OUT node_name text, OUT node_port integer)
  LANGUAGE plpgsql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_src record;
BEGIN
  SELECT * INTO v_src FROM citus_ext._single_shard_placement(tbl_name::regclass);
  IF NOT EXISTS (SELECT 1 FROM citus_ext.tenant t WHERE t.colocation_id = v_src.colocation_id) THEN
    RAISE EXCEPTION 'table % belongs to no tenant', tbl_name::regclass
      USING HINT = 'Pass the tenant id: colocate_single_shard_table(table, tenant_id).',
            ERRCODE = 'no_data_found';
  END IF;
  shard_id := v_src.shard_id;
  node_name := v_src.node_name;
  node_port := v_src.node_port;
END
$$;
COMMENT ON FUNCTION citus_ext.colocate_single_shard_table(text)
  IS 'Blog-compatible: the table''s placement when it is with its tenant (the rebalancer keeps it there).';

CREATE OR REPLACE FUNCTION citus_ext.randomly_single_shard_table(
    tbl_name text, OUT shard_id bigint, OUT node_name text, OUT node_port integer)
  LANGUAGE sql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.shard_id, p.node_name, p.node_port
    FROM citus_ext.place_table(tbl_name::regclass, 'random', citus_ext._workable_transfer_mode(tbl_name::regclass)) p
$$;
COMMENT ON FUNCTION citus_ext.randomly_single_shard_table(text)
  IS 'Blog-compatible: moves a single-shard table (and its colocation group) to a random node.';

CREATE OR REPLACE FUNCTION citus_ext.create_single_shard_distributed_table(tbl_name text)
  RETURNS void
  LANGUAGE sql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT FROM citus_ext.create_single_shard_table(tbl_name::regclass) $$;
COMMENT ON FUNCTION citus_ext.create_single_shard_distributed_table(text)
  IS 'Blog-compatible: a native single-shard table (no distribution column) in a colocation group of its own.';
