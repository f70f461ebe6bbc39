// Realtime fan-out (PLAT-3): one LISTEN per API process on the `domain_events` channel; each notice is
// loaded once and pushed to that account's open SSE streams. Works across processes on PostgreSQL
// (a worker's events reach the API's browsers) and in-process on PGlite.
// Besides events, the hub carries notices on `realtime_notices`: a derived view of a record changed
// after its event was delivered (the history subscriber wrote the entry), so a browser that refetched on
// the event refetches again. Notices have no sequence number and are not replayed.
import { sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { DomainEvent } from '@voronka/contracts';
import type { Database } from '../db/index.js';
import type { DB } from '../db/schema.js';
import { EVENTS_CHANNEL, type EventBus } from '../events/index.js';

export const NOTICES_CHANNEL = 'realtime_notices';

export type RealtimeEvent = DomainEvent & { seq: string };
/** `type` names what changed (`history.recorded`); `entity`/`entityId` the record it belongs to. */
export interface RealtimeNotice {
  accountId: string;
  type: string;
  entity: string;
  entityId: string | null;
}
export type RealtimeListener = (message: RealtimeEvent | RealtimeNotice) => void;

export const isEvent = (message: RealtimeEvent | RealtimeNotice): message is RealtimeEvent =>
  'seq' in message;

/** Sends a notice to the account's browsers when `trx` commits. */
export async function publishNotice(trx: Transaction<DB>, notice: RealtimeNotice): Promise<void> {
  await sql`SELECT pg_notify(${NOTICES_CHANNEL}, ${JSON.stringify(notice)})`.execute(trx);
}

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

  function fanOut(accountId: string, message: RealtimeEvent | RealtimeNotice) {
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

  function onRealtimeNotice(payload: string) {
    let notice: RealtimeNotice;
    try {
      notice = JSON.parse(payload) as RealtimeNotice;
    } catch {
      return;
    }
    if (typeof notice.accountId === 'string' && typeof notice.type === 'string')
      fanOut(notice.accountId, notice);
  }

  return {
    async start() {
      unlisten.push(
        await deps.database.listen(EVENTS_CHANNEL, (payload) => {
          onNotice(payload).catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'realtime fan-out failed'),
          );
        }),
        await deps.database.listen(NOTICES_CHANNEL, onRealtimeNotice),
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
