// Forward-only SQL migrations: apps/server/migrations/YYYYMMDDHHMMSS_verb_object.sql, applied in name
// order, each in its own transaction, recorded in schema_migrations. Identical on PostgreSQL and PGlite.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

export const migrationsDir = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export async function migrate(database: Database, dir = migrationsDir): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  await database.scriptTransaction(async (tx) => {
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  });
  for (const file of files) {
    const done = await database.scriptTransaction(async (tx) => {
      // Serialises concurrent starters (several API processes) on PostgreSQL; a no-op cost on PGlite.
      await tx.query('SELECT pg_advisory_xact_lock(74201)');
      const rows = await tx.query<{ name: string }>('SELECT name FROM schema_migrations WHERE name = $1', [
        file,
      ]);
      if (rows.length > 0) return false;
      await tx.exec(fs.readFileSync(`${dir}/${file}`, 'utf8'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
