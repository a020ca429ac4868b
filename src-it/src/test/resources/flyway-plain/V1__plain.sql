CREATE TABLE plain_notes (id bigint PRIMARY KEY, note text);
