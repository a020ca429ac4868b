-- The shape of a real public app's database (an auth service and a file store, each in a schema
-- of its own, as hosted backends lay them out), written for this test: the file store's tables
-- point at the auth service's users; roles own the schemas; extensions live in a schema of their
-- own; row-level security on the files.
CREATE ROLE advise_auth_admin NOLOGIN;
CREATE ROLE advise_storage_admin NOLOGIN;
CREATE SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;

CREATE SCHEMA auth AUTHORIZATION advise_auth_admin;
CREATE TABLE auth.users (
  instance_id uuid,
  id uuid PRIMARY KEY,
  aud varchar(255),
  role varchar(255),
  email varchar(255) UNIQUE,
  encrypted_password varchar(255),
  confirmed_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  created_at timestamptz,
  updated_at timestamptz);
CREATE TABLE auth.refresh_tokens (
  instance_id uuid,
  id bigserial PRIMARY KEY,
  token varchar(255),
  user_id varchar(255),
  revoked boolean,
  created_at timestamptz,
  updated_at timestamptz);
CREATE INDEX refresh_tokens_token_idx ON auth.refresh_tokens (token);
CREATE TABLE auth.instances (id uuid PRIMARY KEY, raw_base_config text, created_at timestamptz);
CREATE TABLE auth.audit_log_entries (instance_id uuid, id uuid PRIMARY KEY, payload json, created_at timestamptz);
CREATE TABLE auth.schema_migrations (version varchar(255) PRIMARY KEY);
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;

CREATE SCHEMA storage AUTHORIZATION advise_storage_admin;
CREATE TABLE storage.buckets (
  id text PRIMARY KEY,
  name text NOT NULL,
  owner uuid REFERENCES auth.users (id),
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now());
CREATE UNIQUE INDEX bname ON storage.buckets USING btree (name);
CREATE TABLE storage.objects (
  id uuid NOT NULL DEFAULT extensions.gen_random_uuid() PRIMARY KEY,
  bucket_id text REFERENCES storage.buckets (id),
  name text,
  owner uuid REFERENCES auth.users (id),
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  last_accessed_at timestamptz DEFAULT now(),
  metadata jsonb);
CREATE UNIQUE INDEX bucketid_objname ON storage.objects USING btree (bucket_id, name);
CREATE INDEX name_prefix_search ON storage.objects (name text_pattern_ops);
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
CREATE POLICY objects_owner ON storage.objects USING (owner = auth.uid());
CREATE TABLE storage.migrations (
  id integer PRIMARY KEY,
  name varchar(100) UNIQUE NOT NULL,
  hash varchar(40) NOT NULL,
  executed_at timestamptz DEFAULT current_timestamp);

-- Billing, named in capitals as some teams do: quoted everywhere.
CREATE SCHEMA "Billing";
CREATE TABLE "Billing"."Invoices" (id bigint PRIMARY KEY, owner uuid);
CREATE TABLE "Billing"."Lines" (
  id bigint PRIMARY KEY,
  invoice bigint REFERENCES "Billing"."Invoices" (id) ON DELETE CASCADE,
  amount numeric);
