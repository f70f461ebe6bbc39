-- Contacts (CORE-4) and their typed multi-value channels. Phones keep what was written and its E.164
-- form (found however the number is typed); e-mails their lower-case form. `search` is maintained by the
-- service: the names and position stemmed in Russian and English, plus e-mails as plain words.

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  first_name text,
  last_name text,
  middle_name text,
  position text,
  address text,
  comment text,
  responsible_user_id uuid,
  search tsvector NOT NULL DEFAULT ''::tsvector,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, responsible_user_id) REFERENCES users (account_id, id)
);
-- The list's order (newest first) and its keyset.
CREATE INDEX contacts_list_idx ON contacts (account_id, created_at DESC, id DESC);
CREATE INDEX contacts_responsible_idx ON contacts (account_id, responsible_user_id, created_at DESC, id DESC);
CREATE INDEX contacts_search_idx ON contacts USING gin (search);

CREATE TABLE contact_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('phone', 'email', 'site', 'messenger')),
  type text NOT NULL,
  value text NOT NULL,
  normalized text NOT NULL,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_channels_contact_idx ON contact_channels (account_id, contact_id, kind, position);
-- Finding a contact (and its duplicates) by phone or e-mail.
CREATE INDEX contact_channels_lookup_idx ON contact_channels (account_id, kind, normalized);
