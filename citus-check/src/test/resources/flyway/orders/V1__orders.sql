CREATE TABLE orders (
    id bigint PRIMARY KEY,
    updated timestamptz
);
