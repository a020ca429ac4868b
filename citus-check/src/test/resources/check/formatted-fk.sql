--liquibase formatted sql

--changeset t:schemas
SET citus.enable_schema_based_sharding TO on;
CREATE SCHEMA orders;
CREATE SCHEMA billing;
RESET citus.enable_schema_based_sharding;
CREATE TABLE orders.orders (id bigint PRIMARY KEY);

--changeset t:invoices
--comment: the invoice of an order
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    order_id bigint REFERENCES orders.orders (id)
);
