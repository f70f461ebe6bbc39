-- Working hours (CORE-11): the account's weekly schedule and users' own schedules, the base for "only in
-- working hours" robots and SLA timers. `days` is the weekly schedule as JSON, one entry per worked ISO
-- weekday: [{"weekday": 1, "intervals": [{"start": "09:00", "end": "18:00"}], "lunch": {"start": "13:00",
-- "end": "14:00"}}]. An account without a row works the built-in default (Monday–Friday 09:00–18:00, lunch
-- 13:00–14:00) in accounts.timezone; a user without a row works the account's hours. The production calendar
-- itself is data shipped with the code (modules/calendar/ru-production-calendar.json), not a table.

CREATE TABLE account_working_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
  use_production_calendar boolean NOT NULL DEFAULT true,
  days jsonb NOT NULL CHECK (jsonb_typeof(days) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id)
);

-- A user's own schedule, overriding the account's; its own time zone (a manager in Novosibirsk).
CREATE TABLE user_working_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  timezone text NOT NULL,
  use_production_calendar boolean NOT NULL DEFAULT true,
  days jsonb NOT NULL CHECK (jsonb_typeof(days) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  UNIQUE (account_id, user_id),
  FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id)
);
