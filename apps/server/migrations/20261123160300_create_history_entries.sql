-- The change history (CORE-7): one entry per domain event, written by the history subscriber — who, when,
-- through what (ui, api, import, automation…), and for changes the fields' old → new values. Kept apart
-- from domain_events so the outbox can be pruned while the history stays.

CREATE TABLE history_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  event_id uuid NOT NULL,
  seq bigint NOT NULL,
  type text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  actor_user_id uuid,
  source text NOT NULL,
  changes jsonb,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, event_id)
);
-- A record's history, newest first, paged by seq.
CREATE INDEX history_entries_record_idx ON history_entries (account_id, entity, entity_id, seq DESC);
CREATE INDEX history_entries_account_idx ON history_entries (account_id, seq DESC);
