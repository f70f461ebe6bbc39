-- Deal copy (AUTO-3, seed 002; ADR 0016). `deal_copies` links a copy to its original. A plain copy stores
-- both ids, so both cards show the link. An anonymized copy stores only the original and the fact that a copy
-- was made (copy_deal_id NULL): nothing in the database leads from the copy back to the original's people.
CREATE TABLE deal_copies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  source_deal_id uuid NOT NULL,
  copy_deal_id uuid,
  anonymized boolean NOT NULL,
  preset_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, source_deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, copy_deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id),
  CHECK (anonymized = (copy_deal_id IS NULL))
);
CREATE INDEX deal_copies_source_idx ON deal_copies (account_id, source_deal_id, created_at);
CREATE UNIQUE INDEX deal_copies_copy_idx ON deal_copies (account_id, copy_deal_id) WHERE copy_deal_id IS NOT NULL;

-- Named copy options per account (seed 002's hand-off, post-sale and renewal scenarios), used by the card
-- dialog and by robots / triggers. `options` is the API's DealCopyOptions, validated by the service.
CREATE TABLE deal_copy_presets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id)
);
CREATE UNIQUE INDEX deal_copy_presets_name_idx ON deal_copy_presets (account_id, lower(name));
