-- An app on plain PostgreSQL: three services' schemas, one shared lookup schema, the app's
-- public tables, a cross-schema foreign key that blocks a schema, and a trigger.
CREATE SCHEMA lookup;
CREATE TABLE lookup.countries (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE lookup.currencies (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE lookup.regions (id int PRIMARY KEY, country text NOT NULL REFERENCES lookup.countries (code) ON DELETE CASCADE);
INSERT INTO lookup.countries VALUES ('NL', 'Netherlands'), ('DE', 'Germany');
INSERT INTO lookup.currencies VALUES ('EUR', 'Euro');

CREATE SCHEMA user_service;
CREATE TABLE user_service.users (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  country text REFERENCES lookup.countries (code));
CREATE TABLE user_service.logins (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES user_service.users (id),
  at timestamptz NOT NULL DEFAULT now());

CREATE SCHEMA time_service;
CREATE TABLE time_service.zones (id serial PRIMARY KEY, name text NOT NULL, country text REFERENCES lookup.countries (code));
CREATE TABLE time_service.prices (id bigserial PRIMARY KEY, currency text REFERENCES lookup.currencies (code), amount numeric);
CREATE FUNCTION time_service.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.amount := coalesce(NEW.amount, 0); RETURN NEW; END $$;
CREATE TRIGGER prices_touch BEFORE INSERT ON time_service.prices FOR EACH ROW EXECUTE FUNCTION time_service.touch();

CREATE SCHEMA ping_service;
CREATE TABLE ping_service.pings (id bigserial PRIMARY KEY, host text NOT NULL, at timestamptz DEFAULT now());
CREATE TABLE ping_service.results (ping_id bigint REFERENCES ping_service.pings (id), ok boolean);

-- The app's own table in public points into ping_service: it keeps ping_service on the coordinator.
CREATE TABLE public.reports (id bigserial PRIMARY KEY, ping_id bigint REFERENCES ping_service.pings (id));
