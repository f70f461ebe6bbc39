-- Saved views (CORE-9 "saved filters"): a user's named list filters, sort, visible columns and (deals) mode.
-- A view belongs to its owner; a shared one is seen by the whole account. `filter` keeps the entity's list
-- query parameters as sent (the service validates them per entity), so the web app puts them back as is.

CREATE TABLE saved_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  owner_user_id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('deals', 'leads', 'contacts', 'companies')),
  name text NOT NULL,
  filter jsonb NOT NULL DEFAULT '{}'::jsonb,
  sort jsonb,
  columns jsonb NOT NULL DEFAULT '[]'::jsonb,
  mode text CHECK (mode IN ('kanban', 'list', 'calendar')),
  shared boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, owner_user_id) REFERENCES users (account_id, id),
  -- Only deals have modes.
  CHECK (mode IS NULL OR entity = 'deals')
);
-- One name per owner and entity (any case), so "save as" cannot make two views nobody can tell apart.
CREATE UNIQUE INDEX saved_views_name_idx ON saved_views (account_id, owner_user_id, entity, lower(name));
-- The list: a user's own views and the account's shared ones, per entity.
CREATE INDEX saved_views_shared_idx ON saved_views (account_id, entity) WHERE shared;

-- Each user's default view per entity (their own or a shared one).
CREATE TABLE saved_view_defaults (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  entity text NOT NULL,
  view_id uuid NOT NULL,
  PRIMARY KEY (account_id, user_id, entity),
  FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, view_id) REFERENCES saved_views (account_id, id) ON DELETE CASCADE
);
CREATE INDEX saved_view_defaults_view_idx ON saved_view_defaults (account_id, view_id);
