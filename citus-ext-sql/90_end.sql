-- citus_ext: the end of an install. 00_schema.sql pinned the search path for the installing
-- transaction; the caller's own is back for what follows in that transaction.
SELECT pg_catalog.set_config('search_path', pg_catalog.current_setting('citus_ext.caller_search_path'), true);
