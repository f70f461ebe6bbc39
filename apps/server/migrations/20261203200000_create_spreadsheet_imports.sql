-- Spreadsheet imports (MIGR-6): a CSV / XLSX file of contacts, companies, deals or leads, its column mapping,
-- and the job that writes it in batches. `content` keeps the uploaded bytes (the job re-reads them; they are
-- dropped when the import is undone). `processed_rows` is the checkpoint: it commits with each batch's writes,
-- so a job resumed after a crash starts at the first row not yet written.

CREATE TABLE spreadsheet_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_by uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('contacts', 'companies', 'deals', 'leads')),
  file_name text NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  encoding text,
  delimiter text,
  content bytea,
  headers jsonb NOT NULL,
  header_signature text NOT NULL,
  total_rows integer NOT NULL,
  mapping jsonb NOT NULL,
  mapping_source text NOT NULL CHECK (mapping_source IN ('guessed', 'saved', 'user')),
  duplicate_rule text NOT NULL DEFAULT 'skip' CHECK (duplicate_rule IN ('skip', 'update', 'create')),
  duplicate_keys jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'queued', 'running', 'completed', 'failed', 'undoing', 'undone')),
  processed_rows integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  undone_at timestamptz,
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id)
);
CREATE INDEX spreadsheet_imports_list_idx ON spreadsheet_imports (account_id, created_at DESC);

-- One row per data row written: its outcome, the record it created or updated, the record's state before an
-- update (what undo restores) and why a row was skipped or failed. `undone` marks rows undo has handled, so an
-- interrupted undo resumes where it stopped.
CREATE TABLE spreadsheet_import_rows (
  account_id uuid NOT NULL,
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('created', 'updated', 'skipped', 'failed')),
  record_id uuid,
  prior jsonb,
  reason text,
  undone boolean NOT NULL DEFAULT false,
  PRIMARY KEY (import_id, row_number),
  FOREIGN KEY (account_id, import_id) REFERENCES spreadsheet_imports (account_id, id) ON DELETE CASCADE
);
CREATE INDEX spreadsheet_import_rows_undo_idx ON spreadsheet_import_rows (import_id, row_number)
  WHERE outcome IN ('created', 'updated') AND NOT undone;

-- The mapping last used for a header row, per account and entity: the next file with the same headers is
-- pre-mapped with it.
CREATE TABLE spreadsheet_mappings (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  entity text NOT NULL,
  header_signature text NOT NULL,
  mapping jsonb NOT NULL,
  duplicate_rule text NOT NULL,
  duplicate_keys jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, entity, header_signature)
);
