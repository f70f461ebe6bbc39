-- Reference lists (CORE-5): sources, contact types, company types, industries, loss reasons — editable
-- and ordered per account (new accounts get defaults; older ones start empty and fill them in). A removed
-- item is archived, not deleted: records that point at it keep their value, and it leaves the pickers.

CREATE TABLE reference_list_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  list text NOT NULL CHECK (list IN ('sources', 'contact_types', 'company_types', 'industries', 'loss_reasons')),
  name text NOT NULL,
  position integer NOT NULL,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id)
);
CREATE INDEX reference_list_items_list_idx ON reference_list_items (account_id, list, position);
-- Names are unique among an account's live items of one list (case-insensitive).
CREATE UNIQUE INDEX reference_list_items_name_idx
  ON reference_list_items (account_id, list, lower(name)) WHERE archived_at IS NULL;
