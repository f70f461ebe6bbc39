// bench/migration — migrating the seed-size amoCRM account (issue: MIGR, "a 1,000-company account in under an
// hour") against the fake amoCRM at amoCRM's own limit of 7 requests per second, beside the API floor.
//
// HOW TO RUN
//   npm run build -w @voronka/server              (the bench starts the BUILT server: apps/server/dist/main/api.js)
//   npm run bench:migration -w @voronka/bench     (or from the root: npm run bench:migration, which builds first)
//
//   BENCH_DATABASE_URL  PostgreSQL to create a scratch database in (default postgres://postgres@127.0.0.1:5432/test);
//                       dropped at the end unless BENCH_KEEP=1.
//   BENCH_SCALE=1       the fake's generator scale (1 = the seed account: 1,078 companies, 1,692 contacts,
//                       4 pipelines, 1,384 deals, 25,046 notes/events, 17,386 tasks).
//   BENCH_SEED=0        the generator's seed.
//   BENCH_SERVER=<path> another built api.js.
//
// WHAT IT DOES
//   1. Starts the fake amoCRM (apps/server/test/fake-amocrm, run from its TypeScript source) in this process on
//      a local port with the 7 requests/s limiter, and the built Voronka (API + worker) in its own process on a
//      scratch database; signs up, allows the fake's address, connects with an authorization code.
//   2. Creates a run of everything (companies, contacts, pipelines, deals, notes/events, tasks, users) and
//      waits for the data check. The clock starts at "Start" and stops when the run is completed.
//   3. Counts the requests the fake served in between (from its request log): the API floor is requests ÷ 7 s,
//      the least time any client obeying the limit needs for them. Prints requests, floor, wall-clock, their
//      ratio with PASS/FAIL against ≤ 1.2×, the records migrated per entity, and the most requests the fake saw
//      in any 1-second window (≤ 7, or amoCRM would have answered 429).
import crypto from 'node:crypto';
import { registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ApiClient, createScratchDatabase, root, startVoronka } from '../core/server.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const scale = Number(process.env.BENCH_SCALE ?? 1);
const seed = Number(process.env.BENCH_SEED ?? 0);
const TARGET_RATIO = 1.2;
const RPS = 7;

// The fake is TypeScript under apps/server/test: Node 24 strips its types; its `.js` specifiers name `.ts` files.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.') && specifier.endsWith('.js'))
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      throw error;
    }
  },
});

/** The part of the fake's module this bench uses (its types live outside this project). */
interface FakeAmo {
  url: string;
  host: string;
  log: { at: number; method: string; path: string; status: number }[];
  issueAuthorizationCode: () => string;
  close: () => Promise<void>;
}
interface FakeData {
  companies: unknown[];
  contacts: unknown[];
  leads: unknown[];
  notes: unknown[];
  tasks: unknown[];
  pipelines: unknown[];
  users: unknown[];
}
interface FakeServerModule {
  startFakeAmo: (options: {
    data: FakeData;
    clients: { clientId: string; clientSecret: string; redirectUri: string }[];
    requestsPerSecond?: number;
  }) => Promise<FakeAmo>;
  maxRequestsInWindow: (log: readonly { at: number }[], windowMs?: number) => number;
}
interface FakeGeneratorModule {
  generateAccount: (options: { scale?: number; seed?: number }) => FakeData;
}

const fakeDir = path.join(root, 'apps/server/test/fake-amocrm');
const { startFakeAmo, maxRequestsInWindow } = (await import(
  pathToFileURL(path.join(fakeDir, 'server.ts')).href
)) as FakeServerModule;
const { generateAccount } = (await import(
  pathToFileURL(path.join(fakeDir, 'generator.ts')).href
)) as FakeGeneratorModule;

interface Run {
  id: string;
  status: string;
  counters: { total: number; migrated: number; added: number; updated: number; failed: number };
  check: { status: string; counts: Record<string, number>; error: string | null } | null;
  error: { message: string } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(api: ApiClient, id: string, statuses: string[], progress = false) {
  let last = '';
  for (;;) {
    const run = await api.get<Run>(`/api/imports/amocrm/runs/${id}`);
    if (progress) {
      const line = `  ${run.status} ${run.counters.migrated + run.counters.failed}/${run.counters.total}`;
      if (line !== last) process.stdout.write(`\r${line}   `);
      last = line;
    }
    if (statuses.includes(run.status)) {
      if (progress) process.stdout.write('\n');
      return run;
    }
    if (['failed', 'stopped', 'cancelled'].includes(run.status) || run.check?.status === 'failed')
      throw new Error(`run ${id} is ${run.status}: ${run.error?.message ?? run.check?.error ?? ''}`);
    await sleep(100);
  }
}

async function main() {
  const data = generateAccount({ scale, seed });
  const database = await createScratchDatabase(adminUrl);
  console.log(
    `bench/migration: fake amoCRM at scale ${scale} (seed ${seed}): ${data.companies.length} companies, ` +
      `${data.contacts.length} contacts, ${data.pipelines.length} pipelines, ${data.leads.length} deals, ` +
      `${data.notes.length} notes/events, ${data.tasks.length} tasks; scratch database ${database.name}`,
  );
  const server = await startVoronka(database.url);
  const api = new ApiClient(server.url);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  let fake: FakeAmo | undefined;
  try {
    const me = await api.post<{ account: { id: string } }>('/api/auth/sign-up', {
      accountName: 'Миграция из amoCRM',
      name: 'Bench Admin',
      email: `bench.${crypto.randomBytes(4).toString('hex')}@example.ru`,
      password: 'bench password 1',
    });
    const accountId = me.account.id;
    const { redirectUrl: redirectUri } = await api.get<{ redirectUrl: string }>(
      '/api/imports/amocrm/redirect-url',
    );
    const integration = { clientId: crypto.randomUUID(), clientSecret: 'bench-secret', redirectUri };
    fake = await startFakeAmo({ data, clients: [integration], requestsPerSecond: RPS });
    await api.request('PUT', '/api/settings/outbound-hosts', { hosts: [fake.host] });
    const connection = await api.post<{ id: string }>('/api/imports/amocrm/connections', {
      portal: fake.url,
      integrationId: integration.clientId,
      secretKey: integration.clientSecret,
      authorizationCode: fake.issueAuthorizationCode(),
    });
    const created = await api.post<Run>('/api/imports/amocrm/runs', {
      connectionId: connection.id,
      selection: { entities: ['users', 'companies', 'contacts', 'pipelines', 'deals', 'events', 'tasks'] },
    });
    const ready = await waitFor(api, created.id, ['ready']);
    console.log(`data check: ${JSON.stringify(ready.check?.counts)} (total ${ready.counters.total})`);

    const from = fake.log.length;
    const t0 = performance.now();
    await api.post(`/api/imports/amocrm/runs/${created.id}/start`);
    const done = await waitFor(api, created.id, ['completed'], true);
    const seconds = (performance.now() - t0) / 1000;
    const requests = fake.log.slice(from);
    const floor = requests.length / RPS;
    const ratio = seconds / floor;

    const count = async (table: string) =>
      Number(
        (
          await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE account_id = $1`, [
            accountId,
          ])
        ).rows[0]?.n ?? 0,
      );
    const failures = new Map(
      (
        await db.query<{ entity: string; n: string }>(
          'SELECT entity, count(*) AS n FROM import_run_failures WHERE account_id = $1 GROUP BY entity',
          [accountId],
        )
      ).rows.map((r) => [r.entity, Number(r.n)]),
    );
    const entities: [string, number, string, string][] = [
      ['companies', data.companies.length, 'companies', 'companies'],
      ['contacts', data.contacts.length, 'contacts', 'contacts'],
      ['deals', data.leads.length, 'deals', 'deals'],
      ['tasks', data.tasks.length, 'tasks', 'tasks'],
      ['notes/events', data.notes.length, 'timeline_entries', 'events'],
    ];
    const byPath = new Map<string, number>();
    for (const r of requests) byPath.set(r.path, (byPath.get(r.path) ?? 0) + 1);

    console.log('');
    console.log('| figure                               | value        |');
    console.log('|--------------------------------------|-------------:|');
    const row = (k: string, v: string) => console.log(`| ${k.padEnd(36)} | ${v.padStart(12)} |`);
    row('requests to amoCRM during the run', String(requests.length));
    row(`API floor (requests ÷ ${RPS}/s)`, `${floor.toFixed(1)} s`);
    row('wall-clock (Start → completed)', `${seconds.toFixed(1)} s`);
    row('ratio (wall-clock ÷ floor)', `${ratio.toFixed(2)}×`);
    row('max requests in any 1-s window', String(maxRequestsInWindow(requests, 1000)));
    row('429 answers', String(requests.filter((r) => r.status === 429).length));
    row(
      'migrated / failed / total',
      `${done.counters.migrated}/${done.counters.failed}/${done.counters.total}`,
    );
    row('records per second', ((done.counters.migrated + done.counters.failed) / seconds).toFixed(0));
    console.log('');
    console.log('| entity        | in amoCRM | in Voronka | not migrated (report) |');
    console.log('|---------------|----------:|-----------:|----------------------:|');
    for (const [label, source, table, entity] of entities)
      console.log(
        `| ${label.padEnd(13)} | ${String(source).padStart(9)} | ${String(await count(table)).padStart(10)} | ${String(failures.get(entity) ?? 0).padStart(21)} |`,
      );
    console.log('');
    console.log(
      `requests by path: ${[...byPath.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([p, n]) => `${p} ${n}`)
        .join(', ')}`,
    );
    const pass = ratio <= TARGET_RATIO && maxRequestsInWindow(requests, 1000) <= RPS;
    console.log(
      `\n${pass ? 'PASS' : 'FAIL'}: wall-clock ${seconds.toFixed(1)} s is ${ratio.toFixed(2)}× the API floor ` +
        `${floor.toFixed(1)} s (target ≤ ${TARGET_RATIO}×); at most ${maxRequestsInWindow(requests, 1000)} requests in any second (limit ${RPS})`,
    );
    if (!pass) process.exitCode = 1;
  } finally {
    await fake?.close();
    await db.end();
    await server.stop();
    if (process.env.BENCH_KEEP === '1') console.log(`kept ${database.name}`);
    else await database.drop();
  }
}

await main();
