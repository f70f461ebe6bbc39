// Realtime fan-out (PLAT-3): one LISTEN per API process on the `domain_events` channel; each notice is
// loaded once and pushed to that account's open SSE streams. Works across processes on PostgreSQL
// (a worker's events reach the API's browsers) and in-process on PGlite.
// Views derived from events (the change history) are written in the event's own transaction (ADR 0015),
// so a browser that refetches on an event sees them.
// Access rights (ADR 0018): the stream route takes a `canSee(actor, event)` from the composition root and
// sends a member only the events of records they may read; `recordsOf` names the records an event is about.
import type { Logger } from 'pino';
import type { DomainEvent } from '@voronka/contracts';
import type { Database } from '../db/index.js';
import { EVENTS_CHANNEL, type EventBus } from '../events/index.js';

export type RealtimeEvent = DomainEvent & { seq: string };

/** The payload keys that name a deal besides the event's own record (intake's requests, copies, links). */
const DEAL_KEYS = ['dealId', 'copyId', 'targetDealId'] as const;

/**
 * The records an event is about, by the events' conventions: its own (`entity`, `entityId`); the record a
 * timeline entry or task is on (`payload.entity` + `payload.entityId`); the deals its payload names
 * (`dealId`, `copyId`, `targetDealId`). Each once.
 */
export function recordsOf(
  event: Pick<DomainEvent, 'entity' | 'entityId' | 'payload'>,
): { entity: string; id: string }[] {
  const found: { entity: string; id: string }[] = [];
  const add = (entity: unknown, id: unknown) => {
    if (typeof entity !== 'string' || typeof id !== 'string' || id === '') return;
    if (!found.some((r) => r.entity === entity && r.id === id)) found.push({ entity, id });
  };
  add(event.entity, event.entityId);
  add(event.payload.entity, event.payload.entityId);
  for (const key of DEAL_KEYS) add('deal', event.payload[key]);
  return found;
}
export type RealtimeListener = (event: RealtimeEvent) => void;

export interface RealtimeHub {
  start(): Promise<void>;
  stop(): Promise<void>;
  subscribe(accountId: string, listener: RealtimeListener): () => void;
  connections(): number;
}

export function createRealtimeHub(deps: {
  database: Database;
  events: EventBus;
  logger: Logger;
}): RealtimeHub {
  const byAccount = new Map<string, Set<RealtimeListener>>();
  const unlisten: (() => Promise<void>)[] = [];

  function fanOut(accountId: string, message: RealtimeEvent) {
    for (const listener of byAccount.get(accountId) ?? []) listener(message);
  }

  async function onNotice(payload: string) {
    let notice: { id: string; accountId: string };
    try {
      notice = JSON.parse(payload) as { id: string; accountId: string };
    } catch {
      return;
    }
    const listeners = byAccount.get(notice.accountId);
    if (!listeners?.size) return;
    const event = await deps.events.findById(notice.accountId, notice.id);
    if (event) fanOut(notice.accountId, event);
  }

  return {
    async start() {
      unlisten.push(
        await deps.database.listen(EVENTS_CHANNEL, (payload) => {
          onNotice(payload).catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'realtime fan-out failed'),
          );
        }),
      );
    },
    async stop() {
      await Promise.all(unlisten.splice(0).map((end) => end()));
      byAccount.clear();
    },
    subscribe(accountId, listener) {
      let set = byAccount.get(accountId);
      if (!set) byAccount.set(accountId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) byAccount.delete(accountId);
      };
    },
    connections: () => [...byAccount.values()].reduce((n, s) => n + s.size, 0),
  };
}
