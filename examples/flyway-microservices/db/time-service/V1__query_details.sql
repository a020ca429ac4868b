CREATE TABLE query_details (
  id bigserial PRIMARY KEY,
  ip_address inet NOT NULL,
  query_time timestamptz NOT NULL
);
