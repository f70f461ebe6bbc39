// bench/inbox — web-form submissions through the public intake API (issue 8): N submissions posted with
// bounded concurrency from this process to a Voronka in another process over loopback; then the database
// is counted: every accepted submission must be a stored request (none lost), and nothing else.
// Prints p50/p95/p99 latency and submissions per second.
//   npm run build -w @voronka/contracts && npm run build -w @voronka/server && npm run bench:inbox -w @voronka/bench
//   BENCH_DATABASE_URL=postgres://…   run on PostgreSQL (a scratch database); otherwise embedded PGlite
//   BENCH_SUBMISSIONS=50000 BENCH_CONCURRENCY=32 BENCH_REPEAT_SHARE=0.1 (share sent again by a known client)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const total = Number(process.env.BENCH_SUBMISSIONS ?? '50000');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '32');
const repeatShare = Number(process.env.BENCH_REPEAT_SHARE ?? '0.1');
const adminUrl = process.env.BENCH_DATABASE_URL;

async function scratchDatabase(url: string) {
  const name = `voronka_bench_inbox_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function startVoronka(dataDir: string, databaseUrl: string | undefined) {
  const port = 3990 + Math.floor(Math.random() * 9);
  const child = spawn(process.execPath, [path.join(root, 'apps/server/dist/main/api.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      // One client hammers the API from one address: the per-IP limit would refuse it.
      INTAKE_RATE_LIMIT: '0',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Voronka did not start');
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voronka-bench-inbox-'));
  const scratch = adminUrl ? await scratchDatabase(adminUrl) : undefined;
  const server = await startVoronka(dataDir, scratch?.url);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await exited;
  };
  try {
    const signUp = await fetch(`${server.url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accountName: 'Окна и балконы',
        name: 'Бенч',
        email: `bench.${Date.now()}@example.ru`,
        password: 'bench password',
      }),
    });
    const { account } = await json<{ account: { id: string } }>(signUp);
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const headers = { 'content-type': 'application/json', cookie };
    const pipelines = await json<{ items: { id: string }[] }>(
      await fetch(`${server.url}/api/pipelines`, { headers }),
    );
    const form = await json<{ id: string; publicKey: string }>(
      await fetch(`${server.url}/api/forms`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: 'Замер',
          pipelineId: pipelines.items[0]?.id,
          fields: [
            { key: 'name', label: 'Имя', target: 'name', required: true },
            { key: 'phone', label: 'Телефон', target: 'phone', required: true },
            { key: 'comment', label: 'Комментарий', target: 'comment' },
          ],
          consent: { required: true, text: 'Согласен на обработку персональных данных' },
        }),
      }),
    );
    const url = `${server.url}/api/public/forms/${form.publicKey}/submissions`;

    const latencies: number[] = [];
    let accepted = 0;
    let refused = 0;
    let next = 0;
    const t0 = performance.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        // A share of the requests come again from an earlier client (joins or repeats its deal).
        const client = i > 100 && Math.random() < repeatShare ? Math.floor(Math.random() * i) : i;
        const body = JSON.stringify({
          name: `Клиент ${client}`,
          phone: `+7916${String(1_000_000 + client).slice(-7)}`,
          comment: `Заявка ${i}: замер балкона`,
          consent: true,
          utm_source: i % 2 ? 'yandex' : 'vk',
        });
        const started = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        if (res.status === 201) accepted += 1;
        else {
          refused += 1;
          if (refused <= 5) console.error(`refused: ${res.status}`);
        }
        if ((i + 1) % 5000 === 0) console.log(`  ${i + 1}/${total}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - t0) / 1000;

    // Count what the database holds, after the server has stopped (PGlite is one process's).
    await stop();
    let stored: number;
    if (scratch) {
      const db = new pg.Client({ connectionString: scratch.url });
      await db.connect();
      stored = Number(
        (
          await db.query<{ n: string }>('SELECT count(*) AS n FROM intake_requests WHERE account_id = $1', [
            account.id,
          ])
        ).rows[0]?.n ?? 0,
      );
      await db.end();
    } else {
      const { PGlite } = await import('@electric-sql/pglite');
      const db = new PGlite(path.join(dataDir, 'pglite'));
      stored = Number(
        (
          await db.query<{ n: string }>(
            'SELECT count(*)::text AS n FROM intake_requests WHERE account_id = $1',
            [account.id],
          )
        ).rows[0]?.n ?? 0,
      );
      await db.close();
    }

    const sorted = [...latencies].sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log(
      `\nbench/inbox — ${scratch ? 'PostgreSQL' : 'embedded PGlite'}, Node ${process.version}, ` +
        `${os.cpus().length} cores, ${total} submissions, concurrency ${concurrency}\n`,
    );
    console.log(`accepted (201)         ${accepted}`);
    console.log(`refused                ${refused}`);
    console.log(
      `requests in database   ${stored}${stored === accepted ? '  (= accepted: none lost)' : '  MISMATCH'}`,
    );
    console.log(`submissions/s          ${(accepted / seconds).toFixed(1)}`);
    console.log(
      `latency p50 / p95 / p99 ${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 95))} / ${ms(percentile(sorted, 99))}`,
    );
    console.log(`wall time              ${seconds.toFixed(1)} s`);
    if (stored !== accepted || refused > 0) process.exitCode = 1;
  } finally {
    await stop();
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
