// The change history (CORE-7), built from domain events: every event becomes one entry of its record's
// history (who, when, through what, old → new). Reading is per record, newest first, in keyset pages. The
// history of a record the user may not read (access rights, ADR 0018: a hidden deal, an entry or file on one,
// or one deleted) is an empty page — exactly what a record that never existed has.
import type { HistoryEntry } from '@voronka/contracts';
import type { Selectable } from 'kysely';
import type { Db, HistoryEntriesTable } from '../../platform/db/index.js';
import type { Projection } from '../../platform/events/index.js';
import type { Actor } from '../../platform/http/index.js';
import { forbidden } from '../../platform/errors.js';
import type { ReadableRecords } from '../access/index.js';
import type { HistoryRepository } from './history.repository.js';
import { ADMIN_ONLY_ENTITIES, toEntry } from './history.js';

const present = (row: Selectable<HistoryEntriesTable>): HistoryEntry => ({
  id: row.id,
  type: row.type,
  entity: row.entity,
  entityId: row.entity_id,
  actorUserId: row.actor_user_id,
  source: row.source as HistoryEntry['source'],
  changes: row.changes,
  details: row.details,
  occurredAt: row.occurred_at.toISOString(),
});

export function createHistoryService({
  db,
  repo,
  records,
}: {
  db: Db;
  repo: HistoryRepository;
  records: ReadableRecords;
}) {
  /** Every event becomes its entry in the transaction that records it (ADR 0015). */
  const projection: Projection = {
    name: 'history',
    project: (events, trx) =>
      repo.insertMany(
        trx,
        events.map((event) => ({ event, ...toEntry(event) })),
      ),
  };

  return {
    projection,
    async page(
      actor: Actor,
      query: { entity: string; entityId: string; cursor?: string | undefined; limit: number },
    ) {
      if (ADMIN_ONLY_ENTITIES.has(query.entity) && actor.role !== 'admin') {
        throw forbidden('Only administrators read the history of access tokens and invitations');
      }
      if (!(await records.readable(actor, query.entity, [query.entityId])).has(query.entityId))
        return { items: [], nextCursor: null };
      const rows = await repo.page(
        db,
        actor.accountId,
        query.entity,
        query.entityId,
        query.cursor,
        query.limit + 1,
      );
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return { items: items.map(present), nextCursor: rows.length > query.limit && last ? last.seq : null };
    },
    /**
     * A record's history by time, newest first, older than `before`, each entry with its moment at
     * microsecond precision (`at`) — for the timeline's merged feed (the caller checks access to the record).
     */
    async feed(
      accountId: string,
      entity: string,
      entityId: string,
      before: HistoryFeedBefore | undefined,
      limit: number,
    ) {
      const rows = await repo.byTime(db, accountId, entity, entityId, before, limit);
      return rows.map(({ at_key, ...row }) => ({ at: at_key, id: row.id, entry: present(row) }));
    },
  };
}

/** "Older than" in a merged feed: (at, id) < (at, id) when `id` is given, else at <= (inclusive) or < at. */
export interface HistoryFeedBefore {
  at: string;
  id?: string | undefined;
  inclusive?: boolean | undefined;
}
export type HistoryService = ReturnType<typeof createHistoryService>;
