-- Custom field definitions (CORE-6). The definition as the contracts' registry validates it lives in
-- `definition` (settings, flags, default, pipeline set, required-from stages); the columns beside it are
-- what queries select and sort by. Values (on records, with a typed index table) come with the records.

CREATE TABLE custom_fields (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  entity text NOT NULL CHECK (entity IN ('deal', 'lead', 'contact', 'company')),
  type text NOT NULL,
  code text,
  sort integer NOT NULL DEFAULT 500,
  definition jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id)
);
CREATE INDEX custom_fields_entity_idx ON custom_fields (account_id, entity, sort);
CREATE UNIQUE INDEX custom_fields_code_idx ON custom_fields (account_id, entity, code) WHERE code IS NOT NULL;
