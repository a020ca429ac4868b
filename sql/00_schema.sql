-- citus_ext: the schema, the library's version, and the tenant registry.
-- Every script of the library is idempotent: installing twice changes nothing, installing a
-- newer version over an older one upgrades it, and an older version refuses to replace a newer.

-- One installer at a time; the lock is held until the installing transaction ends.
SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('citus_ext'), 0);

DO $guard$
DECLARE
  v_installed text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
    RAISE EXCEPTION 'Citus is not installed in database %', pg_catalog.current_database()
      USING HINT = 'Connect to the Citus coordinator''s database, or run CREATE EXTENSION citus there and on every worker.',
            ERRCODE = 'feature_not_supported';
  END IF;
  IF pg_catalog.to_regprocedure('citus_ext.version()') IS NOT NULL THEN
    EXECUTE 'SELECT citus_ext.version()' INTO v_installed;
    IF pg_catalog.string_to_array(v_installed, '.')::int[] > pg_catalog.string_to_array('${citus-ext.version}', '.')::int[] THEN
      RAISE EXCEPTION 'citus_ext % is installed, newer than this library (${citus-ext.version})', v_installed
        USING HINT = 'Use a liquibase-citus release at least as new as the one that installed it.',
              ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
  END IF;
END
$guard$;

CREATE SCHEMA IF NOT EXISTS citus_ext;
-- With citus.enable_schema_based_sharding on, the new schema was distributed: the library's
-- own tables belong on the coordinator, so make it a regular schema again.
DO $local$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema WHERE schemaid = 'citus_ext'::regnamespace) THEN
    PERFORM pg_catalog.citus_schema_undistribute('citus_ext'::regnamespace);
  END IF;
END
$local$;
COMMENT ON SCHEMA citus_ext IS 'liquibase-citus: schema distribution and tenant co-location of single-shard tables';
GRANT USAGE ON SCHEMA citus_ext TO PUBLIC;

CREATE OR REPLACE FUNCTION citus_ext.version()
  RETURNS text
  LANGUAGE sql IMMUTABLE
  SECURITY INVOKER
  SET search_path = pg_catalog, pg_temp
AS $$ SELECT '${citus-ext.version}'::text $$;
COMMENT ON FUNCTION citus_ext.version() IS 'Version of the citus_ext library installed in this database.';

-- One row per tenant: the colocation group its single-shard tables live in. The group, not a
-- node, is what is recorded, so the rebalancer can move a tenant and it stays whole.
CREATE TABLE IF NOT EXISTS citus_ext.tenant (
  tenant_id     text PRIMARY KEY,
  colocation_id integer NOT NULL,
  owner         regrole NOT NULL DEFAULT current_user::regrole,
  created_at    timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE citus_ext.tenant IS 'Tenant id to the Citus colocation group of its single-shard tables.';

-- Anyone may read the registry and register a tenant of their own; only the owning role (or a
-- member of it) may change or remove a tenant.
GRANT SELECT, INSERT, UPDATE, DELETE ON citus_ext.tenant TO PUBLIC;
ALTER TABLE citus_ext.tenant ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_read ON citus_ext.tenant;
CREATE POLICY tenant_read ON citus_ext.tenant FOR SELECT USING (true);
DROP POLICY IF EXISTS tenant_register ON citus_ext.tenant;
CREATE POLICY tenant_register ON citus_ext.tenant FOR INSERT
  WITH CHECK (pg_catalog.pg_has_role(current_user, owner, 'MEMBER'));
DROP POLICY IF EXISTS tenant_update ON citus_ext.tenant;
CREATE POLICY tenant_update ON citus_ext.tenant FOR UPDATE
  USING (pg_catalog.pg_has_role(current_user, owner, 'MEMBER'))
  WITH CHECK (pg_catalog.pg_has_role(current_user, owner, 'MEMBER'));
DROP POLICY IF EXISTS tenant_remove ON citus_ext.tenant;
CREATE POLICY tenant_remove ON citus_ext.tenant FOR DELETE
  USING (pg_catalog.pg_has_role(current_user, owner, 'MEMBER'));
