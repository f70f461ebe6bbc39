import { sql, type Selectable } from 'kysely';
import type { TaskEntity } from '@voronka/contracts';
import type { Db, TasksTable } from '../../platform/db/index.js';

export type TaskRow = Selectable<TasksTable>;
export type TaskValues = Omit<TaskRow, 'id' | 'account_id' | 'version' | 'created_at' | 'updated_at'>;

/** The column of each kind of record a task can belong to (at most one is set). */
export const ENTITY_COLUMN = {
  deal: 'deal_id',
  lead: 'lead_id',
  contact: 'contact_id',
  company: 'company_id',
} as const satisfies Record<TaskEntity, keyof TaskRow>;

/** Every column; the day of an all-day task as 'YYYY-MM-DD' text (the drivers differ on dates). */
const columns = [
  'id',
  'account_id',
  'type',
  'text',
  'deadline',
  'all_day',
  sql<string | null>`deadline_date::text`.as('deadline_date'),
  'responsible_user_id',
  'created_by',
  'deal_id',
  'lead_id',
  'contact_id',
  'company_id',
  'completed_at',
  'completed_by',
  'result',
  'version',
  'created_at',
  'updated_at',
] as const;

/** A moment in the feed's keyset at the database's precision (microseconds), as sortable text. */
const atKey = (column: 'created_at' | 'completed_at') =>
  sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** "Older than" in the feed: (at, id) < (A, I) when `id` is given, else at <= A (inclusive) or at < A. */
export interface FeedBefore {
  at: string;
  id?: string | undefined;
  inclusive?: boolean | undefined;
}

const before = (column: 'created_at' | 'completed_at', b: FeedBefore) =>
  b.id !== undefined
    ? sql<boolean>`(${sql.ref(column)}, id) < (${b.at}::timestamptz, ${b.id}::uuid)`
    : sql<boolean>`${sql.ref(column)} ${sql.raw(b.inclusive ? '<=' : '<')} ${b.at}::timestamptz`;

export interface TaskFilter {
  responsibleUserId?: string | undefined;
  createdBy?: string | undefined;
  entity?: { entity: TaskEntity; id: string } | undefined;
  state?: 'open' | 'completed' | 'overdue' | undefined;
  type?: TaskRow['type'] | undefined;
  deadlineFrom?: Date | undefined;
  deadlineTo?: Date | undefined;
  after?: { deadline: Date; id: string } | undefined;
  limit: number;
}

export function createTasksRepository() {
  return {
    /** `created_at`/`updated_at` are given only by a migration, which keeps the source's dates. */
    insert: (db: Db, accountId: string, values: TaskValues & { created_at?: Date; updated_at?: Date }) =>
      db
        .insertInto('tasks')
        .values({ account_id: accountId, ...values })
        .returning(columns)
        .executeTakeFirstOrThrow(),

    /** Many tasks in one statement (a migrated page); rows in the order given. */
    insertMany: (
      db: Db,
      accountId: string,
      values: (TaskValues & { created_at: Date; updated_at: Date })[],
    ) =>
      db
        .insertInto('tasks')
        .values(values.map((v) => ({ account_id: accountId, ...v })))
        .returning(columns)
        .execute(),

    update: (db: Db, accountId: string, id: string, values: Partial<TaskValues>) =>
      db
        .updateTable('tasks')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirstOrThrow(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('tasks')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('tasks')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('tasks').where('account_id', '=', accountId).where('id', '=', id).execute(),

    /** A page by deadline (earliest first), after the keyset cursor, with the filters given. */
    page: (db: Db, accountId: string, filter: TaskFilter) => {
      let query = db.selectFrom('tasks').select(columns).where('account_id', '=', accountId);
      if (filter.responsibleUserId) query = query.where('responsible_user_id', '=', filter.responsibleUserId);
      if (filter.createdBy) query = query.where('created_by', '=', filter.createdBy);
      if (filter.entity) query = query.where(ENTITY_COLUMN[filter.entity.entity], '=', filter.entity.id);
      if (filter.type) query = query.where('type', '=', filter.type);
      if (filter.state === 'open') query = query.where('completed_at', 'is', null);
      if (filter.state === 'completed') query = query.where('completed_at', 'is not', null);
      if (filter.state === 'overdue')
        query = query.where('completed_at', 'is', null).where('deadline', '<', sql<Date>`now()`);
      if (filter.deadlineFrom) query = query.where('deadline', '>=', filter.deadlineFrom);
      if (filter.deadlineTo) query = query.where('deadline', '<', filter.deadlineTo);
      if (filter.after) {
        const { deadline, id } = filter.after;
        query = query.where((eb) => eb(eb.refTuple('deadline', 'id'), '>', eb.tuple(deadline, id)));
      }
      return query.orderBy('deadline').orderBy('id').limit(filter.limit).execute();
    },

    /** A record's tasks by when they were created (or completed), newest first, for its timeline. */
    feed: (
      db: Db,
      accountId: string,
      entity: TaskEntity,
      entityId: string,
      moment: 'created_at' | 'completed_at',
      older: FeedBefore | undefined,
      limit: number,
    ) => {
      let query = db
        .selectFrom('tasks')
        .select(columns)
        .select(atKey(moment).as('at_key'))
        .where('account_id', '=', accountId)
        .where(ENTITY_COLUMN[entity], '=', entityId);
      if (moment === 'completed_at') query = query.where('completed_at', 'is not', null);
      if (older) query = query.where(before(moment, older));
      return query.orderBy(moment, 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    /** Per record: its open tasks' count and nearest deadline ("no task planned" when absent). */
    openOf: (db: Db, accountId: string, entity: TaskEntity, recordIds: readonly string[]) => {
      const column = ENTITY_COLUMN[entity];
      return recordIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('tasks')
            .select((eb) => [
              eb.ref(column).$notNull().as('record_id'),
              eb.fn.countAll<string>().as('open'),
              eb.fn.min('deadline').as('next_deadline'),
            ])
            .where('account_id', '=', accountId)
            .where(column, 'in', recordIds)
            .where('completed_at', 'is', null)
            .groupBy(column)
            .execute();
    },

    /** The account's time zone (an account setting, owned by the accounts module). */
    accountTimezone: async (db: Db, accountId: string) =>
      (
        await db
          .selectFrom('accounts')
          .select('timezone')
          .where('id', '=', accountId)
          .executeTakeFirstOrThrow()
      ).timezone,

    /** A user of the account and whether they may still be given work (users belong to the users module). */
    user: (db: Db, accountId: string, userId: string) =>
      db
        .selectFrom('users')
        .select(['id', 'active', 'invited_at', 'deactivated_at'])
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .executeTakeFirst(),
  };
}
export type TasksRepository = ReturnType<typeof createTasksRepository>;
