import { sql } from 'kysely';
import type { StoredEvent } from '../../platform/events/index.js';
import type { Db } from '../../platform/db/index.js';

export function createHistoryRepository() {
  return {
    /** One entry per event, in one statement. */
    insertMany: async (
      db: Db,
      entries: { event: StoredEvent; changes: unknown; details: Record<string, unknown> }[],
    ) => {
      if (entries.length === 0) return;
      await db
        .insertInto('history_entries')
        .values(
          entries.map(({ event, changes, details }) => ({
            account_id: event.accountId,
            event_id: event.id,
            seq: event.seq,
            type: event.type,
            entity: event.entity,
            entity_id: event.entityId,
            actor_user_id: event.actorUserId,
            source: event.source,
            changes: changes === null ? null : JSON.stringify(changes),
            details: JSON.stringify(details),
            occurred_at: event.occurredAt,
          })),
        )
        .execute();
    },

    /** A record's entries, newest first, older than `beforeSeq` when given. */
    page: (
      db: Db,
      accountId: string,
      entity: string,
      entityId: string,
      beforeSeq: string | undefined,
      limit: number,
    ) => {
      let query = db
        .selectFrom('history_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('entity', '=', entity)
        .where('entity_id', '=', entityId);
      if (beforeSeq) query = query.where('seq', '<', beforeSeq);
      return query.orderBy('seq', 'desc').limit(limit).execute();
    },
    /**
     * A record's entries by time, newest first, older than `before` — (occurred_at, id) < (at, id), or
     * occurred_at <= / < at without an id — with the moment at microsecond precision (`at_key`), for feeds
     * that merge the history with other streams in one keyset (the timeline).
     */
    byTime: (
      db: Db,
      accountId: string,
      entity: string,
      entityId: string,
      before: { at: string; id?: string | undefined; inclusive?: boolean | undefined } | undefined,
      limit: number,
    ) => {
      let query = db
        .selectFrom('history_entries')
        .selectAll()
        .select(
          sql<string>`to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at_key'),
        )
        .where('account_id', '=', accountId)
        .where('entity', '=', entity)
        .where('entity_id', '=', entityId);
      if (before?.id !== undefined)
        query = query.where(
          sql<boolean>`(occurred_at, id) < (${before.at}::timestamptz, ${before.id}::uuid)`,
        );
      else if (before)
        query = query.where(
          sql<boolean>`occurred_at ${sql.raw(before.inclusive ? '<=' : '<')} ${before.at}::timestamptz`,
        );
      return query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
