// Integration-test harness: a real Voronka (real HTTP stack through Fastify's inject, real database,
// real pg-boss) on in-memory PGlite, and on a scratch PostgreSQL database when TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe } from 'vitest';
import pg from 'pg';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createVoronka, type CreateOptions, type Voronka } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { DatabaseTarget } from '../src/platform/db/index.js';

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind. */
export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite')
    return { kind, target: { kind: 'pglite', memory: true }, drop: () => Promise.resolve() };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `voronka_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    target: { kind: 'postgres', url: url.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const databaseKinds = (): ('pglite' | 'postgres')[] =>
  process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export function testConfig(overrides: Record<string, string | undefined> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: path.join(os.tmpdir(), 'voronka-test-data'),
    PUBLIC_URL: 'http://voronka.test',
    ...overrides,
  });
}

export async function startVoronka(
  target: DatabaseTarget,
  options: CreateOptions = {},
  env: Record<string, string | undefined> = {},
) {
  const databaseEnv: Record<string, string> = target.kind === 'postgres' ? { DATABASE_URL: target.url } : {};
  return createVoronka(testConfig({ ...databaseEnv, ...env }), { database: target, ...options });
}

/**
 * Runs the suite once per database kind, each against its own fresh database and Voronka.
 * `get()` returns the running instance inside tests.
 */
export function describeEachDatabase(
  name: string,
  suite: (get: () => Voronka, kind: 'pglite' | 'postgres') => void,
  options: CreateOptions = {},
) {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      let voronka: Voronka | undefined;
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind);
        voronka = await startVoronka(database.target, options);
      });
      afterAll(async () => {
        await voronka?.close();
        await database?.drop();
      });
      suite(() => {
        if (!voronka) throw new Error('Voronka did not start');
        return voronka;
      }, kind);
    });
  }
}
