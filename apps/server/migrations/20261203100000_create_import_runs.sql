-- Migration runs from a source CRM (MIGR-2..5, ADR 0012 decision 5).
--
-- import_runs: one row per run (a data check, then the run itself). `checkpoint` says, per step, how many
-- source items were consumed (`{"companies": {"offset": 500, "done": false}, ...}`); it is written in the
-- same transaction as the page's records, so a run killed at any point resumes exactly where its last
-- committed page ended. `lease_until` is the heartbeat of the worker running it: another worker takes the
-- run over only after it lapses.
CREATE TABLE import_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  connection_id uuid,
  source text NOT NULL CHECK (source IN ('amocrm')),
  -- The portal the run reads from: the external-id map is per portal, and outlives the connection row.
  portal text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('full', 'sync')),
  -- For a delta re-sync: the run whose selection it copied, and the source time it reads changes from.
  parent_run_id uuid,
  updated_since timestamptz,
  selection jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'checking', 'ready', 'running', 'stopping', 'stopped',
    'failed', 'cancelled', 'completed', 'confirmed', 'rolling_back', 'rolled_back')),
  -- Bumped by every change of the selection: a data check of an older selection is discarded.
  check_generation integer NOT NULL DEFAULT 0,
  check_result jsonb,
  current_step text,
  checkpoint jsonb NOT NULL DEFAULT '{}',
  total integer NOT NULL DEFAULT 0,
  migrated integer NOT NULL DEFAULT 0,
  added integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  error text,
  error_code text,
  created_by uuid,
  lease_until timestamptz,
  progress_event_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  confirm_by timestamptz,
  confirmed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, connection_id) REFERENCES import_connections (account_id, id)
    ON DELETE SET NULL (connection_id),
  FOREIGN KEY (account_id, parent_run_id) REFERENCES import_runs (account_id, id)
    ON DELETE SET NULL (parent_run_id),
  FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id)
);
CREATE INDEX import_runs_account_idx ON import_runs (account_id, created_at DESC, id DESC);
-- The resume pass on start looks for runs a dead worker left behind.
CREATE INDEX import_runs_active_idx ON import_runs (status)
  WHERE status IN ('checking', 'running', 'stopping', 'rolling_back');

-- Every source record a run brought over → the Voronka record it became. One row per source record of a
-- portal (re-runs and delta re-syncs find it and update instead of creating a duplicate). `run_id` is the
-- last run that wrote the record: `action` says whether that run created it or updated it, and for an
-- update `prior_state` is the record as it was before (what "Delete migrated data" restores);
-- `created_run_id` is the run that created it (the row goes back to it when an update is rolled back).
CREATE TABLE import_external_ids (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  source text NOT NULL,
  portal text NOT NULL,
  source_entity text NOT NULL,
  source_id text NOT NULL,
  source_updated_at bigint,
  target_entity text NOT NULL,
  target_id uuid NOT NULL,
  run_id uuid NOT NULL,
  created_run_id uuid,
  action text NOT NULL CHECK (action IN ('created', 'updated')),
  prior_state jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, source, portal, source_entity, source_id),
  FOREIGN KEY (account_id, run_id) REFERENCES import_runs (account_id, id) ON DELETE CASCADE
);
CREATE INDEX import_external_ids_run_idx ON import_external_ids (account_id, run_id, source_entity);
CREATE INDEX import_external_ids_target_idx ON import_external_ids (account_id, target_entity, target_id);

-- The run's live log (keyset by seq) and its report of records not migrated.
CREATE TABLE import_run_log (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id uuid NOT NULL,
  run_id uuid NOT NULL,
  level text NOT NULL CHECK (level IN ('info', 'warning', 'error')),
  message text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, run_id) REFERENCES import_runs (account_id, id) ON DELETE CASCADE
);
CREATE INDEX import_run_log_run_idx ON import_run_log (run_id, seq);

CREATE TABLE import_run_failures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  run_id uuid NOT NULL,
  entity text NOT NULL,
  source_id text NOT NULL,
  name text,
  reason text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, entity, source_id),
  FOREIGN KEY (account_id, run_id) REFERENCES import_runs (account_id, id) ON DELETE CASCADE
);
CREATE INDEX import_run_failures_run_idx ON import_run_failures (account_id, run_id, at, id);
