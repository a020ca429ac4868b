-- An online move (logical replication, writes go on) must be alone in its transaction: this
-- script runs outside one (V3__move_notes_to_acme.sql.conf: executeInTransaction=false).
SELECT citus_ext.colocate_with_tenant('app.acme_notes', 'acme', shard_transfer_mode => 'auto');
