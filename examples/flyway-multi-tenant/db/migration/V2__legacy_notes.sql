-- A table that was made single-shard on its own, before it had a tenant (as the blog post's
-- flow does): V3 moves it to its tenant.
CREATE TABLE app.acme_notes (id bigint PRIMARY KEY, body text);
SELECT citus_ext.create_single_shard_table('app.acme_notes');
INSERT INTO app.acme_notes VALUES (1, 'kept through the move');
