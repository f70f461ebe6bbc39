// Webhook deliveries under a real crash: a separate worker process is killed (SIGKILL) while its
// attempts wait for the receiver's answer; a restarted worker takes them over when their lease ends.
// Nothing is lost, each attempt is sent once (the receiver sees every webhook-id exactly twice: the
// interrupted attempt and the next one), and each delivery ends delivered once.
// PostgreSQL only: a separate worker process needs a server database (PGlite belongs to one process).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, startVoronka, type TestDatabase } from '../../../test/harness.js';
import { signUp } from '../../../test/http.js';
import type { Voronka } from '../../app.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/webhooks-worker.mjs', import.meta.url));

function startWorker(databaseUrl: string) {
  const child = spawn(process.execPath, [fixture], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
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

describe.runIf(process.env.TEST_DATABASE_URL)('webhook worker killed mid-attempt [postgres]', () => {
  let database: TestDatabase;
  let api: Voronka;
  const children: ChildProcess[] = [];
  const received: { id: string; pid: string }[] = [];
  let hold = true; // while set, the receiver never answers: attempts stay in flight
  const held = new Set<http.ServerResponse>();
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ id: String(req.headers['webhook-id']), pid: '' });
      if (hold) held.add(res);
      else res.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    database = await createTestDatabase('postgres');
    // The API only records events and deliveries' jobs; it runs no worker.
    api = await startVoronka(database.target, {}, { WORKER_IN_PROCESS: 'false' });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const res of held) res.destroy();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await api.close();
    await database.drop();
  });

  it('loses no delivery and sends each attempt once', async () => {
    if (database.target.kind !== 'postgres') throw new Error('unreachable');
    const url = database.target.url;
    const { port } = receiver.address() as AddressInfo;
    const admin = await signUp(api);
    await admin.client.put('/api/settings/outbound-hosts', { hosts: [`127.0.0.1:${port}`] });
    const webhook = await admin.client.post('/api/webhooks', {
      url: `http://127.0.0.1:${port}/hook`,
      eventTypes: ['contact.created'],
    });
    expect(webhook.status).toBe(201);
    for (const name of ['Анна', 'Борис', 'Вера'])
      await admin.client.post('/api/contacts', { firstName: name });

    const first = startWorker(url);
    children.push(first.child);
    await vi.waitFor(() => expect(received).toHaveLength(3), { timeout: 30_000, interval: 100 });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const inFlight = await api.database.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts'])
      .where('subscription_id', '=', webhook.body.id)
      .execute();
    expect(inFlight).toEqual(Array(3).fill({ status: 'sending', attempts: 1 }));

    hold = false;
    const second = startWorker(url);
    children.push(second.child);
    await vi.waitFor(
      async () => {
        const rows = await api.database.db
          .selectFrom('webhook_deliveries')
          .select(['status', 'attempts'])
          .where('subscription_id', '=', webhook.body.id)
          .execute();
        expect(rows).toEqual(Array(3).fill({ status: 'delivered', attempts: 2 }));
      },
      { timeout: 60_000, interval: 250 },
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const perId = new Map<string, number>();
    for (const r of received) perId.set(r.id, (perId.get(r.id) ?? 0) + 1);
    expect([...perId.values()]).toEqual([2, 2, 2]);
    expect(received).toHaveLength(6);
  }, 120_000);
});
