// The Voronka under test: a scratch PostgreSQL database, the built server in its own process, and a small
// JSON client for the set-up calls (sign-up, invitations, custom fields) the generator makes through the API.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const serverScript = process.env.BENCH_SERVER ?? path.join(root, 'apps/server/dist/main/api.js');

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database beside the one `adminUrl` names (which only needs CREATE DATABASE rights). */
export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `voronka_bench_core_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built server on the database and waits until /health answers. */
export async function startVoronka(databaseUrl: string): Promise<RunningServer> {
  if (!fs.existsSync(serverScript)) {
    throw new Error(`${serverScript} is missing: build the server first (npm run build -w @voronka/server)`);
  }
  const port = 3900 + Math.floor(Math.random() * 90);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voronka-bench-core-'));
  const child = spawn(process.execPath, [serverScript], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  // Migrations of a fresh database take a few seconds.
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error('Voronka did not start within 60 s');
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: string,
  ) {
    super(`${method} ${path} → ${status}: ${body.slice(0, 500)}`);
  }
}

/** JSON over fetch with one session cookie, like the web app. */
export class ApiClient {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      if (pair.startsWith('voronka_session=')) this.cookie = pair;
    }
    const text = await res.text();
    if (res.status >= 300) throw new ApiError(res.status, method, path, text);
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  get = async <T>(path: string) => (await this.request('GET', path)).body as T;
  post = async <T>(path: string, body?: unknown) => (await this.request('POST', path, body)).body as T;

  /** "GET /api/deals/{id}"-style keys of every route the server documents (what exists right now). */
  async routes(): Promise<Set<string>> {
    const doc = await this.get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    return new Set(
      Object.entries(doc.paths).flatMap(([p, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
  }
}
