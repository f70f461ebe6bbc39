-- deals: the kanban's per-stage counts and sums per currency read from the index alone (the currency joins
-- the key of deals_pipeline_idx), and the list's sorts by amount, last change and name served in index
-- order, so their keyset pages never sort every deal of the account. Keys end with id: the tiebreaker.
DROP INDEX deals_pipeline_idx;
CREATE INDEX deals_pipeline_idx ON deals (account_id, pipeline_id, stage_id, currency) INCLUDE (amount);
CREATE INDEX deals_amount_idx ON deals (account_id, amount, id);
CREATE INDEX deals_updated_idx ON deals (account_id, updated_at, id);
CREATE INDEX deals_name_idx ON deals (account_id, lower(name), id);
