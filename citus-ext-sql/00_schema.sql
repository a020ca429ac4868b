-- citus_ext: the schema, the library's version, and the tenant registry.
-- Every script of the library is idempotent: installing twice changes nothing, installing a
-- newer version over an older one upgrades it, and an older version refuses to replace a newer.

-- The install runs with search_path = pg_catalog, pg_temp, so that every type, operator and
-- function named below is PostgreSQL's own, whatever another role planted in a schema of the
-- caller's search path; 90_end.sql gives the caller's search path back. This holds for the
-- installing transaction: run the scripts in one (psql -1, or the installer of the jar).
SELECT pg_catalog.set_config('citus_ext.caller_search_path', pg_catalog.current_setting('search_path'), true);
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

-- One installer at a time; the lock is held until the installing transaction ends.
SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('citus_ext'), 0);

-- Refuses to install without Citus, over a newer library, or into a citus_ext schema that
-- another role could have planted: its owner could replace any function in it, and a function of
-- another role in it would run with the installer's rights. What is installed is read from the
-- catalogs; nothing of the schema runs. Operators are spelled out, should this run unpinned.
DO $guard$
DECLARE
  v_schema oid;
  v_owner oid;
  v_trusted oid[];
  v_untrusted text;
  v_installed text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'citus') THEN
    RAISE EXCEPTION 'Citus is not installed in database %', pg_catalog.current_database()
      USING HINT = 'Connect to the Citus coordinator''s database, or run CREATE EXTENSION citus there and on every worker.',
            ERRCODE = 'feature_not_supported';
  END IF;
  SELECT n.oid, n.nspowner INTO v_schema, v_owner
    FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) 'citus_ext';
  IF v_schema IS NULL THEN
    RETURN;
  END IF;
  -- Trusted owners of the schema: a superuser; and, unless the installer has a superuser's
  -- rights (as the current role, or as the session's role under SET ROLE, which RESET ROLE in a
  -- function would take back), the installing role and the database's owner. A superuser never
  -- leaves code in place that a role without its rights could change. Every object in the
  -- schema must be the schema owner's or a superuser's.
  SELECT pg_catalog.array_agg(r.oid) INTO v_trusted
    FROM pg_catalog.pg_roles r
   WHERE r.rolsuper
      OR (NOT (SELECT pg_catalog.bool_or(m.rolsuper) FROM pg_catalog.pg_roles m
                WHERE m.rolname OPERATOR(pg_catalog.=) CURRENT_USER
                   OR m.rolname OPERATOR(pg_catalog.=) SESSION_USER)
          AND (r.rolname OPERATOR(pg_catalog.=) CURRENT_USER
               OR r.oid OPERATOR(pg_catalog.=) (SELECT d.datdba FROM pg_catalog.pg_database d
                                                 WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())));
  IF NOT v_owner OPERATOR(pg_catalog.=) ANY (v_trusted) THEN
    RAISE EXCEPTION 'schema citus_ext is owned by role %, which is neither a superuser nor (for an installer without a superuser''s rights) the installing role or the database''s owner', v_owner::pg_catalog.regrole
      USING HINT = 'Check who created it. Install as that role, or DROP SCHEMA citus_ext CASCADE (its tenant registry goes with it) and install again.',
            ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT pg_catalog.string_agg(pg_catalog.format('%s (owner %s)', o.what, o.owner::pg_catalog.regrole), ', ')
    INTO v_untrusted
    FROM (SELECT pg_catalog.format('function %s', p.oid::pg_catalog.regprocedure) AS what, p.proowner AS owner
            FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) v_schema
          UNION ALL
          SELECT pg_catalog.format('relation %s', c.oid::pg_catalog.regclass), c.relowner
            FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) v_schema) o
   WHERE NOT o.owner OPERATOR(pg_catalog.=) v_owner
     AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) o.owner);
  IF v_untrusted IS NOT NULL THEN
    RAISE EXCEPTION 'schema citus_ext holds objects of roles other than its owner % and the superusers: %', v_owner::pg_catalog.regrole, v_untrusted
      USING HINT = 'Check who created them; drop them (or DROP SCHEMA citus_ext CASCADE), then install again.',
            ERRCODE = 'insufficient_privilege';
  END IF;
  -- The installed version, read from the source of citus_ext.version(), never by calling it.
  SELECT pg_catalog.substring(p.prosrc, '''([0-9.]+)''') INTO v_installed
    FROM pg_catalog.pg_proc p
   WHERE p.pronamespace OPERATOR(pg_catalog.=) v_schema
     AND p.proname OPERATOR(pg_catalog.=) 'version'
     AND p.pronargs OPERATOR(pg_catalog.=) 0;
  IF pg_catalog.string_to_array(v_installed, '.')::pg_catalog.int4[]
       OPERATOR(pg_catalog.>) pg_catalog.string_to_array('${citus-ext.version}', '.')::pg_catalog.int4[] THEN
    RAISE EXCEPTION 'citus_ext % is installed, newer than this library (${citus-ext.version})', v_installed
      USING HINT = 'Use a liquibase-citus release at least as new as the one that installed it.',
            ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
END
$guard$;

CREATE SCHEMA IF NOT EXISTS citus_ext;
-- With citus.enable_schema_based_sharding on, the new schema was distributed: the library's
-- own tables belong on the coordinator, so make it a regular schema again.
DO $local$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema s
              WHERE s.schemaid OPERATOR(pg_catalog.=) 'citus_ext'::pg_catalog.regnamespace::pg_catalog.oid) THEN
    PERFORM pg_catalog.citus_schema_undistribute('citus_ext'::pg_catalog.regnamespace);
  END IF;
END
$local$;
-- Earlier builds named the public functions' parameters p_table, p_tenant_id, ...; now they are
-- named as Citus names its own (table_name, tenant_id, ...). CREATE OR REPLACE cannot rename a
-- parameter, so those functions go first (without CASCADE: an object of the user's that depends on
-- one stops the install and is named).
DO $renamed$
DECLARE
  v_function pg_catalog.regprocedure;
BEGIN
  FOR v_function IN
    SELECT p.oid::pg_catalog.regprocedure FROM pg_catalog.pg_proc p
     WHERE p.pronamespace OPERATOR(pg_catalog.=) 'citus_ext'::pg_catalog.regnamespace
       AND NOT p.proname OPERATOR(pg_catalog.~~) '\_%'
       AND p.proargnames::pg_catalog.text OPERATOR(pg_catalog.~) '[{,]p_'
  LOOP
    EXECUTE pg_catalog.format('DROP FUNCTION %s', v_function);
  END LOOP;
END
$renamed$;
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
  tenant_id     pg_catalog.text PRIMARY KEY,
  colocation_id pg_catalog.int4 NOT NULL,
  owner         pg_catalog.regrole NOT NULL DEFAULT CURRENT_USER::pg_catalog.regrole,
  created_at    pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE citus_ext.tenant IS 'Tenant id to the Citus colocation group of its single-shard tables.';

-- Anyone may read the registry and register a tenant of their own; only the owning role (or a
-- member of it) may change or remove a tenant. A row may point only at a colocation group whose
-- tables all belong to roles the writer is a member of: nobody registers a tenant in (and so
-- joins) a group of another role's tables.
-- Each install makes the library's policies anew. Dropping only those present (rather than
-- DROP POLICY IF EXISTS) keeps a first install free of "does not exist, skipping" notices, which
-- would show among the notices of the changeset or migration that installs the library.
DO $$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT pol.polname, c.relname
             FROM pg_catalog.pg_policy pol
             JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) pol.polrelid
             JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
            WHERE n.nspname OPERATOR(pg_catalog.=) 'citus_ext'
              AND c.relname OPERATOR(pg_catalog.=) ANY (ARRAY['tenant', 'move', 'pin'])
              -- The library's own policies only: a policy an administrator added stays.
              AND pol.polname OPERATOR(pg_catalog.=) ANY (ARRAY['tenant_read', 'tenant_register',
                    'tenant_update', 'tenant_remove', 'move_read', 'move_record', 'move_forget',
                    'pin_read', 'pin_own'])
  LOOP
    EXECUTE pg_catalog.format('DROP POLICY %I ON citus_ext.%I', p.polname, p.relname);
  END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON citus_ext.tenant TO PUBLIC;
ALTER TABLE citus_ext.tenant ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON citus_ext.tenant FOR SELECT USING (true);
CREATE POLICY tenant_register ON citus_ext.tenant FOR INSERT
  WITH CHECK (pg_catalog.pg_has_role(CURRENT_USER, owner, 'MEMBER')
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p
                                JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) p.logicalrelid
                               WHERE p.colocationid OPERATOR(pg_catalog.=) colocation_id
                                 AND NOT pg_catalog.pg_has_role(CURRENT_USER, c.relowner, 'MEMBER')));
CREATE POLICY tenant_update ON citus_ext.tenant FOR UPDATE
  USING (pg_catalog.pg_has_role(CURRENT_USER, owner, 'MEMBER'))
  WITH CHECK (pg_catalog.pg_has_role(CURRENT_USER, owner, 'MEMBER')
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition p
                                JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) p.logicalrelid
                               WHERE p.colocationid OPERATOR(pg_catalog.=) colocation_id
                                 AND NOT pg_catalog.pg_has_role(CURRENT_USER, c.relowner, 'MEMBER')));
CREATE POLICY tenant_remove ON citus_ext.tenant FOR DELETE
  USING (pg_catalog.pg_has_role(CURRENT_USER, owner, 'MEMBER'));

-- One row per move made through the library (move_tenant, move_schema): where the tenant came
-- from, so that move_back (a changelog's rollback) can return it there. Moves made by the
-- rebalancer or by Citus' own functions are not recorded.
CREATE TABLE IF NOT EXISTS citus_ext.move (
  move_id        pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind           pg_catalog.text NOT NULL CHECK (kind IN ('schema', 'tenant')),
  name           pg_catalog.text NOT NULL,
  from_node_name pg_catalog.text NOT NULL,
  from_node_port pg_catalog.int4 NOT NULL,
  to_node_name   pg_catalog.text NOT NULL,
  to_node_port   pg_catalog.int4 NOT NULL,
  moved_by       pg_catalog.regrole NOT NULL DEFAULT CURRENT_USER::pg_catalog.regrole,
  moved_at       pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE citus_ext.move IS 'Tenant and schema moves made through citus_ext: from where, to where, by whom.';
-- Anyone may read the record; a role records and forgets only its own moves.
GRANT SELECT, INSERT, DELETE ON citus_ext.move TO PUBLIC;
ALTER TABLE citus_ext.move ENABLE ROW LEVEL SECURITY;
CREATE POLICY move_read ON citus_ext.move FOR SELECT USING (true);
CREATE POLICY move_record ON citus_ext.move FOR INSERT
  WITH CHECK (pg_catalog.pg_has_role(CURRENT_USER, moved_by, 'MEMBER'));
CREATE POLICY move_forget ON citus_ext.move FOR DELETE
  USING (pg_catalog.pg_has_role(CURRENT_USER, moved_by, 'MEMBER'));

-- Tenants and schemas pinned to a node: the rebalance strategy citus_ext_pinned keeps each on its
-- node (and, for an exclusive pin, every unpinned group off that node). Only a role that owns the
-- tenant or schema (or is a member of its owner) may pin it.
CREATE TABLE IF NOT EXISTS citus_ext.pin (
  kind       pg_catalog.text NOT NULL CHECK (kind IN ('schema', 'tenant')),
  name       pg_catalog.text NOT NULL,
  node_name  pg_catalog.text NOT NULL,
  node_port  pg_catalog.int4 NOT NULL,
  exclusive  pg_catalog.bool NOT NULL DEFAULT false,
  pinned_by  pg_catalog.regrole NOT NULL DEFAULT CURRENT_USER::pg_catalog.regrole,
  pinned_at  pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (kind, name)
);
COMMENT ON TABLE citus_ext.pin IS 'Tenants and schemas kept on a node by the rebalance strategy citus_ext_pinned.';
GRANT SELECT, INSERT, UPDATE, DELETE ON citus_ext.pin TO PUBLIC;
ALTER TABLE citus_ext.pin ENABLE ROW LEVEL SECURITY;
CREATE POLICY pin_read ON citus_ext.pin FOR SELECT USING (true);
CREATE POLICY pin_own ON citus_ext.pin FOR ALL
  USING (pg_catalog.pg_has_role(CURRENT_USER, pinned_by, 'MEMBER'))
  WITH CHECK (pg_catalog.pg_has_role(CURRENT_USER, pinned_by, 'MEMBER')
              AND CASE kind
                    WHEN 'schema' THEN EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n
                                                WHERE n.nspname OPERATOR(pg_catalog.=) name
                                                  AND pg_catalog.pg_has_role(CURRENT_USER, n.nspowner, 'MEMBER'))
                    ELSE EXISTS (SELECT 1 FROM citus_ext.tenant t
                                  WHERE t.tenant_id OPERATOR(pg_catalog.=) name
                                    AND pg_catalog.pg_has_role(CURRENT_USER, t.owner, 'MEMBER'))
                  END);
