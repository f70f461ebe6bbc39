// Tasks (CORE-8): what to do, of which type, by when (a moment, or a whole day in the account's time zone),
// by whom, for which record; overdue when open past the deadline; completed with a result (and reopened).
// Members create, edit and complete tasks; the creator, the responsible user or an administrator deletes
// one. Changes need the current version (If-Match) and record old → new for the history.
// A task's link to a record the user may not read (access rights, ADR 0018: a hidden deal) behaves as a link
// to no record: the list filtered by it is empty (as for a record that does not exist — a 404 there would
// tell a hidden record from a missing one), linking a task to it is "no such record" (422). The task's own
// rights (entity `task`, its responsible) are not these.
import type { z } from 'zod';
import type {
  Task,
  TaskEntity,
  completeTaskBodySchema,
  createTaskBodySchema,
  taskListQuerySchema,
  updateTaskBodySchema,
} from '@voronka/contracts';
import type { Transaction } from 'kysely';
import { onMissingReference, type DB, type Db } from '../../platform/db/index.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { decodeCursor, encodeCursor, eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import type { ReadableRecords } from '../access/index.js';
import { resolveDeadline } from './deadline.js';
import {
  ENTITY_COLUMN,
  type FeedBefore,
  type TaskRow,
  type TasksRepository,
  type TaskValues,
} from './tasks.repository.js';

type CreateBody = z.output<typeof createTaskBodySchema>;
type UpdateBody = z.output<typeof updateTaskBodySchema>;
type CompleteBody = z.output<typeof completeTaskBodySchema>;
type ListQuery = z.output<typeof taskListQuerySchema>;

const entityOf = (row: TaskRow): { entity: TaskEntity; entityId: string } | null => {
  for (const entity of Object.keys(ENTITY_COLUMN) as TaskEntity[]) {
    const id = row[ENTITY_COLUMN[entity]];
    if (id) return { entity, entityId: id };
  }
  return null;
};

export function presentTask(row: TaskRow, now = new Date()): Task {
  const link = entityOf(row);
  return {
    id: row.id,
    type: row.type,
    text: row.text,
    deadline: row.deadline.toISOString(),
    allDay: row.all_day,
    deadlineDate: row.deadline_date,
    status: row.completed_at ? 'completed' : 'open',
    overdue: !row.completed_at && row.deadline.getTime() < now.getTime(),
    result: row.result,
    completedAt: row.completed_at?.toISOString() ?? null,
    completedBy: row.completed_by,
    responsibleUserId: row.responsible_user_id,
    createdBy: row.created_by,
    entity: link?.entity ?? null,
    entityId: link?.entityId ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** All four record columns, with the one of `entity` set (or none). */
const linkValues = (entity: TaskEntity | null, entityId: string | null) => ({
  deal_id: entity === 'deal' ? entityId : null,
  lead_id: entity === 'lead' ? entityId : null,
  contact_id: entity === 'contact' ? entityId : null,
  company_id: entity === 'company' ? entityId : null,
});

const UUID = /^[0-9a-f-]{36}$/;
const cursorOf = (row: TaskRow) => encodeCursor([row.deadline.toISOString(), row.id]);
const afterCursor = (cursor: string) => {
  const [deadline = '', id = ''] = decodeCursor(
    cursor,
    2,
    ([at = '', key = '']) => !Number.isNaN(Date.parse(at)) && UUID.test(key),
  );
  return { deadline: new Date(deadline), id };
};

const noSuchRecord = (entity: TaskEntity) => onMissingReference('body.entityId', `No such ${entity}`);

/** The part of a task a migration keeps in step with its source. */
export interface ImportedTaskState {
  type: Task['type'];
  text: string;
  deadline: Date;
  responsibleUserId: string;
  completedAt: Date | null;
  completedBy: string | null;
  result: string | null;
}

/** A migrated task's state as table columns (a source's deadline is an exact moment). */
const importedColumns = (state: ImportedTaskState) => ({
  type: state.type,
  text: state.text,
  deadline: state.deadline,
  all_day: false,
  deadline_date: null,
  responsible_user_id: state.responsibleUserId,
  completed_at: state.completedAt,
  completed_by: state.completedBy,
  result: state.result,
});

export function createTasksService({
  db,
  repo,
  events,
  records,
}: {
  db: Db;
  repo: TasksRepository;
  events: EventBus;
  records: ReadableRecords;
}) {
  const mayRead = async (actor: Actor, entity: TaskEntity, entityId: string, trx: Db = db) =>
    (await records.readable(actor, entity, [entityId], trx)).has(entityId);

  /** A link to a record the actor may not read is refused as a link to one that does not exist. */
  async function checkLink(
    trx: Db,
    actor: Actor,
    entity: TaskEntity | null | undefined,
    entityId: string | null | undefined,
  ) {
    if (entity && entityId && !(await mayRead(actor, entity, entityId, trx)))
      throw invalidField('body.entityId', `No such ${entity}`);
  }

  /** The responsible user must be an active user of the account, or one invited (by a migration). */
  async function checkResponsible(trx: Db, accountId: string, userId: string) {
    const user = await repo.user(trx, accountId, userId);
    if (!user) throw invalidField('body.responsibleUserId', 'No such user');
    if (!user.active && (!user.invited_at || user.deactivated_at))
      throw invalidField('body.responsibleUserId', 'The user is deactivated');
  }

  async function locked(trx: Db, actor: Actor, id: string, ifMatch: number | undefined) {
    const row = await repo.lock(trx, actor.accountId, id);
    if (!row) throw notFound('Task');
    if (ifMatch !== undefined && ifMatch !== row.version) {
      throw conflict('stale_version', 'The task was changed by someone else; reload it and try again');
    }
    return row;
  }

  /** The `task.updated` event of an edit, with its changes (none when nothing changed); the task after it. */
  async function recordUpdate(trx: Transaction<DB>, actor: Actor, row: TaskRow, updated: TaskRow) {
    const after = presentTask(updated);
    const changes = diffRecords(presentTask(row), after, ['version', 'updatedAt', 'overdue']);
    if (Object.keys(changes).length > 0)
      await events.record(trx, eventContextOf(actor), {
        type: 'task.updated',
        entity: 'task',
        entityId: row.id,
        payload: { text: after.text, changes },
      });
    return after;
  }
  return {
    /** Creates a task; inside `trx` when given (a robot creates it in its run's transaction). */
    async create(actor: Actor, body: CreateBody, trx?: Transaction<DB>) {
      const inTransaction = <T>(fn: (trx: Transaction<DB>) => Promise<T>) =>
        trx ? fn(trx) : db.transaction().execute(fn);
      return inTransaction(async (trx) => {
        const timeZone = await repo.accountTimezone(trx, actor.accountId);
        const { deadline, allDay, day } = resolveDeadline(body.deadline, timeZone);
        const responsible = body.responsibleUserId ?? actor.userId;
        await checkLink(trx, actor, body.entity, body.entityId);
        await checkResponsible(trx, actor.accountId, responsible);
        const values: TaskValues = {
          type: body.type,
          text: body.text,
          deadline,
          all_day: allDay,
          deadline_date: day,
          responsible_user_id: responsible,
          created_by: actor.userId,
          ...linkValues(body.entity ?? null, body.entityId ?? null),
          completed_at: null,
          completed_by: null,
          result: null,
        };
        const row = await repo
          .insert(trx, actor.accountId, values)
          .catch(noSuchRecord(body.entity ?? 'deal'));
        const task = presentTask(row);
        await events.record(trx, eventContextOf(actor), {
          type: 'task.created',
          entity: 'task',
          entityId: row.id,
          payload: {
            text: task.text,
            type: task.type,
            deadline: task.deadline,
            responsibleUserId: task.responsibleUserId,
            entity: task.entity,
            entityId: task.entityId,
          },
        });
        return task;
      });
    },

    /**
     * Tasks brought over by a migration (the import module; a page of them), inside its transaction: the
     * source's author, dates, completion and result are kept; the responsible users are checked like any
     * other; one insert, one `task.created` event each (source `import`), recorded together. Tasks in the
     * order given.
     */
    async importTasks(
      trx: Transaction<DB>,
      actor: Actor,
      inputs: (ImportedTaskState & {
        createdBy: string | null;
        entity: TaskEntity | null;
        entityId: string | null;
        createdAt: Date;
        updatedAt: Date;
      })[],
    ) {
      if (inputs.length === 0) return [];
      for (const userId of new Set(inputs.map((i) => i.responsibleUserId)))
        await checkResponsible(trx, actor.accountId, userId);
      const rows = await repo
        .insertMany(
          trx,
          actor.accountId,
          inputs.map((input) => ({
            ...importedColumns(input),
            created_by: input.createdBy,
            ...linkValues(input.entity, input.entityId),
            created_at: input.createdAt,
            updated_at: input.updatedAt,
          })),
        )
        .catch(noSuchRecord(inputs[0]?.entity ?? 'deal'));
      const tasks = rows.map((row) => presentTask(row));
      await events.recordMany(
        trx,
        eventContextOf(actor),
        tasks.map((task) => ({
          type: 'task.created',
          entity: 'task',
          entityId: task.id,
          payload: {
            text: task.text,
            type: task.type,
            deadline: task.deadline,
            responsibleUserId: task.responsibleUserId,
            entity: task.entity,
            entityId: task.entityId,
          },
        })),
      );
      return tasks;
    },

    /** What a migration's re-sync may change of a task it brought over, as it is now; null: deleted since. */
    async importedState(trx: Transaction<DB>, actor: Actor, id: string): Promise<ImportedTaskState | null> {
      const row = await repo.find(trx, actor.accountId, id);
      if (!row) return null;
      return {
        type: row.type,
        text: row.text,
        deadline: row.deadline,
        responsibleUserId: row.responsible_user_id,
        completedAt: row.completed_at,
        completedBy: row.completed_by,
        result: row.result,
      };
    },

    /**
     * A migration's re-sync of a task it brought over (and "Delete migrated data" of that re-sync putting
     * the earlier state back): the source's type, text, deadline, responsible and completion. One
     * `task.updated` event with the changes, as for any edit.
     */
    async reimportTask(trx: Transaction<DB>, actor: Actor, id: string, input: ImportedTaskState) {
      const row = await repo.lock(trx, actor.accountId, id);
      if (!row) throw notFound('Task');
      if (input.responsibleUserId !== row.responsible_user_id)
        await checkResponsible(trx, actor.accountId, input.responsibleUserId);
      const updated = await repo.update(trx, actor.accountId, id, importedColumns(input));
      return recordUpdate(trx, actor, row, updated);
    },

    async get(actor: Actor, id: string) {
      const row = await repo.find(db, actor.accountId, id);
      if (!row) throw notFound('Task');
      return presentTask(row);
    },

    async list(actor: Actor, query: ListQuery) {
      if (query.entity && query.entityId && !(await mayRead(actor, query.entity, query.entityId)))
        return { items: [], nextCursor: null };
      const rows = await repo.page(db, actor.accountId, {
        responsibleUserId: query.responsibleUserId,
        createdBy: query.createdBy,
        entity: query.entity && query.entityId ? { entity: query.entity, id: query.entityId } : undefined,
        state: query.state,
        type: query.type,
        deadlineFrom: query.deadlineFrom ? new Date(query.deadlineFrom) : undefined,
        deadlineTo: query.deadlineTo ? new Date(query.deadlineTo) : undefined,
        after: query.cursor ? afterCursor(query.cursor) : undefined,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const now = new Date();
      return {
        items: page.map((row) => presentTask(row, now)),
        nextCursor: rows.length > query.limit && last ? cursorOf(last) : null,
      };
    },

    async update(actor: Actor, id: string, body: UpdateBody, ifMatch: number | undefined) {
      return db.transaction().execute(async (trx) => {
        const row = await locked(trx, actor, id, ifMatch);
        const values: Partial<TaskValues> = {};
        if (body.type !== undefined) values.type = body.type;
        if (body.text !== undefined) values.text = body.text;
        if (body.deadline !== undefined) {
          const timeZone = await repo.accountTimezone(trx, actor.accountId);
          const { deadline, allDay, day } = resolveDeadline(body.deadline, timeZone);
          values.deadline = deadline;
          values.all_day = allDay;
          values.deadline_date = day;
        }
        if (body.responsibleUserId !== undefined && body.responsibleUserId !== row.responsible_user_id) {
          await checkResponsible(trx, actor.accountId, body.responsibleUserId);
          values.responsible_user_id = body.responsibleUserId;
        }
        if (body.entity !== undefined) {
          await checkLink(trx, actor, body.entity, body.entityId);
          Object.assign(values, linkValues(body.entity, body.entityId ?? null));
        }
        if (body.result !== undefined) {
          if (!row.completed_at) throw invalidField('body.result', 'Only a completed task has a result');
          values.result = body.result || null;
        }
        const updated = await repo
          .update(trx, actor.accountId, id, values)
          .catch(noSuchRecord(body.entity ?? 'deal'));
        return recordUpdate(trx, actor, row, updated);
      });
    },

    async complete(actor: Actor, id: string, body: CompleteBody, ifMatch: number | undefined) {
      return db.transaction().execute(async (trx) => {
        const row = await locked(trx, actor, id, ifMatch);
        if (row.completed_at) throw conflict('task_completed', 'The task is already completed');
        const updated = await repo.update(trx, actor.accountId, id, {
          completed_at: new Date(),
          completed_by: actor.userId,
          result: body.result || null,
        });
        const task = presentTask(updated);
        await events.record(trx, eventContextOf(actor), {
          type: 'task.completed',
          entity: 'task',
          entityId: id,
          payload: {
            text: task.text,
            result: task.result,
            responsibleUserId: task.responsibleUserId,
            entity: task.entity,
            entityId: task.entityId,
          },
        });
        return task;
      });
    },

    async reopen(actor: Actor, id: string, ifMatch: number | undefined) {
      return db.transaction().execute(async (trx) => {
        const row = await locked(trx, actor, id, ifMatch);
        if (!row.completed_at) throw conflict('task_open', 'The task is not completed');
        const updated = await repo.update(trx, actor.accountId, id, {
          completed_at: null,
          completed_by: null,
          result: null,
        });
        const task = presentTask(updated);
        await events.record(trx, eventContextOf(actor), {
          type: 'task.reopened',
          entity: 'task',
          entityId: id,
          payload: { text: task.text, result: { from: row.result, to: null } },
        });
        return task;
      });
    },

    remove: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Task');
        if (
          actor.role !== 'admin' &&
          row.created_by !== actor.userId &&
          row.responsible_user_id !== actor.userId
        ) {
          throw forbidden('Only the task’s creator, its responsible user or an administrator may delete it');
        }
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'task.deleted',
          entity: 'task',
          entityId: id,
          payload: { text: row.text, ...entityOf(row) },
        });
      }),

    /** A record's tasks as timeline items: by creation or completion time, newest first, older than `before`. */
    async feed(
      accountId: string,
      entity: TaskEntity,
      entityId: string,
      moment: 'created' | 'completed',
      before: FeedBefore | undefined,
      limit: number,
    ) {
      const rows = await repo.feed(
        db,
        accountId,
        entity,
        entityId,
        moment === 'created' ? 'created_at' : 'completed_at',
        before,
        limit,
      );
      const now = new Date();
      return rows.map(({ at_key, ...row }) => ({ at: at_key, id: row.id, task: presentTask(row, now) }));
    },

    /** Per record: the number of open tasks and the nearest deadline (absent: "no task planned"). */
    async openOf(accountId: string, entity: TaskEntity, recordIds: readonly string[]) {
      const rows = await repo.openOf(db, accountId, entity, recordIds);
      return new Map(
        rows.map((r) => [
          r.record_id,
          { open: Number(r.open), nextDeadline: new Date(r.next_deadline).toISOString() },
        ]),
      );
    },
  };
}
export type TasksService = ReturnType<typeof createTasksService>;
export type { FeedBefore };
