-- Run once by the database owner: a login role and a distributed schema per service, as in
-- Citus' microservices tutorial. Each service then migrates its own schema as its own role
-- (db/user-service, db/time-service, db/ping-service), with flyway_schema_history inside it.
-- Passwords stay out of migrations: set them from your secret store (ALTER ROLE ... PASSWORD).
CREATE ROLE ${user_service} LOGIN;
CREATE SCHEMA ${user_service} AUTHORIZATION ${user_service};
SELECT citus_ext.distribute_schema('${user_service}');

CREATE ROLE ${time_service} LOGIN;
CREATE SCHEMA ${time_service} AUTHORIZATION ${time_service};
SELECT citus_ext.distribute_schema('${time_service}');

CREATE ROLE ${ping_service} LOGIN;
CREATE SCHEMA ${ping_service} AUTHORIZATION ${ping_service};
SELECT citus_ext.distribute_schema('${ping_service}');
