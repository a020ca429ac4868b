-- citus_ext: distributed schemas (schema-based sharding), idempotent.

-- Distributes a schema; already distributed is a no-op. Returns whether it distributed now.
-- The common case costs what citus_schema_distribute costs: why Citus refused (its version, a
-- Citus table in the schema) is only worked out when it did.
CREATE OR REPLACE FUNCTION citus_ext.distribute_schema(schema_name regnamespace)
  RETURNS boolean
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_table regclass;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.schemaid = distribute_schema.schema_name) THEN
    RAISE NOTICE 'schema % is already distributed', distribute_schema.schema_name;
    RETURN false;
  END IF;
  IF distribute_schema.schema_name = 'public'::regnamespace THEN
    RAISE EXCEPTION 'Citus cannot distribute the public schema'
      USING HINT = 'Create a schema per service (CREATE SCHEMA ... AUTHORIZATION role) and distribute that.',
            ERRCODE = 'invalid_schema_definition';
  END IF;
  BEGIN
    PERFORM pg_catalog.citus_schema_distribute(distribute_schema.schema_name);
  EXCEPTION WHEN OTHERS THEN
    PERFORM citus_ext._require_citus('12.0', 'Schema-based sharding');
    -- Citus tables of the schema other than Citus-local ones keep it from being distributed.
    SELECT p.logicalrelid INTO v_table
      FROM pg_catalog.pg_dist_partition p
      JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid
     WHERE c.relnamespace = distribute_schema.schema_name
       AND NOT (p.partmethod = 'n' AND p.repmodel <> 't' AND p.colocationid = 0)
     ORDER BY 1
     LIMIT 1;
    IF v_table IS NOT NULL THEN
      RAISE EXCEPTION 'schema % has % table %, which Citus cannot put in a distributed schema', distribute_schema.schema_name, citus_ext.table_kind(v_table), v_table
        USING HINT = 'Move ' || v_table::text || ' out of the schema (ALTER TABLE ... SET SCHEMA) or undistribute it (undistribute_table) first.',
              ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RAISE;
  END;
  RETURN true;
END
$$;
COMMENT ON FUNCTION citus_ext.distribute_schema(regnamespace)
  IS 'citus_schema_distribute, with already-distributed as a no-op and clear refusals.';

-- Undistributes a schema; not distributed is a no-op. Returns whether it undistributed now.
CREATE OR REPLACE FUNCTION citus_ext.undistribute_schema(schema_name regnamespace)
  RETURNS boolean
  LANGUAGE plpgsql VOLATILE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM citus_ext._require_citus('12.0', 'Schema-based sharding');
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.schemaid = undistribute_schema.schema_name) THEN
    RAISE NOTICE 'schema % is not distributed', undistribute_schema.schema_name;
    RETURN false;
  END IF;
  PERFORM pg_catalog.citus_schema_undistribute(undistribute_schema.schema_name);
  RETURN true;
END
$$;
COMMENT ON FUNCTION citus_ext.undistribute_schema(regnamespace)
  IS 'citus_schema_undistribute, with not-distributed as a no-op.';

CREATE OR REPLACE FUNCTION citus_ext.is_distributed_schema(schema_name regnamespace)
  RETURNS boolean
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s WHERE s.schemaid = is_distributed_schema.schema_name) $$;
COMMENT ON FUNCTION citus_ext.is_distributed_schema(regnamespace) IS 'True when the schema is a Citus distributed schema.';

-- Distributed schemas with their colocation group, node and owner, from the catalogs only.
CREATE OR REPLACE FUNCTION citus_ext.distributed_schemas()
  RETURNS TABLE (schema_name regnamespace, colocation_id integer, node_name text, node_port integer, table_count bigint, owner regrole)
  LANGUAGE sql STABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT s.schemaid::regnamespace, s.colocationid, min(n.nodename)::text, min(n.nodeport),
         count(DISTINCT p.logicalrelid), ns.nspowner::regrole
    FROM pg_catalog.pg_dist_schema s
    JOIN pg_catalog.pg_namespace ns ON ns.oid = s.schemaid
    LEFT JOIN pg_catalog.pg_dist_partition p ON p.colocationid = s.colocationid
    LEFT JOIN pg_catalog.pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid
    LEFT JOIN pg_catalog.pg_dist_placement pl ON pl.shardid = sh.shardid
    LEFT JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'
   GROUP BY s.schemaid, s.colocationid, ns.nspowner
   ORDER BY s.schemaid::regnamespace::text
$$;
COMMENT ON FUNCTION citus_ext.distributed_schemas() IS 'Distributed schemas with their node and table count, without calling the workers.';
