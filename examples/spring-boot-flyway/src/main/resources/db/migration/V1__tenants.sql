-- Each tenant's tables, of different shapes, created straight into the tenant's colocation
-- group on the tenant's node: no shard move, and they stay together when the cluster grows.
CREATE SCHEMA app;

CREATE TABLE app.acme_orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
SELECT citus_ext.create_single_shard_table('app.acme_orders', tenant_id => 'acme');
CREATE TABLE app.acme_customers (id bigint PRIMARY KEY, name text NOT NULL);
SELECT citus_ext.create_single_shard_table('app.acme_customers', tenant_id => 'acme');

CREATE TABLE app.globex_orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
SELECT citus_ext.create_single_shard_table('app.globex_orders', tenant_id => 'globex');
