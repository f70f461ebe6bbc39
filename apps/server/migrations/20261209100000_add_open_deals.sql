-- Access rights (ADR 0018): a deal "open to all" ("Доступен для всех") is seen at the `open` level by everyone
-- whose role reaches it, whoever is responsible.
ALTER TABLE deals ADD COLUMN is_open boolean NOT NULL DEFAULT false;

-- The kanban's counts and sums read this index alone (an index-only scan); a member's visibility filter reads
-- the responsible and the flag, so they are carried too — otherwise every deal of the pipeline is fetched.
DROP INDEX deals_pipeline_idx;
CREATE INDEX deals_pipeline_idx ON deals (account_id, pipeline_id, stage_id, currency)
  INCLUDE (amount, responsible_user_id, is_open);
