// Kysely table types, matching migrations/*.sql. Repositories are the only code that uses them.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AccountsTable {
  id: Generated<string>;
  name: string;
  locale: Generated<string>;
  currency: Generated<string>;
  timezone: Generated<string>;
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

export interface DB {
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
}
