// Robots under a real crash: a separate worker process is killed (SIGKILL) while it delivers events and
// runs robots; a restarted worker finishes. Every action happens exactly once: each deal has one task and
// one comment from its two robots, and every run is done — the action and the run's record commit together,
// and a job delivered again finds its run already done.
// PostgreSQL only: a separate worker process needs a server database (PGlite belongs to one process).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, startVoronka, type TestDatabase } from '../../../test/harness.js';
import { signUp } from '../../../test/http.js';
import type { Voronka } from '../../app.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/automation-worker.mjs', import.meta.url));
const DEALS = 60;

function startWorker(databaseUrl: string) {
  return spawn(process.execPath, [fixture], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DATA_DIR: '/tmp/voronka-test-data',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

describe.runIf(process.env.TEST_DATABASE_URL)('automation worker killed mid-run [postgres]', () => {
  let database: TestDatabase;
  let api: Voronka;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // The API only records events and jobs; it runs no worker.
    api = await startVoronka(database.target, {}, { WORKER_IN_PROCESS: 'false' });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await api.close();
    await database.drop();
  });

  const count = async (status: string) =>
    Number(
      (
        await api.database.db
          .selectFrom('automation_runs')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('status', '=', status as 'done')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('does every action once', async () => {
    if (database.target.kind !== 'postgres') throw new Error('unreachable');
    const admin = await signUp(api);
    const pipeline = (await admin.client.get('/api/pipelines')).body.items[0];
    const stage = pipeline.stages.find((s: { kind: string }) => s.kind === 'open').id as string;
    for (const action of [
      { type: 'create_task', text: 'Позвонить по {{deal.title}}' },
      { type: 'add_comment', text: 'Робот: {{deal.title}}' },
    ])
      expect(
        (
          await admin.client.post('/api/automation/rules', {
            kind: 'robot',
            pipelineId: pipeline.id,
            stageId: stage,
            name: action.type,
            action,
          })
        ).status,
      ).toBe(201);
    for (let i = 0; i < DEALS; i++)
      await admin.client.post('/api/deals', { name: `Сделка ${i}`, pipelineId: pipeline.id, stageId: stage });

    const first = startWorker(database.target.url);
    children.push(first);
    await vi.waitFor(async () => expect(await count('done')).toBeGreaterThanOrEqual(10), {
      timeout: 60_000,
      interval: 20,
    });
    first.kill('SIGKILL');
    const doneAtKill = await count('done');
    expect(doneAtKill).toBeLessThan(DEALS * 2);

    const second = startWorker(database.target.url);
    children.push(second);
    await vi.waitFor(async () => expect(await count('done')).toBe(DEALS * 2), {
      timeout: 120_000,
      interval: 250,
    });

    const perDeal = await api.database.db
      .selectFrom('deals as d')
      .select((eb) => [
        'd.id',
        eb
          .selectFrom('tasks as t')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('t.deal_id', '=', 'd.id')
          .as('tasks'),
        eb
          .selectFrom('timeline_entries as c')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('c.deal_id', '=', 'd.id')
          .where('c.kind', '=', 'comment')
          .as('comments'),
        eb
          .selectFrom('automation_runs as r')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('r.deal_id', '=', 'd.id')
          .as('runs'),
      ])
      .execute();
    expect(perDeal).toHaveLength(DEALS);
    for (const deal of perDeal) {
      expect([Number(deal.tasks), Number(deal.comments), Number(deal.runs)]).toEqual([1, 1, 2]);
    }
    expect(await count('failed')).toBe(0);
    process.stdout.write(
      `automation crash test: ${doneAtKill} of ${DEALS * 2} runs done when the worker was killed\n`,
    );
  });
});
