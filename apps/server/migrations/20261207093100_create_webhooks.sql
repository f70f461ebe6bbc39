-- Outbound webhooks (AUTO-7, ADR 0014).
--
-- webhook_subscriptions: an administrator's subscription of a URL to some event types. The signing secret
-- (`whsec_` + base64) is sealed with the installation key (AES-256-GCM, platform/crypto) and only shown
-- when created or rotated. `disabled_reason` says why the server turned a subscription off (410 Gone).
CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  event_types jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  description text NOT NULL DEFAULT '',
  secret_enc text NOT NULL,
  disabled_reason text,
  version integer NOT NULL DEFAULT 1,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id)
);

-- webhook_deliveries: one row per (subscription, event), the message sent for it and the state of its
-- attempts. Rows are the queue: the dispatcher claims due rows (FOR UPDATE SKIP LOCKED) and commits the
-- claim (attempts + 1, status `sending`, a lease in next_attempt_at) before it sends, so an attempt is
-- sent at most once and a worker that dies mid-attempt leaves a row that is due again when its lease ends.
-- `body` is frozen at creation: every attempt sends the same bytes under the same webhook-id (the row id).
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  subscription_id uuid NOT NULL,
  event_id uuid,
  event_type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_response text,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id),
  FOREIGN KEY (account_id, subscription_id) REFERENCES webhook_subscriptions (account_id, id) ON DELETE CASCADE
);
-- The dispatcher's scan: due rows that still need an attempt.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'sending');
-- A subscription's delivery log, newest first.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (account_id, subscription_id, created_at DESC, id DESC);
