// Realtime fan-out (PLAT-3): one LISTEN per API process on the `domain_events` channel; each notice is
// loaded once and pushed to that account's open SSE streams. Works across processes on PostgreSQL
// (a worker's events reach the API's browsers) and in-process on PGlite.
// Views derived from events (the change history) are written in the event's own transaction (ADR 0015),
// so a browser that refetches on an event sees them.
import type { Logger } from 'pino';
import type { DomainEvent } from '@voronka/contracts';
import type { Database } from '../db/index.js';
import { EVENTS_CHANNEL, type EventBus } from '../events/index.js';

export type RealtimeEvent = DomainEvent & { seq: string };
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
