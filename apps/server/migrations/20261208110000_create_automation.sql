-- Robots and triggers (issue 6, AUTO-1/AUTO-2; ADR 0017).

-- How deep in a chain of automations an event was caused: 0 by a person, an import or the system; n by a
-- robot or trigger that ran for an event of depth n - 1. Loop protection reads it.
ALTER TABLE domain_events ADD COLUMN chain_depth smallint NOT NULL DEFAULT 0;

-- A robot belongs to a stage of a pipeline and runs when a deal enters it; a trigger fires on an event
-- (deal created, stage entered, field changed, task done, comment added), optionally only in one pipeline.
CREATE TABLE automation_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('robot', 'trigger')),
  pipeline_id uuid,
  stage_id uuid,
  trigger_event text CHECK (
    trigger_event IN ('deal_created', 'stage_entered', 'field_changed', 'task_done', 'comment_added')
  ),
  trigger_field text,
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  action jsonb NOT NULL,
  timing jsonb NOT NULL DEFAULT '{"kind":"immediately"}'::jsonb,
  conditions jsonb,
  active boolean NOT NULL DEFAULT true,
  -- The next member of a round-robin queue (change responsible): kept with the rule, advanced in the run's
  -- transaction.
  rotation_next integer NOT NULL DEFAULT 0,
  created_by uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, pipeline_id) REFERENCES pipelines (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, stage_id) REFERENCES stages (account_id, id) ON DELETE CASCADE,
  CHECK (kind = 'trigger' OR (stage_id IS NOT NULL AND pipeline_id IS NOT NULL)),
  CHECK (kind = 'robot' OR trigger_event IS NOT NULL)
);
CREATE INDEX automation_rules_stage_idx ON automation_rules (account_id, stage_id, position);
CREATE INDEX automation_rules_trigger_idx ON automation_rules (account_id, trigger_event) WHERE kind = 'trigger';

-- One run of a rule for a deal: planned, then done / failed / skipped (conditions not met) / cancelled
-- (the deal left the stage or was deleted). Waiting: after the previous robot, not yet planned.
CREATE TABLE automation_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  rule_id uuid NOT NULL,
  deal_id uuid NOT NULL,
  event_id uuid,
  depth smallint NOT NULL DEFAULT 1,
  status text NOT NULL CHECK (status IN ('waiting', 'planned', 'done', 'failed', 'skipped', 'cancelled')),
  -- Bumped when the run is planned again (its date field moved): a job of an older plan does nothing.
  plan_version integer NOT NULL DEFAULT 1,
  planned_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  attempt integer NOT NULL DEFAULT 0,
  result jsonb,
  error text,
  after_run_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, rule_id) REFERENCES automation_rules (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE
);
CREATE INDEX automation_runs_deal_idx ON automation_runs (account_id, deal_id, created_at DESC);
CREATE INDEX automation_runs_due_idx ON automation_runs (planned_at) WHERE status = 'planned';
CREATE INDEX automation_runs_after_idx ON automation_runs (account_id, after_run_id) WHERE status = 'waiting';
