-- The user service's tables, in its distributed schema (Flyway's default schema): Citus makes
-- each a single-shard table of the schema, on the schema's node.
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL
);
