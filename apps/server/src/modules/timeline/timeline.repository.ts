import { sql, type Selectable } from 'kysely';
import type { TimelineEntity } from '@voronka/contracts';
import type { Db, TimelineEntriesTable } from '../../platform/db/index.js';

export type EntryRow = Selectable<TimelineEntriesTable>;
export interface EntryValues {
  kind: EntryRow['kind'];
  author_user_id: string | null;
  body: string;
  data: string;
  mentions: string[];
  occurred_at: Date;
  /** Set only by a migration, which keeps the source's dates. */
  created_at?: Date;
  updated_at?: Date;
}

/** The column of each kind of record an entry is on (exactly one is set). */
export const ENTITY_COLUMN = {
  deal: 'deal_id',
  lead: 'lead_id',
  contact: 'contact_id',
  company: 'company_id',
} as const satisfies Record<TimelineEntity, keyof EntryRow>;

/** The tables of the records (owned by the deals, leads, contacts and companies modules). */
const RECORD_TABLE = {
  deal: 'deals',
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
} as const satisfies Record<TimelineEntity, string>;

/** "Older than" in the feed: (at, id) < (A, I) when `id` is given, else at <= A (inclusive) or at < A. */
export interface FeedBefore {
  at: string;
  id?: string | undefined;
  inclusive?: boolean | undefined;
}

export function createTimelineRepository() {
  return {
    insert: (db: Db, accountId: string, entity: TimelineEntity, entityId: string, values: EntryValues) =>
      db
        .insertInto('timeline_entries')
        .values({ account_id: accountId, [ENTITY_COLUMN[entity]]: entityId, ...values })
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** Many entries, each on its own record, in one statement (a migrated page); rows in the order given. */
    insertMany: (
      db: Db,
      accountId: string,
      entries: { entity: TimelineEntity; entityId: string; values: EntryValues }[],
    ) =>
      db
        .insertInto('timeline_entries')
        .values(
          entries.map(({ entity, entityId, values }) => ({
            account_id: accountId,
            deal_id: null,
            lead_id: null,
            contact_id: null,
            company_id: null,
            [ENTITY_COLUMN[entity]]: entityId,
            ...values,
          })),
        )
        .returningAll()
        .execute(),

    update: (db: Db, accountId: string, id: string, values: Partial<EntryValues>) =>
      db
        .updateTable('timeline_entries')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** Pinning is not an edit of the entry: its version stays. */
    setPinned: (db: Db, accountId: string, id: string, pinnedAt: Date | null) =>
      db
        .updateTable('timeline_entries')
        .set({ pinned_at: pinnedAt })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('timeline_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    findMany: (db: Db, accountId: string, ids: readonly string[]) =>
      ids.length === 0
        ? Promise.resolve([] as EntryRow[])
        : db
            .selectFrom('timeline_entries')
            .selectAll()
            .where('account_id', '=', accountId)
            .where('id', 'in', [...ids])
            .execute(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('timeline_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('timeline_entries').where('account_id', '=', accountId).where('id', '=', id).execute(),

    /** The files of entries, in their order on each entry. */
    filesOf: (db: Db, accountId: string, entryIds: readonly string[]) =>
      entryIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('timeline_entry_files')
            .select(['entry_id', 'file_id'])
            .where('account_id', '=', accountId)
            .where('entry_id', 'in', entryIds)
            .orderBy('entry_id')
            .orderBy('position')
            .execute(),

    /** The entries that have a file. */
    entriesWithFile: async (db: Db, accountId: string, fileId: string) =>
      (
        await db
          .selectFrom('timeline_entry_files')
          .select('entry_id')
          .where('account_id', '=', accountId)
          .where('file_id', '=', fileId)
          .execute()
      ).map((r) => r.entry_id),

    replaceFiles: async (db: Db, accountId: string, entryId: string, fileIds: readonly string[]) => {
      await db
        .deleteFrom('timeline_entry_files')
        .where('account_id', '=', accountId)
        .where('entry_id', '=', entryId)
        .execute();
      if (fileIds.length === 0) return;
      await db
        .insertInto('timeline_entry_files')
        .values(
          fileIds.map((fileId, position) => ({
            account_id: accountId,
            entry_id: entryId,
            file_id: fileId,
            position,
          })),
        )
        .execute();
    },

    /** A record's entries, newest first, older than `before` (an index scan of timeline_<entity>_idx). */
    feed: (
      db: Db,
      accountId: string,
      entity: TimelineEntity,
      entityId: string,
      before: FeedBefore | undefined,
      limit: number,
    ) => {
      let query = db
        .selectFrom('timeline_entries')
        .selectAll()
        .select(
          sql<string>`to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at_key'),
        )
        .where('account_id', '=', accountId)
        .where(ENTITY_COLUMN[entity], '=', entityId);
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

    /** A record's pinned entries, newest pin first. */
    pinned: (db: Db, accountId: string, entity: TimelineEntity, entityId: string, limit: number) =>
      db
        .selectFrom('timeline_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where(ENTITY_COLUMN[entity], '=', entityId)
        .where('pinned_at', 'is not', null)
        .orderBy('pinned_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),

    /** Whether the record exists in the account (reads only; writes rely on the composite foreign keys). */
    recordExists: async (db: Db, accountId: string, entity: TimelineEntity, id: string) =>
      Boolean(
        await db
          .selectFrom(RECORD_TABLE[entity])
          .select('id')
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .executeTakeFirst(),
      ),

    /** The users of the account among `ids`, with whether they are active (users belong to the users module). */
    users: (db: Db, accountId: string, ids: readonly string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('users')
            .select(['id', 'active'])
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .execute(),
  };
}
export type TimelineRepository = ReturnType<typeof createTimelineRepository>;
