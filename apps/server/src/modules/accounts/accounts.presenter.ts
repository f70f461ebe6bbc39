import type { AccountSettings, ApiToken, Locale, Me } from '@voronka/contracts';
import type { Selectable } from 'kysely';
import type { AccountsTable, ApiTokensTable } from '../../platform/db/index.js';

export const presentApiToken = (row: Selectable<ApiTokensTable>): ApiToken => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export const presentAccount = (row: Selectable<AccountsTable>): AccountSettings => ({
  id: row.id,
  name: row.name,
  locale: row.locale as Locale,
  currency: row.currency,
  timezone: row.timezone,
  leadsEnabled: row.leads_enabled,
});

export type { Me };
