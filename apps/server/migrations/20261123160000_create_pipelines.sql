-- Pipelines and their stages (CORE-1). Every pipeline has the system stages Unsorted (first), Won and
-- Lost (last two); open stages sit between them in `position` order. Every account has exactly one
-- default pipeline, which can be renamed but not deleted.

CREATE TABLE pipelines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  position integer NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id)
);
CREATE UNIQUE INDEX pipelines_one_default_idx ON pipelines (account_id) WHERE is_default;
CREATE INDEX pipelines_account_position_idx ON pipelines (account_id, position);

CREATE TABLE stages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  name text NOT NULL,
  color text NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
  kind text NOT NULL CHECK (kind IN ('unsorted', 'open', 'won', 'lost')),
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  -- Records reference (account_id, pipeline_id, stage_id), so a stage of another pipeline is refused.
  UNIQUE (account_id, pipeline_id, id),
  FOREIGN KEY (account_id, pipeline_id) REFERENCES pipelines (account_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX stages_one_system_kind_idx ON stages (pipeline_id, kind) WHERE kind <> 'open';
CREATE INDEX stages_pipeline_position_idx ON stages (account_id, pipeline_id, position);

-- Accounts created before pipelines existed get their default pipeline here, in their language.
WITH created AS (
  INSERT INTO pipelines (account_id, name, position, is_default)
  SELECT id, CASE WHEN locale = 'en' THEN 'Sales' ELSE 'Продажи' END, 0, true FROM accounts
  RETURNING id, account_id
)
INSERT INTO stages (account_id, pipeline_id, name, color, kind, position)
SELECT c.account_id, c.id, s.name, s.color, s.kind, s.position
FROM created c
JOIN accounts a ON a.id = c.account_id
CROSS JOIN LATERAL (
  VALUES
    (CASE WHEN a.locale = 'en' THEN 'Incoming' ELSE 'Неразобранное' END, '#c1c7d0', 'unsorted', 0),
    (CASE WHEN a.locale = 'en' THEN 'Initial contact' ELSE 'Первичный контакт' END, '#99ccff', 'open', 1),
    (CASE WHEN a.locale = 'en' THEN 'Negotiation' ELSE 'Переговоры' END, '#ffcc66', 'open', 2),
    (CASE WHEN a.locale = 'en' THEN 'Decision making' ELSE 'Принимают решение' END, '#ffcc99', 'open', 3),
    (CASE WHEN a.locale = 'en' THEN 'Contract' ELSE 'Согласование договора' END, '#ff9999', 'open', 4),
    (CASE WHEN a.locale = 'en' THEN 'Won' ELSE 'Успешно реализовано' END, '#ccff66', 'won', 5),
    (CASE WHEN a.locale = 'en' THEN 'Lost' ELSE 'Закрыто и не реализовано' END, '#d5d8db', 'lost', 6)
) AS s (name, color, kind, position);
