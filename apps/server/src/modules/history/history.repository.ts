import type { StoredEvent } from '../../platform/events/index.js';
import type { Db } from '../../platform/db/index.js';

export function createHistoryRepository() {
  return {
    insert: (db: Db, event: StoredEvent, changes: unknown, details: Record<string, unknown>) =>
      db
        .insertInto('history_entries')
        .values({
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
        })
        .onConflict((oc) => oc.columns(['account_id', 'event_id']).doNothing())
        .execute(),

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
  };
}
export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
