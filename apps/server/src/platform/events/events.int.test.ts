import { beforeAll, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../../test/harness.js';
import { signUp } from '../../../test/http.js';
import type { Voronka } from '../../app.js';
import { deliveryQueue, type Subscriber } from './index.js';

// A subscriber whose effect is a row written in its delivery transaction; it fails its first attempt
// for each event after writing, so the write must roll back and the retry must write it exactly once.
const attempts = new Map<string, number>();
const flaky: Subscriber = {
  name: 'test-flaky',
  types: ['department.*'],
  async handle(event, trx) {
    await sql`INSERT INTO test_effects (event_id, subscriber) VALUES (${event.id}, 'test-flaky')`.execute(
      trx,
    );
    const n = (attempts.get(event.id) ?? 0) + 1;
    attempts.set(event.id, n);
    if (n === 1) throw new Error('simulated crash after the effect was written');
  },
};

// A subscriber whose delivery of an event marked `fail` fails on its first attempt: with others in the
// same fetched batch, only that one job must be retried.
const batchAttempts = new Map<string, number>();
const batch: Subscriber = {
  name: 'test-batch',
  types: ['test.batch'],
  async handle(event, trx) {
    const n = (batchAttempts.get(event.id) ?? 0) + 1;
    batchAttempts.set(event.id, n);
    if (event.payload.fail === true && n === 1) throw new Error('simulated failure of one delivery');
    await sql`INSERT INTO test_effects (event_id, subscriber) VALUES (${event.id}, 'test-batch')`.execute(
      trx,
    );
  },
};

const effects = async (voronka: Voronka, eventId: string) =>
  (
    await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM test_effects WHERE event_id = ${eventId}`.execute(voronka.database.db)
  ).rows[0]?.n;

describeEachDatabase(
  'domain events: transactional outbox and delivery',
  (get) => {
    beforeAll(async () => {
      await sql`CREATE TABLE test_effects (event_id uuid NOT NULL, subscriber text NOT NULL)`.execute(
        get().database.db,
      );
    });

    it('an event exists exactly when its change commits, with its delivery job', async () => {
      const admin = await signUp(get());
      const { db } = get().database;
      await expect(
        db.transaction().execute(async (trx) => {
          await get().events.record(
            trx,
            { accountId: admin.accountId, actorUserId: admin.userId, source: 'api' },
            {
              type: 'department.created',
              entity: 'department',
              entityId: null,
              payload: { name: 'rolled back' },
            },
          );
          throw new Error('the change fails');
        }),
      ).rejects.toThrow('the change fails');
      const rolledBack = await db
        .selectFrom('domain_events')
        .select('id')
        .where('account_id', '=', admin.accountId)
        .where(sql`payload->>'name'`, '=', 'rolled back')
        .execute();
      expect(rolledBack).toHaveLength(0);
      const jobs = await sql<{
        n: string;
      }>`SELECT count(*)::text AS n FROM pgboss.job WHERE data->>'accountId' = ${admin.accountId} AND name = ${deliveryQueue('test-flaky')}`.execute(
        db,
      );
      expect(jobs.rows[0]?.n).toBe('0');

      const res = await admin.client.post('/api/departments', { name: 'Отдел продаж' });
      expect(res.status).toBe(201);
      const event = await db
        .selectFrom('domain_events')
        .selectAll()
        .where('account_id', '=', admin.accountId)
        .where('type', '=', 'department.created')
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({ entity_id: res.body.id, actor_user_id: admin.userId, source: 'ui' });
      expect(event.payload).toMatchObject({ name: 'Отдел продаж' });
    });

    it('a delivery that fails mid-way is retried and its effect lands exactly once; a duplicate job is a no-op', async () => {
      const admin = await signUp(get());
      const res = await admin.client.post('/api/departments', { name: 'Логистика' });
      const event = await get()
        .database.db.selectFrom('domain_events')
        .select('id')
        .where('account_id', '=', admin.accountId)
        .where('entity_id', '=', res.body.id)
        .executeTakeFirstOrThrow();
      // The handler counts its attempt before its transaction commits: wait for the committed effect.
      await vi.waitFor(async () => expect(await effects(get(), event.id)).toBe('1'), {
        timeout: 20_000,
        interval: 200,
      });
      expect(attempts.get(event.id)).toBe(2);

      await get().jobs.send(deliveryQueue('test-flaky'), { eventId: event.id, accountId: admin.accountId });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(attempts.get(event.id)).toBe(2);
      expect(await effects(get(), event.id)).toBe('1');
      const deliveries = await get()
        .database.db.selectFrom('event_deliveries')
        .select('subscriber')
        .where('event_id', '=', event.id)
        .where('subscriber', '=', 'test-flaky')
        .execute();
      expect(deliveries).toHaveLength(1);
    });

    it('drains a backlog in batches, and a failing delivery is retried alone', async () => {
      const admin = await signUp(get());
      const { db } = get().database;
      const count = 120;
      const ids = await db.transaction().execute(async (trx) => {
        const recorded: string[] = [];
        for (let i = 0; i < count; i++) {
          const event = await get().events.record(
            trx,
            { accountId: admin.accountId, actorUserId: admin.userId, source: 'import' },
            { type: 'test.batch', entity: 'test', entityId: null, payload: { i, fail: i === 7 } },
          );
          recorded.push(event.id);
        }
        return recorded;
      });
      const delivered = async () =>
        Number(
          (
            await sql<{ n: string }>`SELECT count(*)::text AS n FROM test_effects
              WHERE subscriber = 'test-batch' AND event_id = ANY(${ids}::uuid[])`.execute(db)
          ).rows[0]?.n,
        );
      // One job per polling interval (0.5 s) would need a minute for this backlog.
      await vi.waitFor(async () => expect(await delivered()).toBe(count), { timeout: 30_000, interval: 250 });
      const retried = await sql<{ event_id: string; retry_count: number }>`
        SELECT data->>'eventId' AS event_id, retry_count FROM pgboss.job
        WHERE name = ${deliveryQueue('test-batch')} AND data->>'accountId' = ${admin.accountId}
          AND retry_count > 0`.execute(db);
      expect(retried.rows).toEqual([{ event_id: ids[7], retry_count: 1 }]);
      expect(ids.map((id) => batchAttempts.get(id))).toEqual(ids.map((_, i) => (i === 7 ? 2 : 1)));
    });
  },
  { subscribers: [flaky, batch] },
);
