// Domain events through a transactional outbox.
//  - record(): inside the service's transaction, inserts the event into domain_events, enqueues one
//    pg-boss delivery job per interested subscriber, and NOTIFYs `domain_events` (delivered on commit,
//    so realtime listeners never see an event whose change rolled back). recordMany() does the same for
//    a batch (a migrated page): one insert of the events, one insert of each subscriber's jobs, one
//    statement for the NOTIFYs — each event still its own row, job and notice.
//  - projections (the change history) run inside that same transaction with the stored events: a view
//    of the stream every write needs at once costs one insert per batch, not a delivery job per event.
//  - each subscriber has its own queue `event-delivery.<name>` with retries and backoff; a delivery runs
//    in one transaction with an insert into event_deliveries, so a redelivered job (worker killed mid-way,
//    job retried) finds the row and does nothing: every event reaches every subscriber's effects once.
import { sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { DomainEvent, EventSource } from '@voronka/contracts';
import type { Db } from '../db/index.js';
import type { DB, DomainEventsTable } from '../db/schema.js';
import type { Jobs } from '../jobs/index.js';
import type { Selectable } from 'kysely';

export { changesOf, diffRecords, type Changes } from './changes.js';

export const EVENTS_CHANNEL = 'domain_events';

/**
 * A recorded event with its position in the account's stream; `chainDepth` (> 0 only for events caused by
 * automations) is how many automation runs led to it — loop protection reads it (ADR 0017).
 */
export type StoredEvent = DomainEvent & { seq: string; chainDepth?: number };

export interface EventContext {
  accountId: string;
  actorUserId: string | null;
  source: EventSource;
  /** Set by an automation run: the depth of the chain its effects continue (ADR 0017). */
  chainDepth?: number;
}

export interface NewEvent {
  type: string;
  entity: string;
  entityId: string | null;
  payload?: Record<string, unknown>;
}

export interface Subscriber {
  /** Stable name: part of the queue name and of the delivery record. */
  name: string;
  /** Event types this subscriber wants; `*` suffix matches a prefix (`user.*`). Omitted: all. */
  types?: string[];
  /** Runs inside the delivery transaction: write through `trx` so the effect and the record commit together. */
  handle(event: StoredEvent, trx: Transaction<DB>): Promise<void>;
}

/**
 * A synchronous view of the stream (ADR 0015): written in the transaction that records the events, so it
 * is never behind them and never written twice.
 */
export interface Projection {
  name: string;
  /** The events just recorded, in stream order (one call per `record` / `recordMany`). */
  project(events: StoredEvent[], trx: Transaction<DB>): Promise<void>;
}

export interface EventBus {
  record(trx: Transaction<DB>, context: EventContext, event: NewEvent): Promise<DomainEvent>;
  /** Records events of one context in a few statements, in the order given. */
  recordMany(trx: Transaction<DB>, context: EventContext, events: NewEvent[]): Promise<DomainEvent[]>;
  /** Creates the subscribers' queues and, when this process runs the worker, starts delivering. */
  start(): Promise<void>;
  findById(accountId: string, id: string): Promise<(DomainEvent & { seq: string }) | undefined>;
  listAfter(accountId: string, afterSeq: string, limit: number): Promise<(DomainEvent & { seq: string })[]>;
}

export function toDomainEvent(row: Selectable<DomainEventsTable>): StoredEvent {
  return {
    ...(row.chain_depth > 0 ? { chainDepth: row.chain_depth } : {}),
    id: row.id,
    seq: row.seq,
    accountId: row.account_id,
    type: row.type,
    entity: row.entity,
    entityId: row.entity_id,
    actorUserId: row.actor_user_id,
    source: row.source as EventSource,
    payload: row.payload,
    occurredAt: row.occurred_at.toISOString(),
  };
}

const matches = (subscriber: Subscriber, type: string) =>
  !subscriber.types ||
  subscriber.types.some((t) => (t.endsWith('*') ? type.startsWith(t.slice(0, -1)) : t === type));

export const deliveryQueue = (subscriber: string) => `event-delivery.${subscriber}`;

export function createEventBus(deps: {
  db: Db;
  jobs: Jobs;
  logger: Logger;
  subscribers: Subscriber[];
  projections?: Projection[];
}): EventBus {
  const { db, jobs, logger, subscribers, projections = [] } = deps;

  async function deliver(subscriber: Subscriber, eventId: string, accountId: string) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('event_deliveries')
        .values({ account_id: accountId, event_id: eventId, subscriber: subscriber.name })
        .onConflict((oc) => oc.columns(['event_id', 'subscriber']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return; // delivered before: a retried job after a crash or a duplicate
      const row = await trx
        .selectFrom('domain_events')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', eventId)
        .executeTakeFirst();
      if (!row) return;
      await subscriber.handle(toDomainEvent(row), trx);
    });
  }

  async function recordMany(
    trx: Transaction<DB>,
    context: EventContext,
    events: NewEvent[],
  ): Promise<DomainEvent[]> {
    if (events.length === 0) return [];
    const rows = await trx
      .insertInto('domain_events')
      .values(
        events.map((event) => ({
          account_id: context.accountId,
          type: event.type,
          entity: event.entity,
          entity_id: event.entityId,
          actor_user_id: context.actorUserId,
          source: context.source,
          ...(context.chainDepth ? { chain_depth: context.chainDepth } : {}),
          payload: JSON.stringify(event.payload ?? {}),
        })),
      )
      .returningAll()
      .execute();
    rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    const stored = rows.map(toDomainEvent);
    for (const projection of projections) await projection.project(stored, trx);
    for (const subscriber of subscribers) {
      const jobsOf = rows
        .filter((row) => matches(subscriber, row.type))
        .map((row) => ({ eventId: row.id, accountId: row.account_id }));
      if (jobsOf.length === 1 && jobsOf[0]) {
        await jobs.sendInTransaction(trx, deliveryQueue(subscriber.name), jobsOf[0]);
      } else if (jobsOf.length > 1) {
        await jobs.sendManyInTransaction(trx, deliveryQueue(subscriber.name), jobsOf);
      }
    }
    const notices = rows.map((row) => JSON.stringify({ id: row.id, accountId: row.account_id }));
    if (notices.length === 1) await sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${notices[0]})`.execute(trx);
    else
      await sql`SELECT pg_notify(${EVENTS_CHANNEL}, n) FROM unnest(${notices}::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i`.execute(
        trx,
      );
    return stored;
  }

  return {
    async record(trx, context, event) {
      const [recorded] = await recordMany(trx, context, [event]);
      if (!recorded) throw new Error('unreachable');
      return recorded;
    },

    recordMany,

    async start() {
      for (const subscriber of subscribers) {
        const queue = deliveryQueue(subscriber.name);
        await jobs.createQueue(queue, {
          retryLimit: 25,
          retryBackoff: true,
          retryDelay: 2,
          retryDelayMax: 3600,
          heartbeatSeconds: 10,
          expireInSeconds: 600,
        });
        await jobs.work<{ eventId: string; accountId: string }>(
          queue,
          // A bulk change (an import, a bulk action) leaves thousands of deliveries at once: fetch them in
          // batches and keep fetching while batches come back full.
          { pollingIntervalSeconds: 0.5, batchSize: 25 },
          async (job) => {
            try {
              await deliver(subscriber, job.data.eventId, job.data.accountId);
            } catch (error) {
              logger.warn(
                { err: error, subscriber: subscriber.name, eventId: job.data.eventId },
                'event delivery failed; will retry',
              );
              throw error;
            }
          },
        );
      }
    },

    async findById(accountId, id) {
      const row = await db
        .selectFrom('domain_events')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toDomainEvent(row) : undefined;
    },

    async listAfter(accountId, afterSeq, limit) {
      const rows = await db
        .selectFrom('domain_events')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toDomainEvent);
    },
  };
}
