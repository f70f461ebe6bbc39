-- Access rights (ADR 0018): roles as a matrix, their assignments and user groups.

CREATE TABLE access_roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- The default role this row was created as; null for a role the account added.
  code text CHECK (code IN ('manager', 'head', 'director', 'administrator')),
  name text NOT NULL,
  permissions jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  UNIQUE (account_id, code),
  UNIQUE (account_id, name)
);

CREATE TABLE user_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  UNIQUE (account_id, name)
);

CREATE TABLE user_group_members (
  account_id uuid NOT NULL,
  group_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (account_id, group_id, user_id),
  FOREIGN KEY (account_id, group_id) REFERENCES user_groups (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE
);
CREATE INDEX user_group_members_user_idx ON user_group_members (account_id, user_id);

CREATE TABLE access_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  role_id uuid NOT NULL,
  subject_kind text NOT NULL CHECK (subject_kind IN ('everyone', 'user', 'department', 'department_tree', 'group')),
  -- A user, department or group of the account; null for `everyone`.
  subject_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, role_id) REFERENCES access_roles (account_id, id) ON DELETE CASCADE,
  CHECK ((subject_kind = 'everyone') = (subject_id IS NULL))
);
CREATE UNIQUE INDEX access_assignments_unique_idx
  ON access_assignments (account_id, role_id, subject_kind, COALESCE(subject_id, '00000000-0000-0000-0000-000000000000'));

