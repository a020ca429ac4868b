-- The shape of a real public starter app's database, written for this test: the app's tables in a
-- public-facing schema, kept by triggers (timestamps, audit), and its secrets in a private schema
-- whose tables point back at them.
CREATE SCHEMA app_public;
CREATE SCHEMA app_private;
CREATE SCHEMA app_hidden;
CREATE FUNCTION app_private.tg__timestamps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := (CASE WHEN TG_OP = 'INSERT' THEN now() ELSE OLD.created_at END);
  NEW.updated_at := (CASE WHEN TG_OP = 'UPDATE' AND OLD.updated_at >= now() THEN OLD.updated_at + interval '1 millisecond' ELSE now() END);
  RETURN NEW;
END $$;
CREATE TABLE app_public.users (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  is_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now());
CREATE TRIGGER _100_timestamps BEFORE INSERT OR UPDATE ON app_public.users
  FOR EACH ROW EXECUTE PROCEDURE app_private.tg__timestamps();
CREATE TABLE app_public.user_emails (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_public.users ON DELETE CASCADE,
  email text NOT NULL,
  is_verified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, email));
CREATE TRIGGER _100_timestamps BEFORE INSERT OR UPDATE ON app_public.user_emails
  FOR EACH ROW EXECUTE PROCEDURE app_private.tg__timestamps();
CREATE TABLE app_public.organizations (id uuid PRIMARY KEY, slug text NOT NULL UNIQUE, name text NOT NULL);
CREATE TABLE app_public.organization_memberships (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES app_public.organizations ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES app_public.users ON DELETE CASCADE,
  UNIQUE (organization_id, user_id));
CREATE TABLE app_private.sessions (
  uuid uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_active timestamptz NOT NULL DEFAULT now());
CREATE TABLE app_private.user_secrets (
  user_id uuid PRIMARY KEY REFERENCES app_public.users ON DELETE CASCADE,
  password_hash text,
  failed_password_attempts int NOT NULL DEFAULT 0);
CREATE TABLE app_private.user_email_secrets (
  user_email_id uuid PRIMARY KEY REFERENCES app_public.user_emails ON DELETE CASCADE,
  verification_token text);
-- Added after users exists, as the app's migration does.
ALTER TABLE app_private.sessions ADD CONSTRAINT sessions_user_id_fkey
  FOREIGN KEY (user_id) REFERENCES app_public.users ON DELETE CASCADE;
