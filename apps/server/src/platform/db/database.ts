// Opens the database: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite in DATA_DIR.
// Both speak the same SQL and run the same migrations; the rest of the code sees one Kysely<DB>.
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  Kysely,
  PGliteDialect,
  PostgresDialect,
  type Dialect,
  type Driver,
  type DatabaseConnection,
} from 'kysely';
import pg from 'pg';
import fs from 'node:fs';
import type { DB } from './schema.js';

export type DatabaseTarget =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string } | { kind: 'pglite'; memory: true };

export type Db = Kysely<DB>;

/** Runs a multi-statement SQL script and parameterised statements in one transaction (migrations). */
export type ScriptTransaction = {
  exec(script: string): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
};

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** The raw PGlite instance (pg-boss and LISTEN use it), when embedded. */
  pglite: PGlite | undefined;
  connectionString: string | undefined;
  scriptTransaction<T>(fn: (tx: ScriptTransaction) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// PGlite has one connection. Kysely's PGlite driver hands that connection to every caller, so a plain
// query issued while another request's transaction is open would run inside that transaction. This
// driver wrapper makes connection acquisition exclusive: one Kysely query or transaction at a time.
class ExclusiveDriver implements Driver {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(private readonly inner: Driver) {}

  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection) {
    await this.inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  beginTransaction(...args: Parameters<Driver['beginTransaction']>) {
    return this.inner.beginTransaction(...args);
  }
  commitTransaction(...args: Parameters<Driver['commitTransaction']>) {
    return this.inner.commitTransaction(...args);
  }
  rollbackTransaction(...args: Parameters<Driver['rollbackTransaction']>) {
    return this.inner.rollbackTransaction(...args);
  }
  destroy() {
    return this.inner.destroy();
  }
}

function exclusive(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new ExclusiveDriver(dialect.createDriver()),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

// timestamptz and bigint come back as Date / string from both drivers; int8 stays a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url);
  return openPglite(target);
}

async function openPglite(target: { dataDir: string } | { memory: true }): Promise<Database> {
  let dataDir: string | undefined;
  if ('dataDir' in target) {
    fs.mkdirSync(target.dataDir, { recursive: true });
    dataDir = target.dataDir;
  }
  // int8 and numeric as strings, as node-postgres gives them: sequence numbers and money must not lose
  // precision, and both databases must hand the code the same types.
  const asText = (value: string) => value;
  // pg_trgm serves substring search on custom-field values, as on PostgreSQL.
  const pglite = await PGlite.create(dataDir, {
    parsers: { [types.INT8]: asText, [types.NUMERIC]: asText },
    extensions: { pg_trgm },
  });
  const db = new Kysely<DB>({ dialect: exclusive(new PGliteDialect({ pglite })) });
  return {
    kind: 'pglite',
    db,
    pglite,
    connectionString: undefined,
    scriptTransaction: (fn) =>
      pglite.transaction((tx) =>
        fn({
          exec: async (script) => {
            await tx.exec(script);
          },
          query: async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows,
        }),
      ),
    listen: async (channel, onPayload) => {
      const unsubscribe = await pglite.listen(channel, onPayload);
      return unsubscribe;
    },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle pooled connection the server dropped (restart, failover) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<pg.Client>();
  return {
    kind: 'postgres',
    db,
    pglite: undefined,
    connectionString: url,
    scriptTransaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          exec: async (script) => {
            await client.query(script);
          },
          query: async <T>(text: string, params?: unknown[]) =>
            (await client.query(text, params)).rows as T[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    listen: async (channel, onPayload) => {
      // A dedicated connection: LISTEN is per session, pooled connections would lose it.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      listeners.add(client);
      client.on('notification', (msg) => {
        if (msg.channel === channel && msg.payload !== undefined) onPayload(msg.payload);
      });
      client.on('error', () => undefined);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        listeners.delete(client);
        await client.end();
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((c) => c.end()));
      await db.destroy();
    },
  };
}
