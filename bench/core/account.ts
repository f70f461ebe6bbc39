// A bench's account (bench/core, bench/web): signed up through the API like a real customer (migrations, the
// default pipeline and reference lists), with salespeople and the two deal custom fields the generator fills
// (a list "Канал продаж" and a number "Количество позиций"), so that generate() can write deals into the
// default pipeline.
import crypto from 'node:crypto';
import type pg from 'pg';
import type { AccountSetup } from './generate.js';
import { ApiClient } from './server.js';
import { salesChannels } from './words.js';

export interface BenchAccount {
  email: string;
  password: string;
  setup: AccountSetup;
}

export interface AccountOptions {
  /** Which bench: part of the e-mail domain. */
  bench: string;
  accountName: string;
  salespeople: readonly string[];
}

export async function signUpAccount(
  api: ApiClient,
  baseUrl: string,
  db: pg.Client,
  account: AccountOptions,
): Promise<BenchAccount> {
  const domain = `${account.bench}-${crypto.randomBytes(3).toString('hex')}.voronka.test`;
  const email = `admin@${domain}`;
  const password = 'bench password 1';
  const me = await api.post<{ user: { id: string }; account: { id: string } }>('/api/auth/sign-up', {
    accountName: account.accountName,
    name: 'Алексей Руководов',
    email,
    password,
    locale: 'ru',
  });
  const userIds = [me.user.id];
  for (const [i, name] of account.salespeople.entries()) {
    const invite = await api.post<{ token: string }>('/api/invitations', {
      email: `sales${i + 1}@${domain}`,
      role: 'member',
    });
    const member = new ApiClient(baseUrl);
    const accepted = await member.post<{ user: { id: string } }>(
      `/api/invitations/by-token/${invite.token}/accept`,
      { name, password: 'member password 1' },
    );
    userIds.push(accepted.user.id);
  }
  const options = salesChannels.map((label, position) => ({ id: crypto.randomUUID(), label, position }));
  const list = await api.post<{ id: string }>('/api/custom-fields', {
    entity: 'deal',
    type: 'list',
    name: 'Канал продаж',
    showInList: true,
    settings: { options },
  });
  const number = await api.post<{ id: string }>('/api/custom-fields', {
    entity: 'deal',
    type: 'number',
    name: 'Количество позиций',
    settings: { precision: 0 },
  });
  const pipeline = await db.query<{ id: string }>(
    'SELECT id FROM pipelines WHERE account_id = $1 AND is_default',
    [me.account.id],
  );
  const pipelineId = pipeline.rows[0]?.id;
  if (!pipelineId) throw new Error('the new account has no default pipeline');
  // In display order (what the generator expects): Unsorted, the open stages, Won, Lost.
  const stages = await db.query<AccountSetup['stages'][number]>(
    `SELECT id, name, kind, position FROM stages WHERE account_id = $1 AND pipeline_id = $2
     ORDER BY CASE kind WHEN 'unsorted' THEN 0 WHEN 'open' THEN 1 WHEN 'won' THEN 2 ELSE 3 END, position`,
    [me.account.id, pipelineId],
  );
  return {
    email,
    password,
    setup: {
      accountId: me.account.id,
      adminUserId: me.user.id,
      userIds,
      pipelineId,
      stages: stages.rows,
      listFieldId: list.id,
      listOptionIds: options.map((o) => o.id),
      numberFieldId: number.id,
    },
  };
}
