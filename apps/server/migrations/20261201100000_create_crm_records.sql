-- The CRM's records (CORE-2..8, CORE-10): companies, leads, deals with their contacts, line items and stage
-- history, tasks, the timeline with files, custom-field values, and merges (with what undo needs). Created in
-- one migration because they reference each other; each table is owned by one module (named per table).
--
-- Conventions as elsewhere: `account_id` on every table, composite (account_id, x) foreign keys so a record
-- never points into another account, `version` on records edited with If-Match, `custom_fields` holds the
-- canonical values written by the custom-fields module, which also indexes them in custom_field_values.

-- custom-fields: one row per value element, for filtering and sorting by index (packages/contracts
-- custom-fields README). `record_id` points into contacts, companies, leads or deals.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE custom_field_values (
  account_id uuid NOT NULL,
  field_id uuid NOT NULL,
  record_id uuid NOT NULL,
  ordinal smallint NOT NULL,
  value_text text,
  value_number numeric,
  value_date date,
  value_datetime timestamptz,
  value_bool boolean,
  value_ref uuid,
  PRIMARY KEY (account_id, field_id, record_id, ordinal),
  FOREIGN KEY (account_id, field_id) REFERENCES custom_fields (account_id, id) ON DELETE CASCADE
);
CREATE INDEX custom_field_values_record_idx ON custom_field_values (account_id, record_id);
-- A B-tree entry holds ~2,700 bytes at most: text is indexed (and sorted) by a prefix.
CREATE INDEX custom_field_values_text_idx
  ON custom_field_values (account_id, field_id, left(value_text, 200), record_id) WHERE value_text IS NOT NULL;
CREATE INDEX custom_field_values_number_idx
  ON custom_field_values (account_id, field_id, value_number, record_id) WHERE value_number IS NOT NULL;
CREATE INDEX custom_field_values_date_idx
  ON custom_field_values (account_id, field_id, value_date, record_id) WHERE value_date IS NOT NULL;
CREATE INDEX custom_field_values_datetime_idx
  ON custom_field_values (account_id, field_id, value_datetime, record_id) WHERE value_datetime IS NOT NULL;
CREATE INDEX custom_field_values_ref_idx
  ON custom_field_values (account_id, field_id, value_ref, record_id) WHERE value_ref IS NOT NULL;
CREATE INDEX custom_field_values_bool_idx
  ON custom_field_values (account_id, field_id, value_bool, record_id) WHERE value_bool IS NOT NULL;
CREATE INDEX custom_field_values_trgm_idx ON custom_field_values USING gin (value_text gin_trgm_ops);

-- contacts: custom fields and the contact-type list item.
ALTER TABLE contacts ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE contacts ADD COLUMN type_id uuid;
ALTER TABLE contacts ADD FOREIGN KEY (account_id, type_id) REFERENCES reference_list_items (account_id, id);

-- companies: organisations, with typed channels like contacts.
CREATE TABLE companies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  inn text,
  type_id uuid,
  industry_id uuid,
  address text,
  comment text,
  responsible_user_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  search tsvector NOT NULL DEFAULT ''::tsvector,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, responsible_user_id) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, type_id) REFERENCES reference_list_items (account_id, id),
  FOREIGN KEY (account_id, industry_id) REFERENCES reference_list_items (account_id, id)
);
CREATE INDEX companies_list_idx ON companies (account_id, created_at DESC, id DESC);
CREATE INDEX companies_name_idx ON companies (account_id, lower(name));
CREATE INDEX companies_responsible_idx ON companies (account_id, responsible_user_id, created_at DESC, id DESC);
CREATE INDEX companies_search_idx ON companies USING gin (search);

CREATE TABLE company_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  company_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('phone', 'email', 'site', 'messenger')),
  type text NOT NULL,
  value text NOT NULL,
  normalized text NOT NULL,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, company_id) REFERENCES companies (account_id, id) ON DELETE CASCADE
);
CREATE INDEX company_channels_company_idx ON company_channels (account_id, company_id, kind, position);
CREATE INDEX company_channels_lookup_idx ON company_channels (account_id, kind, normalized);

-- companies: the many-to-many link between contacts and companies, seen from both sides.
CREATE TABLE contact_companies (
  account_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  company_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, contact_id, company_id),
  FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, company_id) REFERENCES companies (account_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_companies_company_idx ON contact_companies (account_id, company_id);

-- deals: the deal, in a stage of its pipeline (the composite key refuses a stage of another pipeline).
CREATE TABLE deals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  amount numeric(17, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency text NOT NULL,
  responsible_user_id uuid,
  company_id uuid,
  source_id uuid,
  tags text[] NOT NULL DEFAULT '{}',
  start_date date,
  close_date date,
  closed_at timestamptz,
  loss_reason_id uuid,
  loss_comment text,
  stage_entered_at timestamptz NOT NULL DEFAULT now(),
  lead_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  search tsvector NOT NULL DEFAULT ''::tsvector,
  created_by uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, pipeline_id, stage_id) REFERENCES stages (account_id, pipeline_id, id),
  FOREIGN KEY (account_id, responsible_user_id) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, company_id) REFERENCES companies (account_id, id),
  FOREIGN KEY (account_id, source_id) REFERENCES reference_list_items (account_id, id),
  FOREIGN KEY (account_id, loss_reason_id) REFERENCES reference_list_items (account_id, id)
);
-- A kanban column page (newest first) and its keyset; per-stage counts and sums.
CREATE INDEX deals_stage_idx ON deals (account_id, stage_id, created_at DESC, id DESC);
CREATE INDEX deals_pipeline_idx ON deals (account_id, pipeline_id, stage_id) INCLUDE (amount);
CREATE INDEX deals_list_idx ON deals (account_id, created_at DESC, id DESC);
CREATE INDEX deals_responsible_idx ON deals (account_id, responsible_user_id, created_at DESC, id DESC);
CREATE INDEX deals_company_idx ON deals (account_id, company_id) WHERE company_id IS NOT NULL;
CREATE INDEX deals_search_idx ON deals USING gin (search);

CREATE TABLE deal_contacts (
  account_id uuid NOT NULL,
  deal_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  is_primary boolean NOT NULL DEFAULT false,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, deal_id, contact_id),
  FOREIGN KEY (account_id, deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX deal_contacts_one_primary_idx ON deal_contacts (account_id, deal_id) WHERE is_primary;
CREATE INDEX deal_contacts_contact_idx ON deal_contacts (account_id, contact_id);

-- deals: every stage a deal has been in, with when it entered and left (time in stage).
CREATE TABLE deal_stage_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  deal_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  entered_at timestamptz NOT NULL,
  left_at timestamptz,
  moved_by uuid,
  FOREIGN KEY (account_id, deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE
);
CREATE INDEX deal_stage_history_deal_idx ON deal_stage_history (account_id, deal_id, entered_at);

-- deals: line items; name, price and VAT are copied from the product when added (CORE-10).
CREATE TABLE deal_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  deal_id uuid NOT NULL,
  product_id uuid,
  name text NOT NULL,
  sku text,
  unit text NOT NULL,
  quantity numeric(18, 3) NOT NULL CHECK (quantity > 0),
  price numeric(17, 2) NOT NULL CHECK (price >= 0),
  discount_percent numeric(5, 2) NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
  vat_rate text NOT NULL CHECK (vat_rate IN ('none', '0', '5', '7', '10', '20')),
  vat_included boolean NOT NULL DEFAULT true,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, product_id) REFERENCES products (account_id, id) ON DELETE SET NULL (product_id)
);
CREATE INDEX deal_items_deal_idx ON deal_items (account_id, deal_id, position);

-- leads: statuses of their own (open ones in order, one converted, one junk) and the leads.
ALTER TABLE accounts ADD COLUMN leads_enabled boolean NOT NULL DEFAULT true;

CREATE TABLE lead_statuses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  color text NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
  kind text NOT NULL CHECK (kind IN ('open', 'converted', 'junk')),
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id)
);
CREATE UNIQUE INDEX lead_statuses_one_final_kind_idx ON lead_statuses (account_id, kind) WHERE kind <> 'open';

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  status_id uuid NOT NULL,
  first_name text,
  last_name text,
  middle_name text,
  position text,
  company_name text,
  address text,
  comment text,
  amount numeric(17, 2) CHECK (amount >= 0),
  currency text NOT NULL,
  source_id uuid,
  responsible_user_id uuid,
  contact_id uuid,
  company_id uuid,
  converted_at timestamptz,
  converted_deal_id uuid,
  converted_contact_id uuid,
  converted_company_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  search tsvector NOT NULL DEFAULT ''::tsvector,
  created_by uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, status_id) REFERENCES lead_statuses (account_id, id),
  FOREIGN KEY (account_id, source_id) REFERENCES reference_list_items (account_id, id),
  FOREIGN KEY (account_id, responsible_user_id) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE SET NULL (contact_id),
  FOREIGN KEY (account_id, company_id) REFERENCES companies (account_id, id) ON DELETE SET NULL (company_id),
  FOREIGN KEY (account_id, converted_deal_id) REFERENCES deals (account_id, id)
    ON DELETE SET NULL (converted_deal_id),
  FOREIGN KEY (account_id, converted_contact_id) REFERENCES contacts (account_id, id)
    ON DELETE SET NULL (converted_contact_id),
  FOREIGN KEY (account_id, converted_company_id) REFERENCES companies (account_id, id)
    ON DELETE SET NULL (converted_company_id)
);
CREATE INDEX leads_status_idx ON leads (account_id, status_id, created_at DESC, id DESC);
CREATE INDEX leads_list_idx ON leads (account_id, created_at DESC, id DESC);
CREATE INDEX leads_responsible_idx ON leads (account_id, responsible_user_id, created_at DESC, id DESC);
CREATE INDEX leads_search_idx ON leads USING gin (search);

CREATE TABLE lead_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL,
  lead_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('phone', 'email', 'site', 'messenger')),
  type text NOT NULL,
  value text NOT NULL,
  normalized text NOT NULL,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, lead_id) REFERENCES leads (account_id, id) ON DELETE CASCADE
);
CREATE INDEX lead_channels_lead_idx ON lead_channels (account_id, lead_id, kind, position);
CREATE INDEX lead_channels_lookup_idx ON lead_channels (account_id, kind, normalized);

ALTER TABLE deals ADD FOREIGN KEY (account_id, lead_id) REFERENCES leads (account_id, id) ON DELETE SET NULL (lead_id);

-- tasks and timeline entries belong to exactly one record (or, for tasks, to none), each by a real key.
-- tasks
CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('call', 'meeting', 'email', 'other')),
  text text NOT NULL,
  deadline timestamptz NOT NULL,
  all_day boolean NOT NULL DEFAULT false,
  responsible_user_id uuid NOT NULL,
  created_by uuid,
  deal_id uuid,
  lead_id uuid,
  contact_id uuid,
  company_id uuid,
  completed_at timestamptz,
  completed_by uuid,
  result text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  CHECK (num_nonnulls(deal_id, lead_id, contact_id, company_id) <= 1),
  FOREIGN KEY (account_id, responsible_user_id) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, completed_by) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, lead_id) REFERENCES leads (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, company_id) REFERENCES companies (account_id, id) ON DELETE CASCADE
);
-- "My open tasks by deadline" and "does this record have a planned task".
CREATE INDEX tasks_open_idx ON tasks (account_id, responsible_user_id, deadline) WHERE completed_at IS NULL;
CREATE INDEX tasks_deal_idx ON tasks (account_id, deal_id, deadline) WHERE deal_id IS NOT NULL;
CREATE INDEX tasks_lead_idx ON tasks (account_id, lead_id, deadline) WHERE lead_id IS NOT NULL;
CREATE INDEX tasks_contact_idx ON tasks (account_id, contact_id, deadline) WHERE contact_id IS NOT NULL;
CREATE INDEX tasks_company_idx ON tasks (account_id, company_id, deadline) WHERE company_id IS NOT NULL;

-- timeline: uploaded files (bytes on disk under DATA_DIR, addressed by storage_key).
CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  mime text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  sha256 text NOT NULL,
  storage_key text NOT NULL,
  uploaded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, uploaded_by) REFERENCES users (account_id, id)
);

-- timeline: comments and activities (call, meeting, e-mail, note) on a record.
CREATE TABLE timeline_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('comment', 'call', 'meeting', 'email', 'note')),
  deal_id uuid,
  lead_id uuid,
  contact_id uuid,
  company_id uuid,
  author_user_id uuid,
  body text NOT NULL DEFAULT '',
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  mentions uuid[] NOT NULL DEFAULT '{}',
  pinned_at timestamptz,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  CHECK (num_nonnulls(deal_id, lead_id, contact_id, company_id) = 1),
  FOREIGN KEY (account_id, author_user_id) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, deal_id) REFERENCES deals (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, lead_id) REFERENCES leads (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, company_id) REFERENCES companies (account_id, id) ON DELETE CASCADE
);
-- A record's timeline, newest first, in keyset pages.
CREATE INDEX timeline_deal_idx ON timeline_entries (account_id, deal_id, occurred_at DESC, id DESC)
  WHERE deal_id IS NOT NULL;
CREATE INDEX timeline_lead_idx ON timeline_entries (account_id, lead_id, occurred_at DESC, id DESC)
  WHERE lead_id IS NOT NULL;
CREATE INDEX timeline_contact_idx ON timeline_entries (account_id, contact_id, occurred_at DESC, id DESC)
  WHERE contact_id IS NOT NULL;
CREATE INDEX timeline_company_idx ON timeline_entries (account_id, company_id, occurred_at DESC, id DESC)
  WHERE company_id IS NOT NULL;

CREATE TABLE timeline_entry_files (
  account_id uuid NOT NULL,
  entry_id uuid NOT NULL,
  file_id uuid NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (account_id, entry_id, file_id),
  FOREIGN KEY (account_id, entry_id) REFERENCES timeline_entries (account_id, id) ON DELETE CASCADE,
  FOREIGN KEY (account_id, file_id) REFERENCES files (account_id, id)
);

-- companies (merge): a merge of contacts or companies and what undoing it needs — the merged-away records
-- as they were and every reference moved to the kept one.
CREATE TABLE record_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  entity text NOT NULL CHECK (entity IN ('contact', 'company')),
  target_id uuid NOT NULL,
  source_ids uuid[] NOT NULL,
  snapshot jsonb NOT NULL,
  moved jsonb NOT NULL,
  merged_by uuid,
  merged_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz,
  undone_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  FOREIGN KEY (account_id, merged_by) REFERENCES users (account_id, id),
  FOREIGN KEY (account_id, undone_by) REFERENCES users (account_id, id)
);
CREATE INDEX record_merges_target_idx ON record_merges (account_id, entity, target_id, merged_at DESC);
