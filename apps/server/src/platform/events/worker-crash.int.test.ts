// The outbox's promise under a real crash: a separate worker process is killed (SIGKILL) in the middle
// of a delivery; a restarted worker delivers the event, and its effect exists exactly once.
// PostgreSQL only: a separate worker process needs a server database (PGlite belongs to one process).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, startVoronka, type TestDatabase } from '../../../test/harness.js';
import { signUp } from '../../../test/http.js';
import type { Voronka } from '../../app.js';
import type { Subscriber } from './index.js';

const fixture = fileURLToPath(
  new URL('../../../test/fixtures/worker-with-slow-subscriber.mjs', import.meta.url),
);

function startWorker(databaseUrl: string, slowMs: number) {
  const child = spawn(process.execPath, [fixture], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SLOW_MS: String(slowMs),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DATA_DIR: '/tmp/voronka-test-data',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

// The API side knows the subscriber by name (to enqueue its deliveries) but does not run deliveries.
const slowByName: Subscriber = {
  name: 'test-slow',
  types: ['department.created'],
  handle: () => Promise.resolve(),
};

describe.runIf(process.env.TEST_DATABASE_URL)('worker killed mid-delivery [postgres]', () => {
  let database: TestDatabase;
  let api: Voronka;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    api = await startVoronka(database.target, { subscribers: [slowByName] }, { WORKER_IN_PROCESS: 'false' });
    await sql`CREATE TABLE test_effects (event_id uuid NOT NULL, pid int NOT NULL)`.execute(api.database.db);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await api.close();
    await database.drop();
  });

  it('delivers once after the worker is killed and restarted', async () => {
    if (database.target.kind !== 'postgres') throw new Error('unreachable');
    const url = database.target.url;
    const first = startWorker(url, 120_000);
    children.push(first.child);
    await vi.waitFor(() => expect(first.output()).toContain('READY'), { timeout: 30_000, interval: 100 });

    const admin = await signUp(api);
    const res = await admin.client.post('/api/departments', { name: 'Упадёт посреди доставки' });
    const event = await api.database.db
      .selectFrom('domain_events')
      .select('id')
      .where('entity_id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    await vi.waitFor(() => expect(first.output()).toContain(`STARTED ${event.id}`), {
      timeout: 30_000,
      interval: 100,
    });

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // The killed worker's transaction died with its connection: no effect, no delivery record.
    await vi.waitFor(async () => {
      const rows = await sql<{ n: string }>`SELECT count(*)::text AS n FROM test_effects`.execute(
        api.database.db,
      );
      expect(rows.rows[0]?.n).toBe('0');
    });

    const second = startWorker(url, 0);
    children.push(second.child);
    await vi.waitFor(
      async () => {
        const rows = await sql<{
          pid: number;
        }>`SELECT pid FROM test_effects WHERE event_id = ${event.id}`.execute(api.database.db);
        expect(rows.rows.map((r) => r.pid)).toEqual([second.child.pid]);
      },
      { timeout: 60_000, interval: 250 },
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const effects = await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM test_effects WHERE event_id = ${event.id}`.execute(api.database.db);
    expect(effects.rows[0]?.n).toBe('1');
    const deliveries = await api.database.db
      .selectFrom('event_deliveries')
      .select('subscriber')
      .where('event_id', '=', event.id)
      .where('subscriber', '=', 'test-slow')
      .execute();
    expect(deliveries).toHaveLength(1);
  }, 120_000);
});
