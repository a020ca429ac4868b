CREATE INDEX CONCURRENTLY orders_updated ON orders (updated);
