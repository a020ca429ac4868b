-- Small tables of different shapes that belong to one tenant live together: each is created
-- straight into its tenant's colocation group, on the tenant's node (no shard move), and the
-- rebalancer moves a tenant's tables as one.
CREATE SCHEMA app;

CREATE TABLE app.acme_orders (id bigint PRIMARY KEY, placed_at timestamptz NOT NULL, total numeric(12,2));
SELECT citus_ext.create_single_shard_table('app.acme_orders', tenant_id => 'acme');
CREATE TABLE app.acme_invoices (id bigint PRIMARY KEY, order_id bigint NOT NULL, pdf bytea);
SELECT citus_ext.create_single_shard_table('app.acme_invoices', tenant_id => 'acme');

CREATE TABLE app.globex_orders (id bigint PRIMARY KEY, placed_at timestamptz NOT NULL, total numeric(12,2));
SELECT citus_ext.create_single_shard_table('app.globex_orders', tenant_id => 'globex');
CREATE TABLE app.globex_events (id bigint PRIMARY KEY, payload jsonb NOT NULL);
SELECT citus_ext.create_single_shard_table('app.globex_events', tenant_id => 'globex');
