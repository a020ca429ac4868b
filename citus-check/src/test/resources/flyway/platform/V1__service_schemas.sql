-- A distributed schema per service, as the tutorial makes them.
CREATE SCHEMA ${orders};
SELECT citus_ext.distribute_schema('${orders}');
CREATE SCHEMA ${billing};
SELECT citus_ext.distribute_schema('${billing}');
