-- Card layouts (CORE-7 "configurable card sections"): how the fields panel of a deal, lead, contact or
-- company card is arranged, one layout per account and entity. `sections` holds [{id, title, fields}] and
-- `hidden` the hidden field keys, as the contracts' cardLayoutSchema names them (a standard field or
-- `cf:<custom field id>`; the service drops keys of deleted custom fields when it reads them). No row: the
-- account keeps the default layout (version 0 in the API).

CREATE TABLE card_layouts (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  entity text NOT NULL CHECK (entity IN ('deal', 'lead', 'contact', 'company')),
  sections jsonb NOT NULL,
  hidden jsonb NOT NULL DEFAULT '[]'::jsonb,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  PRIMARY KEY (account_id, entity),
  FOREIGN KEY (account_id, updated_by) REFERENCES users (account_id, id)
);
