-- The transactional outbox: every service writes its domain event here in the same transaction as the
-- change. The dispatcher (pg-boss) hands each event to every subscriber; event_deliveries records a
-- subscriber's delivery in the subscriber's own transaction, so a redelivery after a crash is a no-op.

CREATE TABLE domain_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  actor_user_id uuid,
  source text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id)
);
CREATE INDEX domain_events_account_seq_idx ON domain_events (account_id, seq);
CREATE INDEX domain_events_undispatched_idx ON domain_events (seq) WHERE dispatched_at IS NULL;

CREATE TABLE event_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  event_id uuid NOT NULL,
  subscriber text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, subscriber),
  FOREIGN KEY (account_id, event_id) REFERENCES domain_events (account_id, id) ON DELETE CASCADE
);
