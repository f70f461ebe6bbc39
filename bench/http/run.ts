// bench/http: requests per second of Voronka's /health and of authenticated JSON routes, against a
// bare Fastify hello-world measured in the same run on the same machine, printed as ratios.
// Each server runs in its own process; autocannon drives it from this one over loopback.
//   npm run bench                          (Voronka on embedded PGlite)
//   BENCH_DATABASE_URL=postgres://… npm run bench   (also on PostgreSQL, in a scratch database)
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=50
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? '10');
const connections = Number(process.env.BENCH_CONNECTIONS ?? '50');

function start(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${String(code)}`)));
  });
}

async function startVoronka(databaseUrl?: string) {
  const port = 3900 + Math.floor(Math.random() * 90);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voronka-bench-'));
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
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Voronka did not start');
}

async function load(title: string, url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

type Row = Awaited<ReturnType<typeof load>>;

async function benchVoronka(label: string, databaseUrl?: string): Promise<Row[]> {
  const { child, url } = await startVoronka(databaseUrl);
  try {
    const email = `bench.${Date.now()}@example.ru`;
    const signUp = await fetch(`${url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountName: 'Бенчмарк', name: 'Бенч', email, password: 'bench password' }),
    });
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = (
      (await (
        await fetch(`${url}/api/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ name: 'bench' }),
        })
      ).json()) as { token: string }
    ).token;
    return [
      await load(`${label} GET /health`, `${url}/health`),
      await load(`${label} GET /api/me (API token)`, `${url}/api/me`, { authorization: `Bearer ${token}` }),
      await load(`${label} GET /api/users (session)`, `${url}/api/users`, { cookie }),
    ];
  } finally {
    child.kill('SIGTERM');
  }
}

async function scratchDatabase(adminUrl: string) {
  const name = `voronka_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const hello = await start(fileURLToPath(new URL('./hello.js', import.meta.url)), ['0'], {});
const baseline = await load('bare Fastify hello-world', hello.url);
hello.child.kill('SIGTERM');

const rows: Row[] = [baseline, ...(await benchVoronka('Voronka/PGlite'))];
const pgUrl = process.env.BENCH_DATABASE_URL;
if (pgUrl) {
  const db = await scratchDatabase(pgUrl);
  try {
    rows.push(...(await benchVoronka('Voronka/PostgreSQL', db.url)));
  } finally {
    await db.drop();
  }
}

console.log(
  `\nbench/http — Node ${process.version}, ${os.cpus().length} cores, ${connections} connections, ${seconds}s each\n`,
);
console.log(
  'route'.padEnd(44),
  'req/s'.padStart(9),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'vs hello'.padStart(9),
);
for (const r of rows) {
  console.log(
    r.title.padEnd(44),
    r.rps.toFixed(0).padStart(9),
    r.p50.toFixed(1).padStart(8),
    r.p99.toFixed(1).padStart(8),
    `${((r.rps / baseline.rps) * 100).toFixed(1)}%`.padStart(9),
  );
}
