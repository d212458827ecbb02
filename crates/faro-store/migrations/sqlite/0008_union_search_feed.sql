-- Faro schema 8 (SQLite): the feed of the public search index (`Store::union_registry_changes`)
-- reads unions and agreements changed after an event number, in (updated_seq, id) order; a bulk
-- import gives thousands of rows the same updated_seq, hence the id.
CREATE INDEX unions_updated ON unions (updated_seq, id);
CREATE INDEX agreements_updated ON agreements (updated_seq, id);
