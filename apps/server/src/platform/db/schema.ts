// Kysely table types, matching migrations/*.sql. Repositories are the only code that uses them.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A jsonb object column: read as an object, written as a JSON string (both drivers accept it). */
type JsonObject = ColumnType<Record<string, unknown>, string | undefined, string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AccountsTable {
  id: Generated<string>;
  name: string;
  locale: Generated<string>;
  currency: Generated<string>;
  timezone: Generated<string>;
  leads_enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdentitiesTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  locale: Generated<string>;
  totp_secret_enc: string | null;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  account_id: string;
  identity_id: string;
  name: string;
  role: 'admin' | 'member';
  department_id: string | null;
  active: Generated<boolean>;
  deactivated_at: NullableTimestamp;
  /** Set while the user, invited by a migration, has not accepted (the user is inactive meanwhile). */
  invited_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DepartmentsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  parent_id: string | null;
  head_user_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  identity_id: string;
  account_id: string;
  ip: string | null;
  user_agent: string | null;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  account_id: string;
  email: string;
  role: 'admin' | 'member';
  department_id: string | null;
  token_hash: string;
  invited_by_user_id: string;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_user_id: string | null;
  /** The invited user waiting for this invitation (a migration's invitation); accepting activates it. */
  user_id: string | null;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  account_id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SignInFailuresTable {
  id: Generated<string>;
  key: string;
  created_at: Timestamp;
}

export interface DomainEventsTable {
  id: Generated<string>;
  account_id: string;
  seq: Generated<string>;
  type: string;
  entity: string;
  entity_id: string | null;
  actor_user_id: string | null;
  source: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  /** 0: caused by a person, an import or the system; n: by an automation run for an event of depth n - 1. */
  chain_depth: Generated<number>;
  occurred_at: Timestamp;
  dispatched_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventDeliveriesTable {
  id: Generated<string>;
  account_id: string;
  event_id: string;
  subscriber: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PipelinesTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  position: number;
  is_default: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type StageKind = 'unsorted' | 'open' | 'won' | 'lost';

export interface StagesTable {
  id: Generated<string>;
  account_id: string;
  pipeline_id: string;
  name: string;
  color: string;
  kind: StageKind;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReferenceListItemsTable {
  id: Generated<string>;
  account_id: string;
  list: 'sources' | 'contact_types' | 'company_types' | 'industries' | 'loss_reasons';
  name: string;
  position: number;
  archived_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A weekly schedule as stored in `days` (modules/calendar/schedule.ts). */
export interface WorkingDayJson {
  weekday: number;
  intervals: { start: string; end: string }[];
  lunch: { start: string; end: string } | null;
}

export interface AccountWorkingHoursTable {
  id: Generated<string>;
  account_id: string;
  use_production_calendar: Generated<boolean>;
  days: ColumnType<WorkingDayJson[], string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserWorkingHoursTable {
  id: Generated<string>;
  account_id: string;
  user_id: string;
  timezone: string;
  use_production_calendar: Generated<boolean>;
  days: ColumnType<WorkingDayJson[], string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HistoryEntriesTable {
  id: Generated<string>;
  account_id: string;
  event_id: string;
  seq: string;
  type: string;
  entity: string;
  entity_id: string | null;
  actor_user_id: string | null;
  source: string;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }> | null, string | null, string | null>;
  details: ColumnType<Record<string, unknown>, string, string>;
  occurred_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  id: Generated<string>;
  account_id: string;
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomFieldsTable {
  id: Generated<string>;
  account_id: string;
  entity: 'deal' | 'lead' | 'contact' | 'company';
  type: string;
  code: string | null;
  sort: number;
  /** The definition without `id` (contracts' customFieldSchema). */
  definition: ColumnType<Record<string, unknown>, string, string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: Generated<string>;
  account_id: string;
  first_name: string | null;
  last_name: string | null;
  middle_name: string | null;
  position: string | null;
  address: string | null;
  comment: string | null;
  responsible_user_id: string | null;
  type_id: string | null;
  custom_fields: JsonObject;
  search: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactChannelsTable {
  id: Generated<string>;
  account_id: string;
  contact_id: string;
  kind: 'phone' | 'email' | 'site' | 'messenger';
  type: string;
  value: string;
  normalized: string;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  sku: string | null;
  description: string | null;
  unit: string;
  /** numeric: a decimal string on both drivers. */
  price: string;
  currency: string;
  vat_rate: 'none' | '0' | '5' | '7' | '10' | '20';
  stock: string | null;
  active: Generated<boolean>;
  search: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomFieldValuesTable {
  account_id: string;
  field_id: string;
  record_id: string;
  ordinal: number;
  value_text: string | null;
  /** numeric: a decimal string on both drivers. */
  value_number: string | null;
  value_date: ColumnType<string | null, string | null | undefined, string | null>;
  value_datetime: NullableTimestamp;
  value_bool: boolean | null;
  value_ref: string | null;
}

/** Channels of companies and leads have the shape of contacts' channels, with their owner's key. */
export type CompanyChannelsTable = Omit<ContactChannelsTable, 'contact_id'> & { company_id: string };
export type LeadChannelsTable = Omit<ContactChannelsTable, 'contact_id'> & { lead_id: string };

export interface CompaniesTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  inn: string | null;
  type_id: string | null;
  industry_id: string | null;
  address: string | null;
  comment: string | null;
  responsible_user_id: string | null;
  custom_fields: JsonObject;
  search: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactCompaniesTable {
  account_id: string;
  contact_id: string;
  company_id: string;
  created_at: Timestamp;
}

/** A date column (no time): 'YYYY-MM-DD' strings in and out. */
type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;

export interface DealsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  pipeline_id: string;
  stage_id: string;
  /** numeric: a decimal string on both drivers. */
  amount: Generated<string>;
  currency: string;
  responsible_user_id: string | null;
  company_id: string | null;
  source_id: string | null;
  tags: Generated<string[]>;
  start_date: DateColumn;
  close_date: DateColumn;
  closed_at: NullableTimestamp;
  loss_reason_id: string | null;
  loss_comment: string | null;
  stage_entered_at: Timestamp;
  lead_id: string | null;
  custom_fields: JsonObject;
  is_open: Generated<boolean>;
  search: Generated<string>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DealContactsTable {
  account_id: string;
  deal_id: string;
  contact_id: string;
  is_primary: Generated<boolean>;
  position: number;
  created_at: Timestamp;
}

export interface DealStageHistoryTable {
  id: Generated<string>;
  account_id: string;
  deal_id: string;
  pipeline_id: string;
  stage_id: string;
  entered_at: Timestamp;
  left_at: NullableTimestamp;
  moved_by: string | null;
}

export interface DealItemsTable {
  id: Generated<string>;
  account_id: string;
  deal_id: string;
  product_id: string | null;
  name: string;
  sku: string | null;
  unit: string;
  /** numeric columns: decimal strings on both drivers. */
  quantity: string;
  price: string;
  discount_percent: Generated<string>;
  vat_rate: 'none' | '0' | '5' | '7' | '10' | '20';
  vat_included: Generated<boolean>;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeadStatusesTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  color: string;
  kind: 'open' | 'converted' | 'junk';
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeadsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  status_id: string;
  first_name: string | null;
  last_name: string | null;
  middle_name: string | null;
  position: string | null;
  company_name: string | null;
  address: string | null;
  comment: string | null;
  amount: string | null;
  currency: string;
  source_id: string | null;
  responsible_user_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  converted_at: NullableTimestamp;
  converted_deal_id: string | null;
  converted_contact_id: string | null;
  converted_company_id: string | null;
  custom_fields: JsonObject;
  search: Generated<string>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TasksTable {
  id: Generated<string>;
  account_id: string;
  type: 'call' | 'meeting' | 'email' | 'other';
  text: string;
  deadline: Timestamp;
  all_day: Generated<boolean>;
  /** The day of an all-day task (date, read as 'YYYY-MM-DD' text); null for tasks due at a moment. */
  deadline_date: ColumnType<string | null, string | null | undefined, string | null>;
  responsible_user_id: string;
  created_by: string | null;
  deal_id: string | null;
  lead_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  completed_at: NullableTimestamp;
  completed_by: string | null;
  result: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FilesTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  mime: string;
  /** bigint: a string on both drivers. */
  size: ColumnType<string, string | number, string | number>;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TimelineEntriesTable {
  id: Generated<string>;
  account_id: string;
  kind: 'comment' | 'call' | 'meeting' | 'email' | 'note';
  deal_id: string | null;
  lead_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  author_user_id: string | null;
  body: Generated<string>;
  data: JsonObject;
  mentions: Generated<string[]>;
  pinned_at: NullableTimestamp;
  occurred_at: Timestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TimelineEntryFilesTable {
  account_id: string;
  entry_id: string;
  file_id: string;
  position: number;
}

export interface RecordMergesTable {
  id: Generated<string>;
  account_id: string;
  entity: 'contact' | 'company';
  target_id: string;
  source_ids: string[];
  snapshot: ColumnType<unknown, string, string>;
  moved: ColumnType<unknown, string, string>;
  merged_by: string | null;
  merged_at: Timestamp;
  undone_at: NullableTimestamp;
  undone_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SavedViewsTable {
  id: Generated<string>;
  account_id: string;
  owner_user_id: string;
  entity: 'deals' | 'leads' | 'contacts' | 'companies';
  name: string;
  filter: ColumnType<Record<string, string | string[]>, string | undefined, string>;
  sort: ColumnType<{ field: string; order: 'asc' | 'desc' } | null, string | null | undefined, string | null>;
  columns: ColumnType<string[], string | undefined, string>;
  mode: 'kanban' | 'list' | 'calendar' | null;
  shared: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DealCopiesTable {
  id: Generated<string>;
  account_id: string;
  source_deal_id: string;
  copy_deal_id: string | null;
  anonymized: boolean;
  preset_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface DealCopyPresetsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  options: JsonObject;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SavedViewDefaultsTable {
  account_id: string;
  user_id: string;
  entity: string;
  view_id: string;
}

export interface CardLayoutsTable {
  account_id: string;
  entity: 'deal' | 'lead' | 'contact' | 'company';
  /** [{ id, title, fields }] (contracts' cardSectionSchema). */
  sections: ColumnType<{ id: string; title: string | null; fields: string[] }[], string, string>;
  hidden: ColumnType<string[], string | undefined, string>;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface OutboundAllowedHostsTable {
  id: Generated<string>;
  account_id: string;
  host: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportConnectionsTable {
  id: Generated<string>;
  account_id: string;
  source: 'amocrm';
  status: 'connected' | 'reauthorization_required';
  base_url: string;
  client_id: string;
  client_secret_enc: string;
  redirect_uri: string;
  access_token_enc: string;
  refresh_token_enc: string | null;
  access_expires_at: Timestamp;
  remote_account_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  remote_account_name: string | null;
  last_error: string | null;
  connected_by: string | null;
  connected_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ImportRunStatus =
  | 'draft'
  | 'checking'
  | 'ready'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'failed'
  | 'cancelled'
  | 'completed'
  | 'confirmed'
  | 'rolling_back'
  | 'rolled_back';

export interface ImportRunsTable {
  id: Generated<string>;
  account_id: string;
  connection_id: string | null;
  source: 'amocrm';
  portal: string;
  kind: 'full' | 'sync';
  parent_run_id: string | null;
  updated_since: NullableTimestamp;
  selection: JsonObject;
  status: ImportRunStatus;
  check_generation: Generated<number>;
  check_result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  current_step: string | null;
  checkpoint: JsonObject;
  total: Generated<number>;
  migrated: Generated<number>;
  added: Generated<number>;
  updated: Generated<number>;
  failed: Generated<number>;
  error: string | null;
  error_code: string | null;
  created_by: string | null;
  lease_until: NullableTimestamp;
  progress_event_at: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  confirm_by: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportExternalIdsTable {
  id: Generated<string>;
  account_id: string;
  source: string;
  portal: string;
  source_entity: string;
  source_id: string;
  source_updated_at: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  target_entity: string;
  target_id: string;
  run_id: string;
  created_run_id: string | null;
  action: 'created' | 'updated';
  prior_state: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportRunLogTable {
  seq: ColumnType<string, never, never>;
  account_id: string;
  run_id: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  at: Timestamp;
}

export interface ImportRunFailuresTable {
  id: Generated<string>;
  account_id: string;
  run_id: string;
  entity: string;
  source_id: string;
  name: string | null;
  reason: string;
  code: string | null;
  params: ColumnType<Record<string, string>, string | undefined, string>;
  at: Timestamp;
}

export interface SpreadsheetImportsTable {
  id: Generated<string>;
  account_id: string;
  created_by: string;
  entity: 'contacts' | 'companies' | 'deals' | 'leads';
  file_name: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  content: Buffer | null;
  headers: ColumnType<string[], string, string>;
  header_signature: string;
  total_rows: number;
  mapping: ColumnType<unknown[], string, string>;
  mapping_source: 'guessed' | 'saved' | 'user';
  duplicate_rule: Generated<'skip' | 'update' | 'create'>;
  duplicate_keys: ColumnType<string[], string | undefined, string>;
  status: Generated<'draft' | 'queued' | 'running' | 'completed' | 'failed' | 'undoing' | 'undone'>;
  processed_rows: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  skipped: Generated<number>;
  failed: Generated<number>;
  error: string | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  undone_at: NullableTimestamp;
}

export interface SpreadsheetImportRowsTable {
  account_id: string;
  import_id: string;
  row_number: number;
  outcome: 'created' | 'updated' | 'skipped' | 'failed';
  record_id: string | null;
  prior: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  reason: string | null;
  undone: Generated<boolean>;
}

export interface SpreadsheetMappingsTable {
  account_id: string;
  entity: string;
  header_signature: string;
  mapping: ColumnType<unknown[], string, string>;
  duplicate_rule: string;
  duplicate_keys: ColumnType<string[], string, string>;
  updated_at: Timestamp;
}

export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  account_id: string;
  url: string;
  event_types: ColumnType<string[], string, string>;
  active: Generated<boolean>;
  description: Generated<string>;
  secret_enc: string;
  disabled_reason: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  account_id: string;
  subscription_id: string;
  event_id: string | null;
  event_type: string;
  body: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed' | 'cancelled';
  attempts: Generated<number>;
  /** Null: retried until 72 hours after creation; a test sends once. */
  max_attempts: number | null;
  next_attempt_at: NullableTimestamp;
  last_attempt_at: NullableTimestamp;
  last_status_code: number | null;
  last_response: string | null;
  last_error: string | null;
  delivered_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IntakeFormsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  pipeline_id: string;
  responsible_user_id: string;
  fields: ColumnType<
    {
      key: string;
      label: string;
      target: 'name' | 'phone' | 'email' | 'company' | 'comment' | 'dealField';
      customFieldId: string | null;
      required: boolean;
    }[],
    string,
    string
  >;
  consent_required: Generated<boolean>;
  consent_text: Generated<string>;
  thank_you_text: Generated<string>;
  active: Generated<boolean>;
  public_key: string;
  spam_count: Generated<number>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IntakeRequestsTable {
  id: Generated<string>;
  account_id: string;
  deal_id: string;
  form_id: string | null;
  source: string;
  kind: 'new' | 'repeat' | 'joined';
  contact_id: string | null;
  company_name: string | null;
  message: Generated<string>;
  utm: ColumnType<Record<string, string | null>, string | undefined, string>;
  referrer: string | null;
  page_url: string | null;
  duplicate_contact_ids: Generated<string[]>;
  duplicate_deal_ids: Generated<string[]>;
  received_at: Timestamp;
  sla_due_at: NullableTimestamp;
  responded_at: NullableTimestamp;
  responded_by: string | null;
  escalated_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface IntakeSettingsTable {
  account_id: string;
  repeat_detection: Generated<boolean>;
  repeat_exceptions: Generated<string[]>;
  updated_at: Timestamp;
}

export interface IntakeSlaPoliciesTable {
  account_id: string;
  pipeline_id: string;
  minutes: number;
  working_hours: Generated<boolean>;
  reassign_to_head: Generated<boolean>;
  updated_at: Timestamp;
}

export interface AccessRolesTable {
  id: Generated<string>;
  account_id: string;
  code: 'manager' | 'head' | 'director' | 'administrator' | null;
  name: string;
  permissions: ColumnType<Record<string, unknown>, string, string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserGroupsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  created_at: Timestamp;
}

export interface UserGroupMembersTable {
  account_id: string;
  group_id: string;
  user_id: string;
}

export interface AccessAssignmentsTable {
  id: Generated<string>;
  account_id: string;
  role_id: string;
  subject_kind: 'everyone' | 'user' | 'department' | 'department_tree' | 'group';
  subject_id: string | null;
  created_at: Timestamp;
}

export interface AutomationRulesTable {
  id: Generated<string>;
  account_id: string;
  kind: 'robot' | 'trigger';
  pipeline_id: string | null;
  stage_id: string | null;
  trigger_event: 'deal_created' | 'stage_entered' | 'field_changed' | 'task_done' | 'comment_added' | null;
  trigger_field: string | null;
  name: string;
  position: Generated<number>;
  action: ColumnType<Record<string, unknown>, string, string>;
  timing: ColumnType<Record<string, unknown>, string | undefined, string>;
  conditions: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  active: Generated<boolean>;
  rotation_next: Generated<number>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AutomationRunsTable {
  id: Generated<string>;
  account_id: string;
  rule_id: string;
  deal_id: string;
  event_id: string | null;
  depth: Generated<number>;
  status: 'waiting' | 'planned' | 'done' | 'failed' | 'skipped' | 'cancelled';
  plan_version: Generated<number>;
  planned_at: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  attempt: Generated<number>;
  result: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  error: string | null;
  after_run_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DB {
  automation_rules: AutomationRulesTable;
  automation_runs: AutomationRunsTable;
  outbound_allowed_hosts: OutboundAllowedHostsTable;
  import_connections: ImportConnectionsTable;
  import_runs: ImportRunsTable;
  import_external_ids: ImportExternalIdsTable;
  import_run_log: ImportRunLogTable;
  import_run_failures: ImportRunFailuresTable;
  accounts: AccountsTable;
  identities: IdentitiesTable;
  users: UsersTable;
  departments: DepartmentsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  sign_in_failures: SignInFailuresTable;
  domain_events: DomainEventsTable;
  event_deliveries: EventDeliveriesTable;
  pipelines: PipelinesTable;
  stages: StagesTable;
  reference_list_items: ReferenceListItemsTable;
  idempotency_keys: IdempotencyKeysTable;
  custom_fields: CustomFieldsTable;
  contacts: ContactsTable;
  contact_channels: ContactChannelsTable;
  products: ProductsTable;
  history_entries: HistoryEntriesTable;
  account_working_hours: AccountWorkingHoursTable;
  user_working_hours: UserWorkingHoursTable;
  custom_field_values: CustomFieldValuesTable;
  companies: CompaniesTable;
  company_channels: CompanyChannelsTable;
  contact_companies: ContactCompaniesTable;
  deals: DealsTable;
  deal_contacts: DealContactsTable;
  deal_stage_history: DealStageHistoryTable;
  deal_items: DealItemsTable;
  deal_copies: DealCopiesTable;
  deal_copy_presets: DealCopyPresetsTable;
  lead_statuses: LeadStatusesTable;
  leads: LeadsTable;
  lead_channels: LeadChannelsTable;
  tasks: TasksTable;
  files: FilesTable;
  timeline_entries: TimelineEntriesTable;
  timeline_entry_files: TimelineEntryFilesTable;
  record_merges: RecordMergesTable;
  saved_views: SavedViewsTable;
  saved_view_defaults: SavedViewDefaultsTable;
  card_layouts: CardLayoutsTable;
  spreadsheet_imports: SpreadsheetImportsTable;
  spreadsheet_import_rows: SpreadsheetImportRowsTable;
  spreadsheet_mappings: SpreadsheetMappingsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  intake_forms: IntakeFormsTable;
  intake_requests: IntakeRequestsTable;
  intake_settings: IntakeSettingsTable;
  intake_sla_policies: IntakeSlaPoliciesTable;
  access_roles: AccessRolesTable;
  user_groups: UserGroupsTable;
  user_group_members: UserGroupMembersTable;
  access_assignments: AccessAssignmentsTable;
}
