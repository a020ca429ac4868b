CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    order_id bigint REFERENCES orders.orders (id)
);
