-- Why a record was not migrated, as a code with parameters (rendered in the reader's language: the report is
-- read by Russian users). `reason` keeps the English text; rows written before codes have code NULL.
ALTER TABLE import_run_failures ADD COLUMN code text;
ALTER TABLE import_run_failures ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb;
