DROP INDEX CONCURRENTLY IF EXISTS orders_updated;
CREATE INDEX CONCURRENTLY orders_updated ON orders (updated);
