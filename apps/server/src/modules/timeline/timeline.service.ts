// The record card's timeline (CORE-7): comments and notes (Markdown, no raw HTML), logged calls, meetings
// and e-mails (each with its typed `data`), with @mentions of the account's users, files and pins — on
// exactly one deal, lead, contact or company. Anyone in the account writes and pins; the author or an
// administrator edits (If-Match) and deletes. Access rights (ADR 0018): everything on a record the user may
// not read is absent — its feed and its entries 404, writing on it is "no such record" (422, as for a record
// that does not exist), and a file of such a record is "no such file" to attach. The feed merges the entries with the record's tasks (created,
// completed) and its change history into one list, newest first, paged by one keyset over all of them:
// (moment, source rank, id), the moment at the database's microsecond precision so that nothing is
// skipped or repeated between pages.
import type { z } from 'zod';
import {
  timelineDataSchemas,
  type FieldError,
  type HistoryEntry,
  type StoredFile,
  type Task,
  type TimelineEntity,
  type TimelineEntry,
  type TimelineFeedItem,
  type createTimelineEntryBodySchema,
  type timelineQuerySchema,
  type updateTimelineEntryBodySchema,
} from '@voronka/contracts';
import { onMissingReference, type Db } from '../../platform/db/index.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { decodeCursor, encodeCursor, eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, invalidField, invalidFields, notFound } from '../../platform/errors.js';
import type { ReadableRecords } from '../access/index.js';
import type { FilesService } from '../files/index.js';
import type { HistoryService } from '../history/index.js';
import type { TasksService } from '../tasks/index.js';
import { excerptOf } from './excerpt.js';
import {
  ENTITY_COLUMN,
  type EntryRow,
  type FeedBefore,
  type TimelineRepository,
} from './timeline.repository.js';

type CreateBody = z.output<typeof createTimelineEntryBodySchema>;
type UpdateBody = z.output<typeof updateTimelineEntryBodySchema>;
type FeedQuery = z.output<typeof timelineQuerySchema>;
type Tx = Parameters<EventBus['record']>[0];

const ACTIVITIES: ReadonlySet<EntryRow['kind']> = new Set(['call', 'meeting', 'email']);
const PINNED_SHOWN = 100;

/** Ties on the moment are broken by source, then id: the ranks of the feed's keyset. */
const RANK = { event: 0, task_created: 1, task_completed: 2, entry: 3 } as const;
interface FeedKey {
  at: string;
  rank: number;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const encodeKey = (key: FeedKey) => encodeCursor([key.at, String(key.rank), key.id]);
function decodeKey(cursor: string): FeedKey {
  const [at = '', rank = '', id = ''] = decodeCursor(
    cursor,
    3,
    ([a = '', r = '', i = '']) => AT.test(a) && /^[0-3]$/.test(r) && UUID.test(i),
  );
  return { at, rank: Number(rank), id };
}

/** Descending (at, rank, id): newer first, then higher rank, then higher id. */
const compareDesc = (a: FeedKey, b: FeedKey) =>
  a.at !== b.at
    ? a.at < b.at
      ? 1
      : -1
    : a.rank !== b.rank
      ? b.rank - a.rank
      : a.id < b.id
        ? 1
        : a.id > b.id
          ? -1
          : 0;

/** The part of the keyset condition "key < cursor" that concerns a source of rank `rank`. */
function olderThan(cursor: FeedKey | undefined, rank: number): FeedBefore | undefined {
  if (!cursor) return undefined;
  if (rank === cursor.rank) return { at: cursor.at, id: cursor.id };
  return { at: cursor.at, inclusive: rank < cursor.rank };
}

const entityOf = (row: EntryRow): { entity: TimelineEntity; entityId: string } => {
  for (const entity of Object.keys(ENTITY_COLUMN) as TimelineEntity[]) {
    const id = row[ENTITY_COLUMN[entity]];
    if (id) return { entity, entityId: id };
  }
  throw new Error(`timeline entry ${row.id} is on no record`);
};

function present(row: EntryRow, files: StoredFile[]): TimelineEntry {
  return {
    id: row.id,
    kind: row.kind,
    ...entityOf(row),
    authorUserId: row.author_user_id,
    text: row.body,
    data: row.data,
    mentions: row.mentions,
    files,
    pinnedAt: row.pinned_at?.toISOString() ?? null,
    occurredAt: row.occurred_at.toISOString(),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  } as TimelineEntry;
}

/** Each id once, in the order first given. */
const unique = (ids: readonly string[]) => [...new Set(ids)];

/** Stored form of an entry's data: validated for its kind, moments in UTC. */
function canonicalData(kind: EntryRow['kind'], data: Record<string, unknown>): Record<string, unknown> {
  const parsed = timelineDataSchemas[kind].safeParse(data);
  if (!parsed.success) {
    throw invalidFields(
      parsed.error.issues.map((issue) => ({
        field: ['body', 'data', ...issue.path.map(String)].join('.'),
        reason: issue.message,
      })),
    );
  }
  const value: Record<string, unknown> = { ...parsed.data };
  for (const key of ['startsAt', 'endsAt'])
    if (typeof value[key] === 'string') value[key] = new Date(value[key]).toISOString();
  return value;
}

export function createTimelineService({
  db,
  repo,
  events,
  files,
  tasks,
  history,
  records,
}: {
  db: Db;
  repo: TimelineRepository;
  events: EventBus;
  files: Pick<FilesService, 'describe' | 'readable'>;
  tasks: Pick<TasksService, 'feed'>;
  history: Pick<HistoryService, 'feed'>;
  records: ReadableRecords;
}) {
  /** Whether the actor may read the record (the owning module's one filter, through the composition root). */
  const mayRead = async (actor: Actor, entity: TimelineEntity, entityId: string, trx: Db = db) =>
    (await records.readable(actor, entity, [entityId], trx)).has(entityId);

  /** Entries as the API shows them, with their files. */
  async function presentAll(trx: Db, accountId: string, rows: EntryRow[]) {
    const links = await repo.filesOf(
      trx,
      accountId,
      rows.map((r) => r.id),
    );
    const described = await files.describe(
      trx,
      accountId,
      links.map((l) => l.file_id),
    );
    return rows.map((row) =>
      present(
        row,
        links.flatMap((l) => {
          const file = l.entry_id === row.id ? described.get(l.file_id) : undefined;
          return file ? [file] : [];
        }),
      ),
    );
  }

  async function presentOne(trx: Db, accountId: string, row: EntryRow) {
    const [entry] = await presentAll(trx, accountId, [row]);
    if (!entry) throw new Error('unreachable');
    return entry;
  }

  /**
   * Mentioned users must be active users of the account; attached files must be the account's, and ones the
   * actor may read (a file of a hidden deal's entry is no file to them: attaching it would reveal it).
   */
  async function checkReferences(trx: Db, actor: Actor, mentions: string[], fileIds: string[]) {
    const { accountId } = actor;
    const errors: FieldError[] = [];
    const users = new Map((await repo.users(trx, accountId, mentions)).map((u) => [u.id, u.active]));
    mentions.forEach((id, i) => {
      const active = users.get(id);
      if (active === undefined) errors.push({ field: `body.mentions.${i}`, reason: 'No such user' });
      else if (!active) errors.push({ field: `body.mentions.${i}`, reason: 'The user is deactivated' });
    });
    const found = await files.describe(trx, accountId, fileIds);
    const readable = await files.readable(actor, fileIds, trx);
    fileIds.forEach((id, i) => {
      if (!found.has(id) || !readable.has(id))
        errors.push({ field: `body.fileIds.${i}`, reason: 'No such file' });
    });
    if (errors.length > 0) throw invalidFields(errors);
  }

  /** One notification event per newly mentioned user (not the author mentioning themself). */
  async function notifyMentioned(trx: Tx, actor: Actor, entry: TimelineEntry, userIds: string[]) {
    for (const userId of userIds) {
      if (userId === actor.userId) continue;
      await events.record(trx, eventContextOf(actor), {
        type: 'timeline.mentioned',
        entity: 'timeline',
        entityId: entry.id,
        payload: {
          userId,
          kind: entry.kind,
          entity: entry.entity,
          entityId: entry.entityId,
          excerpt: excerptOf(entry.text),
        },
      });
    }
  }

  async function locked(trx: Db, actor: Actor, id: string) {
    const row = await repo.lock(trx, actor.accountId, id);
    if (!row || !(await mayRead(actor, entityOf(row).entity, entityOf(row).entityId, trx)))
      throw notFound('Timeline entry');
    return row;
  }

  const mayChange = (actor: Actor, row: EntryRow) =>
    actor.role === 'admin' || row.author_user_id === actor.userId;

  async function setPinned(actor: Actor, id: string, pinned: boolean) {
    return db.transaction().execute(async (trx) => {
      const row = await locked(trx, actor, id);
      if (Boolean(row.pinned_at) === pinned) return presentOne(trx, actor.accountId, row);
      const updated = await repo.setPinned(trx, actor.accountId, id, pinned ? new Date() : null);
      const entry = await presentOne(trx, actor.accountId, updated);
      await events.record(trx, eventContextOf(actor), {
        type: pinned ? 'timeline.pinned' : 'timeline.unpinned',
        entity: 'timeline',
        entityId: id,
        payload: { kind: entry.kind, entity: entry.entity, entityId: entry.entityId },
      });
      return entry;
    });
  }

  return {
    /** Adds an entry; inside `trx` when given (a robot comments in its run's transaction). */
    async create(actor: Actor, body: CreateBody, outer?: Tx) {
      const text = body.text.trim();
      const mentions = unique(body.mentions);
      const fileIds = unique(body.fileIds);
      if ((body.kind === 'comment' || body.kind === 'note') && text === '' && fileIds.length === 0) {
        throw invalidField('body.text', 'Write something or attach a file');
      }
      const data = 'data' in body ? canonicalData(body.kind, body.data) : {};
      const occurredAt = 'occurredAt' in body && body.occurredAt ? new Date(body.occurredAt) : new Date();
      const inTransaction = <T>(fn: (trx: Tx) => Promise<T>) =>
        outer ? fn(outer) : db.transaction().execute(fn);
      return inTransaction(async (trx) => {
        // A record the actor may not read is one that does not exist (as the foreign key would say).
        if (!(await mayRead(actor, body.entity, body.entityId, trx)))
          throw invalidField('body.entityId', `No such ${body.entity}`);
        await checkReferences(trx, actor, mentions, fileIds);
        const row = await repo
          .insert(trx, actor.accountId, body.entity, body.entityId, {
            kind: body.kind,
            author_user_id: actor.userId,
            body: text,
            data: JSON.stringify(data),
            mentions,
            occurred_at: occurredAt,
          })
          .catch(onMissingReference('body.entityId', `No such ${body.entity}`));
        await repo.replaceFiles(trx, actor.accountId, row.id, fileIds);
        const entry = await presentOne(trx, actor.accountId, row);
        await events.record(trx, eventContextOf(actor), {
          type: 'timeline.created',
          entity: 'timeline',
          entityId: row.id,
          payload: {
            kind: entry.kind,
            entity: entry.entity,
            entityId: entry.entityId,
            excerpt: excerptOf(entry.text),
            fileIds,
          },
        });
        await notifyMentioned(trx, actor, entry, mentions);
        return entry;
      });
    },

    /**
     * Entries a migration brings over (a page of them; source dates and authors kept: `createdAt` =
     * `occurredAt` = when it happened there), with the files it brought (`fileIds`, the account's, created
     * in the same transaction): one insert, one `timeline.created` event each (source `import`), recorded
     * together. Entries in the order given.
     */
    async importEntries(
      trx: Tx,
      actor: Actor,
      inputs: {
        kind: EntryRow['kind'];
        entity: TimelineEntity;
        entityId: string;
        authorUserId: string | null;
        text: string;
        data: Record<string, unknown>;
        occurredAt: Date;
        fileIds?: string[];
      }[],
    ) {
      if (inputs.length === 0) return [];
      const rows = await repo
        .insertMany(
          trx,
          actor.accountId,
          inputs.map((input) => ({
            entity: input.entity,
            entityId: input.entityId,
            values: {
              kind: input.kind,
              author_user_id: input.authorUserId,
              body: input.text,
              data: JSON.stringify(canonicalData(input.kind, input.data)),
              mentions: [],
              occurred_at: input.occurredAt,
              created_at: input.occurredAt,
              updated_at: input.occurredAt,
            },
          })),
        )
        .catch(onMissingReference('body.entityId', `No such ${inputs[0]?.entity ?? 'record'}`));
      const withFiles = rows.flatMap((row, i) => {
        const fileIds = unique(inputs[i]?.fileIds ?? []);
        return fileIds.length ? [{ id: row.id, fileIds }] : [];
      });
      for (const { id, fileIds } of withFiles) await repo.replaceFiles(trx, actor.accountId, id, fileIds);
      const entries = withFiles.length
        ? await presentAll(trx, actor.accountId, rows)
        : rows.map((row) => present(row, []));
      await events.recordMany(
        trx,
        eventContextOf(actor),
        entries.map((entry) => ({
          type: 'timeline.created',
          entity: 'timeline',
          entityId: entry.id,
          payload: {
            kind: entry.kind,
            entity: entry.entity,
            entityId: entry.entityId,
            excerpt: excerptOf(entry.text),
            fileIds: entry.files.map((f) => f.id),
          },
        })),
      );
      return entries;
    },

    /** What a migration may overwrite of an entry it brought (a re-sync), or null when it is gone. */
    async importedState(trx: Tx, actor: Actor, id: string) {
      const row = await repo.find(trx, actor.accountId, id);
      if (!row) return null;
      const files = await repo.filesOf(trx, actor.accountId, [id]);
      return { text: row.body, data: row.data, fileIds: files.map((f) => f.file_id) };
    },

    /**
     * A re-sync's update of an entry a migration brought (the source's note was edited there), in place:
     * its text, data and (when given) files; its kind, record, author and dates stay as first brought.
     * Records `timeline.updated` with the changes (source `import`). Also puts back what a re-sync
     * overwrote when its data is deleted.
     */
    async reimportEntry(
      trx: Tx,
      actor: Actor,
      id: string,
      input: {
        kind?: EntryRow['kind'];
        text: string;
        data: Record<string, unknown>;
        fileIds?: string[];
      },
    ) {
      const row = await repo.lock(trx, actor.accountId, id);
      if (!row) throw notFound('Timeline entry');
      const before = await presentOne(trx, actor.accountId, row);
      // The kind stays: data of another kind (an e-mail whose address became invalid…) is not taken.
      const sameKind = input.kind === undefined || input.kind === row.kind;
      const updated = await repo.update(trx, actor.accountId, id, {
        body: input.text,
        ...(sameKind ? { data: JSON.stringify(canonicalData(row.kind, input.data)) } : {}),
      });
      if (input.fileIds) await repo.replaceFiles(trx, actor.accountId, id, unique(input.fileIds));
      const after = await presentOne(trx, actor.accountId, updated);
      const changes = diffRecords(before, after, ['version', 'updatedAt']);
      if (Object.keys(changes).length > 0)
        await events.record(trx, eventContextOf(actor), {
          type: 'timeline.updated',
          entity: 'timeline',
          entityId: id,
          payload: { kind: after.kind, entity: after.entity, entityId: after.entityId, changes },
        });
      return after;
    },

    /**
     * Takes a file off every entry that has it (a migration deleting the file it brought, on rollback, from
     * an entry that stays); records `timeline.updated` for each entry changed.
     */
    async detachFile(actor: Actor, fileId: string) {
      await db.transaction().execute(async (trx) => {
        const entryIds = await repo.entriesWithFile(trx, actor.accountId, fileId);
        for (const entryId of entryIds) {
          const row = await repo.lock(trx, actor.accountId, entryId);
          if (!row) continue;
          const before = await presentOne(trx, actor.accountId, row);
          await repo.replaceFiles(
            trx,
            actor.accountId,
            entryId,
            before.files.map((f) => f.id).filter((f) => f !== fileId),
          );
          const after = await presentOne(trx, actor.accountId, row);
          await events.record(trx, eventContextOf(actor), {
            type: 'timeline.updated',
            entity: 'timeline',
            entityId: entryId,
            payload: {
              kind: after.kind,
              entity: after.entity,
              entityId: after.entityId,
              changes: diffRecords(before, after, ['version', 'updatedAt']),
            },
          });
        }
      });
    },

    /**
     * Of these entries, the existing ones on records the actor may read (an entry's history follows its
     * record; the composition root answers for administrators and background work without asking).
     */
    async readable(actor: Actor, ids: readonly string[], trx: Db = db): Promise<Set<string>> {
      const ok = new Set<string>();
      for (const row of await repo.findMany(trx, actor.accountId, ids)) {
        const { entity, entityId } = entityOf(row);
        if (await mayRead(actor, entity, entityId, trx)) ok.add(row.id);
      }
      return ok;
    },

    async get(actor: Actor, id: string) {
      const row = await repo.find(db, actor.accountId, id);
      if (!row || !(await mayRead(actor, entityOf(row).entity, entityOf(row).entityId)))
        throw notFound('Timeline entry');
      return presentOne(db, actor.accountId, row);
    },

    async update(actor: Actor, id: string, body: UpdateBody, ifMatch: number | undefined) {
      return db.transaction().execute(async (trx) => {
        const row = await locked(trx, actor, id);
        if (!mayChange(actor, row))
          throw forbidden('Only the author or an administrator may change an entry');
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The entry was changed by someone else; reload it and try again');
        }
        const before = await presentOne(trx, actor.accountId, row);
        const mentions = body.mentions ? unique(body.mentions) : undefined;
        const fileIds = body.fileIds ? unique(body.fileIds) : undefined;
        const text = body.text?.trim();
        if (body.occurredAt !== undefined && !ACTIVITIES.has(row.kind)) {
          throw invalidField(
            'body.occurredAt',
            'Only calls, meetings and e-mails take the time they happened',
          );
        }
        if (
          (row.kind === 'comment' || row.kind === 'note') &&
          (text ?? row.body) === '' &&
          (fileIds ?? before.files).length === 0
        ) {
          throw invalidField(
            text === undefined ? 'body.fileIds' : 'body.text',
            'Write something or attach a file',
          );
        }
        const data =
          body.data === undefined ? undefined : canonicalData(row.kind, { ...row.data, ...body.data });
        await checkReferences(trx, actor, mentions ?? [], fileIds ?? []);
        const updated = await repo.update(trx, actor.accountId, id, {
          ...(text !== undefined ? { body: text } : {}),
          ...(mentions ? { mentions } : {}),
          ...(data ? { data: JSON.stringify(data) } : {}),
          ...(body.occurredAt ? { occurred_at: new Date(body.occurredAt) } : {}),
        });
        if (fileIds) await repo.replaceFiles(trx, actor.accountId, id, fileIds);
        const after = await presentOne(trx, actor.accountId, updated);
        const changes = diffRecords(before, after, ['version', 'updatedAt']);
        if (Object.keys(changes).length > 0) {
          await events.record(trx, eventContextOf(actor), {
            type: 'timeline.updated',
            entity: 'timeline',
            entityId: id,
            payload: { kind: after.kind, entity: after.entity, entityId: after.entityId, changes },
          });
        }
        if (mentions) {
          await notifyMentioned(
            trx,
            actor,
            after,
            mentions.filter((m) => !row.mentions.includes(m)),
          );
        }
        return after;
      });
    },

    remove: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const row = await locked(trx, actor, id);
        if (!mayChange(actor, row))
          throw forbidden('Only the author or an administrator may delete an entry');
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'timeline.deleted',
          entity: 'timeline',
          entityId: id,
          payload: { kind: row.kind, ...entityOf(row), excerpt: excerptOf(row.body) },
        });
      }),

    pin: (actor: Actor, id: string) => setPinned(actor, id, true),
    unpin: (actor: Actor, id: string) => setPinned(actor, id, false),

    /** The record's feed: pinned entries (first page) and one page of everything, newest first. */
    async feed(actor: Actor, query: FeedQuery) {
      const { accountId } = actor;
      const { entity, entityId, limit } = query;
      if (
        !(await repo.recordExists(db, accountId, entity, entityId)) ||
        !(await mayRead(actor, entity, entityId))
      )
        throw notFound('Record');
      const cursor = query.cursor ? decodeKey(query.cursor) : undefined;
      const take = limit + 1;
      const [entries, created, completed, changes] = await Promise.all([
        repo.feed(db, accountId, entity, entityId, olderThan(cursor, RANK.entry), take),
        tasks.feed(accountId, entity, entityId, 'created', olderThan(cursor, RANK.task_created), take),
        tasks.feed(accountId, entity, entityId, 'completed', olderThan(cursor, RANK.task_completed), take),
        history.feed(accountId, entity, entityId, olderThan(cursor, RANK.event), take),
      ]);
      type Candidate = FeedKey &
        (
          | { source: 'entry'; row: EntryRow }
          | { source: 'task_created' | 'task_completed'; task: Task }
          | { source: 'event'; event: HistoryEntry }
        );
      const candidates: Candidate[] = [
        ...entries.map(({ at_key, ...row }) => ({
          at: at_key,
          rank: RANK.entry,
          id: row.id,
          source: 'entry' as const,
          row,
        })),
        ...created.map((t) => ({ ...t, rank: RANK.task_created, source: 'task_created' as const })),
        ...completed.map((t) => ({ ...t, rank: RANK.task_completed, source: 'task_completed' as const })),
        ...changes.map((h) => ({
          at: h.at,
          rank: RANK.event,
          id: h.id,
          source: 'event' as const,
          event: h.entry,
        })),
      ].sort(compareDesc);
      const page = candidates.slice(0, limit);
      const last = page.at(-1);

      const pinnedRows = cursor ? [] : await repo.pinned(db, accountId, entity, entityId, PINNED_SHOWN);
      const pageRows = page.flatMap((c) => (c.source === 'entry' ? [c.row] : []));
      const presented = await presentAll(db, accountId, [...pageRows, ...pinnedRows]);
      const entryOf = new Map(presented.map((e) => [e.id, e]));
      const shown = (id: string) => {
        const entry = entryOf.get(id);
        if (!entry) throw new Error(`timeline entry ${id} was not presented`);
        return entry;
      };

      const items = page.map((c): TimelineFeedItem => {
        const at = new Date(c.at).toISOString();
        const key = `${c.source}:${c.id}`;
        if (c.source === 'entry') return { type: 'entry', key, at, entry: shown(c.id) };
        if (c.source === 'event') return { type: 'event', key, at, event: c.event };
        return { type: c.source, key, at, task: c.task };
      });
      return {
        pinned: pinnedRows.map((r) => shown(r.id)),
        items,
        nextCursor: candidates.length > limit && last ? encodeKey(last) : null,
      };
    },
  };
}
export type TimelineService = ReturnType<typeof createTimelineService>;
