-- intake: web forms, incoming requests (the Unsorted inbox), the account's repeat-detection settings and the
-- response SLA per pipeline.

CREATE TABLE intake_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  pipeline_id uuid NOT NULL,
  responsible_user_id uuid NOT NULL,
  fields jsonb NOT NULL,
  consent_required boolean NOT NULL DEFAULT false,
  consent_text text NOT NULL DEFAULT '',
  thank_you_text text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  -- Installation-wide: the public URL names the form by this key alone.
  public_key text NOT NULL UNIQUE,
  -- Honeypot hits (counted outside any transaction; real submissions are counted from intake_requests,
  -- so concurrent submissions of one form never wait for each other on this row).
  spam_count integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  UNIQUE (account_id, name),
  FOREIGN KEY (account_id, pipeline_id) REFERENCES pipelines (account_id, id),
  FOREIGN KEY (account_id, responsible_user_id) REFERENCES users (account_id, id)
);

CREATE TABLE intake_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- The deal the request created or joined (a linked request moves to the deal it was linked to).
  deal_id uuid NOT NULL,
  form_id uuid REFERENCES intake_forms (id) ON DELETE SET NULL,
  source text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('new', 'repeat', 'joined')),
  contact_id uuid,
  company_name text,
  message text NOT NULL DEFAULT '',
  utm jsonb NOT NULL DEFAULT '{}'::jsonb,
  referrer text,
  page_url text,
  duplicate_contact_ids uuid[] NOT NULL DEFAULT '{}',
  duplicate_deal_ids uuid[] NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL,
  sla_due_at timestamptz,
  responded_at timestamptz,
  responded_by uuid,
  escalated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE SET NULL (contact_id)
);
-- The inbox: oldest first.
CREATE INDEX intake_requests_received_idx ON intake_requests (account_id, received_at, id);
CREATE INDEX intake_requests_deal_idx ON intake_requests (account_id, deal_id);
CREATE INDEX intake_requests_form_idx ON intake_requests (account_id, form_id);
-- The due check: requests still waiting for their first reply.
CREATE INDEX intake_requests_waiting_idx ON intake_requests (sla_due_at)
  WHERE responded_at IS NULL AND escalated_at IS NULL AND sla_due_at IS NOT NULL;

CREATE TABLE intake_settings (
  account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  repeat_detection boolean NOT NULL DEFAULT true,
  repeat_exceptions text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intake_sla_policies (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  pipeline_id uuid NOT NULL,
  minutes integer NOT NULL CHECK (minutes > 0),
  working_hours boolean NOT NULL DEFAULT false,
  reassign_to_head boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, pipeline_id),
  FOREIGN KEY (account_id, pipeline_id) REFERENCES pipelines (account_id, id) ON DELETE CASCADE
);
