// The migration's promise under real crashes (MIGR-3): a Voronka process (the built server, API + worker,
// as `npm start` runs it) is killed with SIGKILL at five random points of a run and started again each
// time; the run goes on by itself and ends equal to a clean run of the same portal (counts per entity and
// a checksum over the migrated data). A partial run killed mid-way, and again while its data is being
// deleted, is rolled back to exactly the account it started from. Throughout, the fake amoCRM's request
// log never shows more than 7 requests in any second, across the restarts too (its files service's requests
// included: the events' files are downloaded, and are part of the checksum).
// PostgreSQL only: a separate server process needs a server database (PGlite belongs to one process).
// The kill points come from a seeded generator; the seed is printed, and CRASH_SEED=<seed> repeats them.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../../test/fake-amocrm/generator.js';
import { maxRequestsInWindow, startFakeAmo, type FakeAmo } from '../../../test/fake-amocrm/server.js';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.js';

const API_ENTRY = fileURLToPath(new URL('../../../dist/main/api.js', import.meta.url));
const BASE = '/api/imports/amocrm';
const integration = {
  clientId: 'c0ffee00-0000-4000-8000-00000000c4a5',
  clientSecret: 'crash-secret',
  redirectUri: 'http://voronka.test/api/imports/amocrm/oauth/callback',
};
const SELECTION = { entities: ['deals', 'tasks', 'events'] };

const seed = Number(process.env.CRASH_SEED ?? crypto.randomInt(1, 2 ** 31));
/** mulberry32: small, seeded, good enough to pick kill points. */
function seeded(s: number) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(seed);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A browser-like client of the child server over real HTTP, keeping its session cookie. */
class HttpClient {
  private cookie: string | undefined;
  constructor(private readonly base: string) {}
  async request(method: string, url: string, body?: unknown) {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair?.startsWith('voronka_session=')) this.cookie = pair;
    }
    const text = await res.text();
    const json: unknown =
      (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : null;
    return { status: res.status, body: json, text };
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  put = (url: string, body?: unknown) => this.request('PUT', url, body);
}

describe.runIf(process.env.TEST_DATABASE_URL)('amoCRM migration under SIGKILL [postgres]', () => {
  let database: TestDatabase;
  let databaseUrl: string;
  let fake: FakeAmo;
  let port: number;
  let child: ChildProcess | undefined;
  let pool: pg.Pool;
  const dataDir = path.join(os.tmpdir(), `voronka-crash-${crypto.randomBytes(4).toString('hex')}`);
  const encryptionKey = crypto.randomBytes(32).toString('hex');
  /** Spawn and kill moments on the test process's clock (the fake's log uses the same one). */
  const restarts: { killedAt: number; spawnedAt: number }[] = [];

  /** Starts the server process and waits until it answers; returns the moment it was spawned. */
  async function startServer() {
    const spawnedAt = performance.now();
    const proc = spawn(process.execPath, [API_ENTRY], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: 'http://voronka.test',
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        ENCRYPTION_KEY: encryptionKey,
        WORKER_IN_PROCESS: 'true',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child = proc;
    for (let i = 0; ; i++) {
      if (proc.exitCode !== null) throw new Error(`the server exited with ${proc.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) return spawnedAt;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error('the server did not start in 60 s');
      await sleep(100);
    }
  }

  async function kill() {
    const proc = child;
    if (!proc || proc.exitCode !== null) return performance.now();
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    const killedAt = performance.now();
    proc.kill('SIGKILL');
    await exited;
    return killedAt;
  }

  /** SIGKILL, then at once a new process; the first thing a user does is open the wizard (amoCRM calls). */
  async function crashAndRestart(admin: HttpClient, connectionId: string) {
    const killedAt = await kill();
    const spawnedAt = await startServer();
    restarts.push({ killedAt, spawnedAt });
    const source = await admin.get(`${BASE}/connections/${connectionId}/source`);
    expect(source.status, source.text).toBe(200);
  }

  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    (await pool.query<T>(text, values)).rows;

  async function runRow(id: string) {
    const [row] = await query<{
      status: string;
      migrated: number;
      added: number;
      updated: number;
      failed: number;
      total: number;
    }>('SELECT status, migrated, added, updated, failed, total FROM import_runs WHERE id = $1', [id]);
    if (!row) throw new Error(`no run ${id}`);
    return row;
  }

  async function waitForStatus(id: string, statuses: string[], timeoutMs = 180_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const row = await runRow(id);
      if (statuses.includes(row.status)) return row;
      if (['failed', 'stopped'].includes(row.status) && !statuses.includes(row.status))
        throw new Error(`run ${id} is ${row.status} (seed ${seed})`);
      if (Date.now() > until) throw new Error(`run ${id} is ${row.status}, not ${statuses.join('|')}`);
      await sleep(100);
    }
  }

  /** Waits until the run has processed `count` records (or left `statuses`), then `delayMs` more. */
  async function waitForProgress(id: string, count: number, delayMs: number) {
    for (;;) {
      const row = await runRow(id);
      if (row.migrated + row.failed >= count || row.status !== 'running') break;
      await sleep(20);
    }
    await sleep(delayMs);
  }

  async function signUpAndConnect(label: string) {
    const client = new HttpClient(`http://127.0.0.1:${port}`);
    const res = await client.post('/api/auth/sign-up', {
      accountName: 'ООО Миграция',
      name: 'Анна Админова',
      email: `crash.${label}.${crypto.randomBytes(4).toString('hex')}@example.ru`,
      password: 'correct horse battery',
    });
    expect(res.status, res.text).toBe(201);
    expect(
      (await client.put('/api/settings/outbound-hosts', { hosts: [fake.host, fake.driveHost] })).status,
    ).toBe(200);
    const connected = await client.post(`${BASE}/connections`, {
      portal: fake.url,
      integrationId: integration.clientId,
      secretKey: integration.clientSecret,
      authorizationCode: fake.issueAuthorizationCode(),
    });
    expect(connected.status, connected.text).toBe(201);
    return {
      client,
      accountId: (res.body as { account: { id: string } }).account.id,
      connectionId: (connected.body as { id: string }).id,
    };
  }

  async function createReadyRun(client: HttpClient, connectionId: string) {
    const created = await client.post(`${BASE}/runs`, { connectionId, selection: SELECTION });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: string }).id;
    await waitForStatus(id, ['ready']);
    return id;
  }

  const MIGRATED_TABLES = [
    'companies',
    'contacts',
    'contact_companies',
    'contact_channels',
    'company_channels',
    'deals',
    'deal_contacts',
    'deal_stage_history',
    'tasks',
    'timeline_entries',
    'custom_fields',
    'custom_field_values',
    'pipelines',
    'stages',
    // Events' files (downloaded from the fake's files service): one per file, never two, after any crash.
    'files',
    'timeline_entry_files',
  ];
  /** Columns that legitimately differ between two runs (when the row was written, ids, generated ids). */
  const VOLATILE: Record<string, string[]> = {
    '*': ['id', 'account_id', 'created_at', 'updated_at'],
    deals: ['stage_entered_at', 'closed_at'],
    // `<account>/<two characters of the id>/<id>`: the id is the file's, which stands for its source.
    files: ['storage_key'],
    deal_stage_history: ['entered_at', 'left_at'],
    // Tasks and timeline entries keep amoCRM's dates: those are compared.
    tasks: ['!created_at', '!updated_at'],
    timeline_entries: ['!created_at'],
  };
  const volatile = (table: string) => {
    const own = VOLATILE[table] ?? [];
    const kept = new Set(own.filter((c) => c.startsWith('!')).map((c) => c.slice(1)));
    return new Set([...(VOLATILE['*'] ?? []), ...own].filter((c) => !c.startsWith('!') && !kept.has(c)));
  };
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

  /**
   * What a migration wrote into an account, independent of generated ids and write times: every row of the
   * CRM tables with ids replaced by what they stand for (a migrated record by its amoCRM entity and id, a
   * user by name, a pipeline/stage/field/list option by name), one hash per table plus row counts.
   */
  async function migratedChecksum(accountId: string) {
    const labels = new Map<string, string>([[accountId, 'account']]);
    for (const r of await query<{ target_id: string; source_entity: string; source_id: string }>(
      'SELECT target_id, source_entity, source_id FROM import_external_ids WHERE account_id = $1',
      [accountId],
    ))
      labels.set(r.target_id, `${r.source_entity}:${r.source_id}`);
    for (const r of await query<{ id: string; name: string }>(
      'SELECT id, name FROM users WHERE account_id = $1',
      [accountId],
    ))
      labels.set(r.id, `user:${r.name}`);
    for (const r of await query<{ id: string; name: string }>(
      'SELECT id, name FROM pipelines WHERE account_id = $1',
      [accountId],
    ))
      labels.set(r.id, `pipeline:${r.name}`);
    for (const r of await query<{ id: string; name: string; pipeline: string }>(
      `SELECT s.id, s.name, p.name AS pipeline FROM stages s JOIN pipelines p ON p.id = s.pipeline_id
       WHERE s.account_id = $1`,
      [accountId],
    ))
      labels.set(r.id, `stage:${r.pipeline}/${r.name}`);
    for (const r of await query<{ id: string; entity: string; definition: Record<string, unknown> }>(
      'SELECT id, entity, definition FROM custom_fields WHERE account_id = $1',
      [accountId],
    )) {
      labels.set(r.id, `field:${r.entity}/${String(r.definition.name)}`);
      const settings = r.definition.settings as { options?: { id: string; label: string }[] } | undefined;
      for (const o of settings?.options ?? [])
        labels.set(o.id, `option:${String(r.definition.name)}/${o.label}`);
    }
    // Ids it does not know are kept: a random one then differs between the two accounts and shows.
    const relabel = (value: unknown): unknown => {
      if (typeof value === 'string') return value.replace(UUID, (id) => labels.get(id) ?? id);
      if (Array.isArray(value))
        return value
          .map(relabel)
          .map((v) => JSON.stringify(v))
          .sort();
      if (value && typeof value === 'object')
        return Object.fromEntries(
          Object.entries(value)
            .map(([k, v]) => [relabel(k) as string, relabel(v)] as const)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        );
      return value;
    };
    const result: Record<string, { rows: number; hash: string }> = {};
    for (const table of MIGRATED_TABLES) {
      const drop = volatile(table);
      const rows = await query<{ row: Record<string, unknown> }>(
        `SELECT to_jsonb(t) AS row FROM ${table} t WHERE t.account_id = $1`,
        [accountId],
      );
      const lines = rows
        .map(({ row }) =>
          JSON.stringify(relabel(Object.fromEntries(Object.entries(row).filter(([k]) => !drop.has(k))))),
        )
        .sort();
      result[table] = {
        rows: lines.length,
        hash: crypto.createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16),
      };
    }
    const failures = await query<{ entity: string; source_id: string; reason: string }>(
      `SELECT f.entity, f.source_id, f.reason FROM import_run_failures f WHERE f.account_id = $1
       ORDER BY f.entity, f.source_id, f.reason`,
      [accountId],
    );
    result.import_run_failures = {
      rows: failures.length,
      hash: crypto.createHash('sha256').update(JSON.stringify(failures)).digest('hex').slice(0, 16),
    };
    return result;
  }

  /** Every row of an account's CRM tables as it is (ids and times included): "exactly as before". */
  async function accountChecksum(accountId: string) {
    const parts: string[] = [];
    for (const table of [...MIGRATED_TABLES, 'import_external_ids']) {
      const [row] = await query<{ h: string | null; n: string }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*) AS n FROM ${table} t
         WHERE t.account_id = $1`,
        [accountId],
      );
      parts.push(`${table}:${row?.n}:${row?.h ?? 'empty'}`);
    }
    return parts.join(',');
  }

  beforeAll(async () => {
    console.log(`amoCRM crash test: seed ${seed} (CRASH_SEED=${seed} repeats the kill points)`);
    database = await createTestDatabase('postgres');
    if (database.target.kind !== 'postgres') throw new Error('unreachable');
    databaseUrl = database.target.url;
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    fake = await startFakeAmo({
      data: generateAccount({ scale: 0.02, seed: 21 }),
      clients: [integration],
      // A violation must show in the log (and fail the test), not block the run halfway.
      blockAfterViolations: 1000,
    });
    port = await freePort();
    await startServer();
  }, 120_000);

  afterAll(async () => {
    await kill();
    await fake.close();
    await pool.end();
    await database.drop();
  });

  let clean: Awaited<ReturnType<typeof migratedChecksum>>;
  let cleanCounters: Awaited<ReturnType<typeof runRow>>;

  it('a clean run (the reference)', async () => {
    const { client, accountId, connectionId } = await signUpAndConnect('clean');
    const id = await createReadyRun(client, connectionId);
    expect((await client.post(`${BASE}/runs/${id}/start`)).status).toBe(200);
    cleanCounters = await waitForStatus(id, ['completed']);
    expect(cleanCounters.migrated + cleanCounters.failed).toBe(cleanCounters.total);
    clean = await migratedChecksum(accountId);
    expect(clean.companies?.rows).toBe(fake.data.companies.length);
    expect(clean.contacts?.rows).toBe(fake.data.contacts.length);
    expect(clean.deals?.rows).toBe(fake.data.leads.length);
    expect(clean.tasks?.rows).toBeGreaterThan(0);
    expect(clean.timeline_entries?.rows).toBeGreaterThan(0);
    expect(clean.files?.rows).toBeGreaterThan(0);
  }, 180_000);

  it('killed at five random points and restarted each time, it ends equal to the clean run', async () => {
    const { client, accountId, connectionId } = await signUpAndConnect('crash');
    const id = await createReadyRun(client, connectionId);
    const { total } = await runRow(id);
    // Five kill points over the run: a processed-records count (0 = during the set-up) plus a random
    // delay, so a kill lands while a page is fetched, while it is written, or between the two.
    const points = Array.from({ length: 5 }, () => ({
      at: Math.floor(random() * total * 0.9),
      delayMs: Math.floor(random() * 400),
    })).sort((a, b) => a.at - b.at);
    console.log(`kill points (records processed + ms): ${JSON.stringify(points)} of ${total}`);
    expect((await client.post(`${BASE}/runs/${id}/start`)).status).toBe(200);
    for (const point of points) {
      await waitForProgress(id, point.at, point.delayMs);
      const before = await runRow(id);
      await crashAndRestart(client, connectionId);
      const after = await runRow(id);
      console.log(
        `killed at ${before.migrated + before.failed}/${total} (${before.status}); after restart ${after.status}`,
      );
      // The product resumes the run by itself: it is never left stopped or failed.
      expect(['running', 'completed']).toContain(after.status);
    }
    const done = await waitForStatus(id, ['completed']);
    expect({
      migrated: done.migrated,
      added: done.added,
      updated: done.updated,
      failed: done.failed,
      total: done.total,
    }).toEqual({
      migrated: cleanCounters.migrated,
      added: cleanCounters.added,
      updated: cleanCounters.updated,
      failed: cleanCounters.failed,
      total: cleanCounters.total,
    });
    expect(await migratedChecksum(accountId)).toEqual(clean);
  }, 420_000);

  it('a partial run killed mid-way, and again while deleting, is rolled back to the account as it was', async () => {
    const { client, accountId, connectionId } = await signUpAndConnect('rollback');
    const before = await accountChecksum(accountId);
    const id = await createReadyRun(client, connectionId);
    const { total } = await runRow(id);
    // Pages are written in bulk (~0.1 s each): killed soon after a page in the first half, the run is
    // still running, not already done.
    const at = Math.floor(total * (0.2 + random() * 0.3));
    expect((await client.post(`${BASE}/runs/${id}/start`)).status).toBe(200);
    await waitForProgress(id, at, Math.floor(random() * 50));
    await crashAndRestart(client, connectionId);
    const cancelled = await client.post(`${BASE}/runs/${id}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    const partial = await runRow(id);
    expect(partial.added).toBeGreaterThan(0);
    expect(await accountChecksum(accountId)).not.toBe(before);

    expect((await client.post(`${BASE}/runs/${id}/rollback`)).status).toBe(200);
    // Kill it again while it deletes: some records are gone, the rest go after the restart.
    for (;;) {
      const [left] = await query<{ n: string }>(
        'SELECT count(*) AS n FROM import_external_ids WHERE account_id = $1',
        [accountId],
      );
      const row = await runRow(id);
      if (Number(left?.n) < partial.added * 0.8 || row.status !== 'rolling_back') break;
      await sleep(20);
    }
    await sleep(Math.floor(random() * 200));
    await crashAndRestart(client, connectionId);
    const rolledBack = await waitForStatus(id, ['rolled_back']);
    expect(rolledBack.status).toBe('rolled_back');
    expect(await accountChecksum(accountId)).toBe(before);
  }, 300_000);

  it('the fake amoCRM never saw more than 7 requests in any second, across the restarts too', () => {
    expect(restarts.length).toBe(7);
    expect(fake.log.filter((r) => r.status === 429)).toEqual([]);
    expect(maxRequestsInWindow(fake.log, 1000)).toBeLessThanOrEqual(7);
    // A restarted process sends nothing in its first window: what the killed one sent in its last second
    // cannot add up with it.
    for (const { spawnedAt } of restarts) {
      const early = fake.log.filter((r) => r.at > spawnedAt + 50 && r.at < spawnedAt + 1000);
      expect(early).toEqual([]);
    }
    console.log(
      `fake amoCRM: ${fake.log.length} requests, at most ${maxRequestsInWindow(fake.log, 1000)} in any 1-s window`,
    );
  });
});
