CREATE TABLE ping_results (
  id bigserial PRIMARY KEY,
  host text NOT NULL,
  result text NOT NULL
);
