CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER stamp BEFORE UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION stamp();
