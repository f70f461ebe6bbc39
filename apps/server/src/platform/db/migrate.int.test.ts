import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/harness.js';
import { migrate, migrationsDir, openDatabase, type Database } from './index.js';

const all = fs
  .readdirSync(migrationsDir)
  .filter((f) => f.endsWith('.sql'))
  .sort();

/** A folder holding only the migrations named before `stop` (a database as an older release left it). */
function migrationsBefore(stop: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voronka-migrations-'));
  for (const file of all.filter((f) => f < stop))
    fs.copyFileSync(path.join(migrationsDir, file), path.join(dir, file));
  return dir;
}

for (const kind of databaseKinds()) {
  // Every migration on a fresh database: tens of seconds on PGlite when the machine is busy.
  describe(`migrations [${kind}]`, { timeout: 120_000 }, () => {
    let test: TestDatabase | undefined;
    let database: Database | undefined;
    afterEach(async () => {
      await database?.close();
      await test?.drop();
    });

    it('apply in order, once, and record each', async () => {
      test = await createTestDatabase(kind);
      database = await openDatabase(test.target);
      expect(await migrate(database)).toEqual(all);
      expect(await migrate(database)).toEqual([]);
      const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(
        database.db,
      );
      expect(rows.map((r) => r.name)).toEqual(all);
    });

    it('give accounts made before pipelines existed their default pipeline, in their language', async () => {
      test = await createTestDatabase(kind);
      database = await openDatabase(test.target);
      await migrate(database, migrationsBefore('20261123160000'));
      const { db } = database;
      await db
        .insertInto('accounts')
        .values([
          { name: 'Старый', locale: 'ru' },
          { name: 'Old', locale: 'en' },
        ])
        .execute();
      await migrate(database);
      const pipelines = await db
        .selectFrom('pipelines')
        .innerJoin('accounts', 'accounts.id', 'pipelines.account_id')
        .select(['accounts.name as account', 'pipelines.name', 'pipelines.is_default', 'pipelines.id'])
        .orderBy('accounts.name')
        .execute();
      expect(pipelines.map((p) => [p.account, p.name, p.is_default])).toEqual([
        ['Old', 'Sales', true],
        ['Старый', 'Продажи', true],
      ]);
      const stages = await db
        .selectFrom('stages')
        .select(['kind', 'name'])
        .where('pipeline_id', '=', pipelines[1]?.id ?? '')
        .orderBy('position')
        .execute();
      expect(stages.map((s) => s.kind)).toEqual(['unsorted', 'open', 'open', 'open', 'open', 'won', 'lost']);
      expect(stages[0]?.name).toBe('Неразобранное');
    });
  });
}
