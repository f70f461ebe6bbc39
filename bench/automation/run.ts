// bench/automation — robots driven by the outbox (issue 6, AUTO-1): an account with 100,000 generated deals
// (set-based SQL straight into the database while the server is stopped) and an "immediately" robot
// (add a comment) on one stage; then M deals are moved to that stage through the API from this process,
// with bounded concurrency, against a Voronka in another process. Measured from the database's own
// timestamps: the delay between each stage change's event and its robot's effect committed (the run's
// finished_at, written in the effect's transaction) — p50/p95/p99 — and the throughput of events through
// the outbox to robots (events and runs per second from the first move to the last effect).
//   npm run bench:automation
//   BENCH_DATABASE_URL=postgres://…   run on PostgreSQL (a scratch database); otherwise embedded PGlite
//   BENCH_DEALS=100000 BENCH_MOVES=2000 BENCH_CONCURRENCY=16
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dealCount = Number(process.env.BENCH_DEALS ?? '100000');
const moves = Number(process.env.BENCH_MOVES ?? '2000');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '16');
const adminUrl = process.env.BENCH_DATABASE_URL;

interface Sql {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function scratchDatabase(url: string) {
  const name = `voronka_bench_automation_${Date.now()}`;
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

/** The database directly (PGlite only while the server is stopped: it belongs to one process). */
async function openSql(dataDir: string, databaseUrl: string | undefined): Promise<Sql> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return {
      query: async <T>(text: string, params: unknown[] = []) =>
        (await client.query(text, params)).rows as T[],
      close: () => client.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(path.join(dataDir, 'pglite'));
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
    close: () => db.close(),
  };
}

async function startVoronka(dataDir: string, databaseUrl: string | undefined) {
  const port = 3980 + Math.floor(Math.random() * 9);
  const child = spawn(process.execPath, [path.join(root, 'apps/server/dist/main/api.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) {
        return {
          url,
          async stop() {
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGTERM');
            await exited;
          },
        };
      }
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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voronka-bench-automation-'));
  const scratch = adminUrl ? await scratchDatabase(adminUrl) : undefined;
  let server = await startVoronka(dataDir, scratch?.url);
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
    const me = await json<{ account: { id: string }; user: { id: string } }>(signUp);
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const headers = { 'content-type': 'application/json', cookie };
    const pipelines = await json<{ items: { id: string; stages: { id: string; kind: string }[] }[] }>(
      await fetch(`${server.url}/api/pipelines`, { headers }),
    );
    const pipeline = pipelines.items[0];
    const open = pipeline?.stages.filter((s) => s.kind === 'open') ?? [];
    const [from, to] = open;
    if (!pipeline || !from || !to) throw new Error('no open stages');

    // 100,000 deals in the first open stage, written set-based while the server is stopped.
    await server.stop();
    const t0 = performance.now();
    const sql = await openSql(dataDir, scratch?.url);
    await sql.query(
      `INSERT INTO deals (account_id, name, pipeline_id, stage_id, amount, currency, responsible_user_id, tags,
                          created_by, search)
       SELECT $1, 'Сделка ' || g, $2, $3, (g % 500) * 1000, 'RUB', $4, ARRAY['bench'], $4,
              to_tsvector('simple', 'Сделка ' || g)
       FROM generate_series(1, ${dealCount}) g`,
      [me.account.id, pipeline.id, from.id, me.user.id],
    );
    const ids = (
      await sql.query<{ id: string }>(
        `SELECT id FROM deals WHERE account_id = $1 ORDER BY random() LIMIT ${moves}`,
        [me.account.id],
      )
    ).map((r) => r.id);
    await sql.close();
    const generated = (performance.now() - t0) / 1000;
    console.log(`generated ${dealCount} deals in ${generated.toFixed(1)} s`);

    server = await startVoronka(dataDir, scratch?.url);
    const relogin = await fetch(`${server.url}/api/deals?limit=1`, { headers });
    if (!relogin.ok) throw new Error(`session lost: ${relogin.status}`);
    await json(
      await fetch(`${server.url}/api/automation/rules`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          kind: 'robot',
          pipelineId: pipeline.id,
          stageId: to.id,
          name: 'Поприветствовать',
          action: {
            type: 'add_comment',
            text: 'Сделка {{deal.title}} на {{deal.amount}} ₽ перешла к переговорам',
          },
        }),
      }),
    );

    let next = 0;
    const apiLatencies: number[] = [];
    const t1 = performance.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        const id = ids[i];
        if (id === undefined) return;
        const started = performance.now();
        await json(
          await fetch(`${server.url}/api/deals/${id}`, {
            method: 'PATCH',
            headers,
            body: JSON.stringify({ stageId: to.id }),
          }),
        );
        apiLatencies.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const moveSeconds = (performance.now() - t1) / 1000;
    // Wait until every move's robot has run (asked through the API: PGlite belongs to the server process).
    let pending = [...ids];
    for (let round = 0; round < 600 && pending.length > 0; round++) {
      const still: string[] = [];
      for (const id of pending) {
        const res = await json<{ items: { status: string }[] }>(
          await fetch(`${server.url}/api/deals/${id}/automation-runs`, { headers }),
        );
        if (!res.items.some((r) => r.status === 'done' || r.status === 'failed')) still.push(id);
      }
      pending = still;
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 200));
    }
    await server.stop();

    const db = await openSql(dataDir, scratch?.url);
    for (let i = 0; i < 600; i++) {
      const [row] = await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM automation_runs WHERE account_id = $1 AND status = 'done'`,
        [me.account.id],
      );
      if (Number(row?.n) >= moves) break;
      // PostgreSQL: a worker could still be finishing; PGlite: the server is stopped, counts are final.
      if (!scratch) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await db.query<{ delay_ms: string; occurred: string; finished: string }>(
      `SELECT (extract(epoch FROM r.finished_at - e.occurred_at) * 1000)::text AS delay_ms,
              (extract(epoch FROM e.occurred_at) * 1000)::text AS occurred,
              (extract(epoch FROM r.finished_at) * 1000)::text AS finished
         FROM automation_runs r JOIN domain_events e ON e.id = r.event_id
        WHERE r.account_id = $1 AND r.status = 'done'`,
      [me.account.id],
    );
    const [comments] = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM timeline_entries WHERE account_id = $1 AND kind = 'comment'`,
      [me.account.id],
    );
    const [events] = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM event_deliveries WHERE account_id = $1 AND subscriber = 'automation'`,
      [me.account.id],
    );
    await db.close();

    const delays = rows.map((r) => Number(r.delay_ms)).sort((a, b) => a - b);
    const first = Math.min(...rows.map((r) => Number(r.occurred)));
    const last = Math.max(...rows.map((r) => Number(r.finished)));
    const span = (last - first) / 1000;
    const api = [...apiLatencies].sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log(
      `\nbench/automation — ${scratch ? 'PostgreSQL' : 'embedded PGlite'}, Node ${process.version}, ` +
        `${os.cpus().length} cores, ${dealCount} deals, ${moves} stage moves, concurrency ${concurrency}\n`,
    );
    console.log(
      `robot runs done              ${rows.length}${rows.length === moves ? '  (= moves: none lost)' : '  MISMATCH'}`,
    );
    console.log(
      `comments written by robots   ${comments?.n ?? 0}${Number(comments?.n) === moves ? '  (one per move)' : '  MISMATCH'}`,
    );
    console.log(`events through the outbox    ${events?.n ?? 0} delivered to the automation subscriber`);
    console.log(`stage moves/s (API)          ${(moves / moveSeconds).toFixed(1)}`);
    console.log(
      `events/s to robots           ${(Number(events?.n ?? 0) / span).toFixed(1)}  (first move → last effect: ${span.toFixed(1)} s)`,
    );
    console.log(`robot effects/s              ${(rows.length / span).toFixed(1)}`);
    console.log(
      `stage change → effect        p50 ${ms(percentile(delays, 50))}   p95 ${ms(percentile(delays, 95))}   p99 ${ms(percentile(delays, 99))}   max ${ms(delays[delays.length - 1] ?? 0)}`,
    );
    console.log(
      `PATCH /api/deals/{id}        p50 ${ms(percentile(api, 50))}   p95 ${ms(percentile(api, 95))}`,
    );
    console.log(`ratio: effect p95 / API p95  ${(percentile(delays, 95) / percentile(api, 95)).toFixed(1)}×`);
  } finally {
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
