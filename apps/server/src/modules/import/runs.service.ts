// Migration runs (MIGR-2..4): the choices a run starts from (the source's users, pipelines and fields),
// the run's life — draft → checking → ready → running ⇄ stopping/stopped → completed → confirmed (by hand or
// automatically 7 days after completion, checked whenever runs are read) — Cancel, "Delete migrated data"
// (rolling_back → rolled_back), the live log, the report of records not migrated (JSON and CSV) and the
// delta re-sync. Every change is one transaction with its `import_run.*` event; the work itself is the
// job's (run-job.ts).
import {
  type ImportRun,
  type ImportRunStatus,
  type ImportSelection,
  importFailureCodeSchema,
  importSelectionInputSchema,
  type Locale,
  localeSchema,
  withLinked,
} from '@voronka/contracts';
import type { z } from 'zod';
import type { Db, DB } from '../../platform/db/index.js';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/index.js';
import { decodeCursor, encodeCursor, type Actor } from '../../platform/http/index.js';
import type { Transaction } from 'kysely';
import { fieldTargetOf, stageKindOf } from './amocrm-mapping.js';
import { failureText } from './failure-reasons.js';
import type { ConnectionsService } from './connections.service.js';
import type { CheckResult, RunJob } from './run-job.js';
import type { RunRow, RunsRepository } from './runs.repository.js';

type SelectionInput = z.output<typeof importSelectionInputSchema>;
type Trx = Transaction<DB>;

const CONFIRM_AFTER_DAYS = 7;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentRun(row: RunRow): ImportRun {
  const check = row.check_result as CheckResult | null;
  const processed = row.migrated + row.failed;
  return {
    id: row.id,
    connectionId: row.connection_id,
    portal: row.portal,
    kind: row.kind,
    parentRunId: row.parent_run_id,
    updatedSince: iso(row.updated_since),
    status: row.status,
    currentStep: row.current_step,
    progress:
      row.status === 'completed' || row.status === 'confirmed'
        ? 100
        : row.total > 0
          ? Math.min(100, Math.round((processed / row.total) * 1000) / 10)
          : 0,
    counters: {
      total: row.total,
      migrated: row.migrated,
      added: row.added,
      updated: row.updated,
      failed: row.failed,
    },
    // Runs stored before the invitation choice had none: false.
    selection: {
      ...(row.selection as unknown as ImportSelection),
      inviteUsers: (row.selection as { inviteUsers?: boolean }).inviteUsers ?? false,
    },
    check: check
      ? {
          status: check.status,
          counts: check.counts,
          total: check.total,
          categories: check.categories,
          error: check.error,
        }
      : null,
    error: row.error ? { code: row.error_code ?? 'error', message: row.error } : null,
    createdBy: row.created_by,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    confirmBy: iso(row.confirm_by),
    confirmedAt: iso(row.confirmed_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The selection as stored: linked entities ticked, mappings of the same source item once. */
function effectiveSelection(input: SelectionInput): ImportSelection {
  const entities = withLinked(input.entities);
  return {
    entities,
    withFiles: input.withFiles,
    period: input.period,
    pipelines: [...new Map(input.pipelines.map((p) => [p.sourcePipelineId, p])).values()],
    users: [...new Map(input.users.map((u) => [u.sourceUserId, u])).values()],
    inviteUsers: input.inviteUsers && entities.includes('users'),
  };
}

/** A stored failure's reason: its code and parameters, and its text in `locale`. */
function reasonOf(
  row: { code: string | null; params: Record<string, string>; reason: string },
  locale: Locale,
) {
  const parsed = importFailureCodeSchema.safeParse(row.code);
  const code = parsed.success ? parsed.data : null;
  return {
    code,
    params: row.params,
    reason: failureText({ code, params: row.params, text: row.reason }, locale),
  };
}

const csvCell = (value: string | null) => {
  const text = value ?? '';
  // A leading = + - @ makes spreadsheets run a formula: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function createRunsService(deps: {
  db: Db;
  repo: RunsRepository;
  events: EventBus;
  job: Pick<RunJob, 'enqueue'>;
  connections: Pick<ConnectionsService, 'get' | 'clientFor'>;
  users: (accountId: string) => Promise<{ id: string; name: string; email: string; active: boolean }[]>;
  pipelines: (actor: Actor) => Promise<{ id: string; name: string }[]>;
}) {
  const { db, repo, events } = deps;

  /** The reader's language (their identity's locale; Russian when unknown, as accounts default to). */
  const localeOf = async (actor: Actor): Promise<Locale> => {
    const parsed = localeSchema.safeParse(await repo.localeOf(db, actor.accountId, actor.userId));
    return parsed.success ? parsed.data : 'ru';
  };

  async function emit(
    trx: Trx,
    actor: Actor,
    row: RunRow,
    what: string,
    payload: Record<string, unknown> = {},
  ) {
    await events.record(
      trx,
      { accountId: actor.accountId, actorUserId: actor.userId, source: actor.via === 'token' ? 'api' : 'ui' },
      {
        type: `import_run.${what}`,
        entity: 'import_run',
        entityId: row.id,
        payload: { status: row.status, kind: row.kind, ...payload },
      },
    );
  }

  /** Completed runs past their 7 days are confirmed (the rule is checked whenever runs are read). */
  async function confirmOverdue(actor: Actor) {
    const overdue = await repo.overdueConfirmations(db, actor.accountId);
    for (const { id } of overdue) {
      await db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row || row.status !== 'completed' || !row.confirm_by || row.confirm_by > new Date()) return;
        const confirmed = await repo.update(trx, actor.accountId, id, {
          status: 'confirmed',
          confirmed_at: row.confirm_by,
        });
        await repo.log(trx, actor.accountId, id, 'info', 'Confirmed automatically 7 days after completion');
        await emit(trx, actor, confirmed, 'updated', { automatic: true });
      });
    }
  }

  async function checkMappings(actor: Actor, selection: ImportSelection) {
    const pipelines = await deps.pipelines(actor);
    const users = await deps.users(actor.accountId);
    const errors: { field: string; reason: string }[] = [];
    selection.pipelines.forEach((p, i) => {
      if (
        'pipelineId' in p.target &&
        !pipelines.some((x) => x.id === (p.target as { pipelineId: string }).pipelineId)
      )
        errors.push({ field: `body.selection.pipelines.${i}.target.pipelineId`, reason: 'No such pipeline' });
    });
    selection.users.forEach((u, i) => {
      if (u.targetUserId === null) return;
      const user = users.find((x) => x.id === u.targetUserId);
      if (!user) errors.push({ field: `body.selection.users.${i}.targetUserId`, reason: 'No such user' });
      else if (!user.active)
        errors.push({ field: `body.selection.users.${i}.targetUserId`, reason: 'The user is deactivated' });
    });
    if (errors.length > 0)
      throw new AppError(422, 'validation_failed', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), {
        errors,
      });
  }

  /** Starts (again) the data check of the run's selection: a newer selection makes an older count stale. */
  async function startCheck(trx: Trx, accountId: string, row: RunRow) {
    const generation = row.check_generation + 1;
    const result: CheckResult = {
      status: 'pending',
      generation,
      counts: {},
      total: 0,
      categories: 0,
      error: null,
    };
    return repo.update(trx, accountId, row.id, {
      status: 'checking',
      check_generation: generation,
      check_result: JSON.stringify(result),
      total: 0,
    });
  }

  async function locked(trx: Trx, actor: Actor, id: string) {
    const row = await repo.lock(trx, actor.accountId, id);
    if (!row) throw notFound('Migration run');
    return row;
  }

  const wrongState = (row: RunRow, action: string) =>
    conflict('run_state', `The run is ${row.status}: it cannot ${action} now`);

  /** A status change with its log line and event, then (maybe) a job. */
  async function transition(
    actor: Actor,
    id: string,
    allowed: ImportRunStatus[],
    action: string,
    change: (
      row: RunRow,
      trx: Trx,
    ) => Promise<{ row: RunRow; log: string; event?: string; enqueue?: boolean }>,
  ) {
    const { row, enqueue } = await db.transaction().execute(async (trx) => {
      const current = await locked(trx, actor, id);
      if (!allowed.includes(current.status)) throw wrongState(current, action);
      const result = await change(current, trx);
      await repo.log(trx, actor.accountId, id, 'info', result.log);
      await emit(trx, actor, result.row, result.event ?? 'updated');
      return { row: result.row, enqueue: result.enqueue ?? false };
    });
    if (enqueue) await deps.job.enqueue(actor.accountId, id);
    return presentRun(row);
  }

  async function noOtherActive(trx: Trx, actor: Actor, id: string) {
    const other = await repo.activeOther(trx, actor.accountId, id);
    if (other)
      throw conflict(
        'another_run_active',
        `Another migration run (${other.id}) is ${other.status}; wait for it`,
      );
  }

  return {
    /** What the wizard shows: the source's users (matched by e-mail), pipelines and custom fields. */
    async source(actor: Actor, connectionId: string) {
      await deps.connections.get(actor, connectionId);
      const client = await deps.connections.clientFor(actor.accountId, connectionId);
      const [amoUsers, amoPipelines, leads, contacts, companies] = await Promise.all([
        client.users(),
        client.pipelines(),
        client.customFields('leads'),
        client.customFields('contacts'),
        client.customFields('companies'),
      ]);
      const users = await deps.users(actor.accountId);
      const byEmail = new Map(users.filter((u) => u.active).map((u) => [u.email.toLowerCase(), u]));
      const me = users.find((u) => u.id === actor.userId);
      const fields = (entity: 'leads' | 'contacts' | 'companies', list: typeof leads) =>
        list.map((f) => {
          const target = fieldTargetOf({ type: f.type, code: f.code, entity });
          return {
            id: f.id,
            entity,
            name: f.name,
            type: f.type,
            target:
              target.kind === 'own' ? target.own : `${target.type}${target.multiple ? ' (multiple)' : ''}`,
          };
        });
      return {
        users: amoUsers.map((u) => {
          const match = byEmail.get(u.email.trim().toLowerCase());
          return {
            id: u.id,
            name: u.name,
            email: u.email,
            active: u.rights?.is_active ?? true,
            match: match ? { userId: match.id, name: match.name } : null,
          };
        }),
        pipelines: amoPipelines.map((p) => ({
          id: p.id,
          name: p.name,
          isMain: p.is_main,
          stages: [...p._embedded.statuses]
            .sort((a, b) => a.sort - b.sort)
            .map((s) => ({ id: s.id, name: s.name, kind: stageKindOf(s) })),
        })),
        customFields: [
          ...fields('leads', leads),
          ...fields('contacts', contacts),
          ...fields('companies', companies),
        ],
        defaultResponsible: { id: actor.userId, name: me?.name ?? '' },
      };
    },

    async create(actor: Actor, body: { connectionId: string; selection: SelectionInput }) {
      const connection = await deps.connections.get(actor, body.connectionId).catch((error: unknown) => {
        if (error instanceof AppError && error.status === 404)
          throw invalidField('body.connectionId', 'No such connection');
        throw error;
      });
      const selection = effectiveSelection(body.selection);
      await checkMappings(actor, selection);
      const row = await db.transaction().execute(async (trx) => {
        const draft = await repo.insert(trx, {
          account_id: actor.accountId,
          connection_id: connection.id,
          source: 'amocrm',
          portal: connection.portal,
          kind: 'full',
          parent_run_id: null,
          updated_since: null,
          selection: JSON.stringify(selection),
          status: 'draft',
          created_by: actor.userId,
          check_result: null,
        });
        const checking = await startCheck(trx, actor.accountId, draft);
        await repo.log(trx, actor.accountId, draft.id, 'info', 'Data check started');
        await emit(trx, actor, checking, 'created');
        return checking;
      });
      await deps.job.enqueue(actor.accountId, row.id);
      return presentRun(row);
    },

    /** A new selection (only before the run starts): the data check runs again. */
    async update(actor: Actor, id: string, body: { selection: SelectionInput }) {
      const selection = effectiveSelection(body.selection);
      await checkMappings(actor, selection);
      return transition(
        actor,
        id,
        ['draft', 'checking', 'ready'],
        'change its selection',
        async (row, trx) => {
          await repo.update(trx, actor.accountId, id, { selection: JSON.stringify(selection) });
          const checking = await startCheck(trx, actor.accountId, row);
          return { row: checking, log: 'Selection changed: data check started again', enqueue: true };
        },
      );
    },

    async get(actor: Actor, id: string) {
      await confirmOverdue(actor);
      const row = await repo.find(db, actor.accountId, id);
      if (!row) throw notFound('Migration run');
      return presentRun(row);
    },

    async list(actor: Actor) {
      await confirmOverdue(actor);
      return { items: (await repo.list(db, actor.accountId)).map(presentRun) };
    },

    start: (actor: Actor, id: string) =>
      transition(actor, id, ['ready'], 'start', async (row, trx) => {
        await noOtherActive(trx, actor, id);
        const started = await repo.update(trx, actor.accountId, id, {
          status: 'running',
          started_at: new Date(),
          error: null,
          error_code: null,
        });
        return { row: started, log: `Migration started: ${row.total} elements to migrate`, enqueue: true };
      }),

    /** Pauses at the end of the current page (the worker parks it); at once when no worker holds it. */
    stop: (actor: Actor, id: string) =>
      transition(actor, id, ['running'], 'stop', async (row, trx) => {
        const idle = !row.lease_until || row.lease_until < new Date();
        const next = await repo.update(trx, actor.accountId, id, { status: idle ? 'stopped' : 'stopping' });
        return { row: next, log: idle ? 'Stopped' : 'Stopping after the current page' };
      }),

    continue: (actor: Actor, id: string) =>
      transition(actor, id, ['stopped', 'failed'], 'continue', async (row, trx) => {
        if (row.error_code === 'rollback_error')
          throw conflict(
            'run_state',
            'Deleting the migrated data failed: press "Delete migrated data" again',
          );
        await noOtherActive(trx, actor, id);
        const next = await repo.update(trx, actor.accountId, id, {
          status: 'running',
          error: null,
          error_code: null,
          finished_at: null,
        });
        return { row: next, log: 'Continued from where it stopped', enqueue: true };
      }),

    cancel: (actor: Actor, id: string) =>
      transition(
        actor,
        id,
        ['draft', 'checking', 'ready', 'running', 'stopping', 'stopped', 'failed'],
        'be cancelled',
        async (_row, trx) => {
          const next = await repo.update(trx, actor.accountId, id, {
            status: 'cancelled',
            finished_at: new Date(),
          });
          return { row: next, log: 'Cancelled: "Delete migrated data" removes what this run brought over' };
        },
      ),

    /** "Delete migrated data": what this run created goes, what it updated is put back. */
    async rollback(actor: Actor, id: string) {
      await confirmOverdue(actor);
      return transition(actor, id, ['cancelled', 'failed', 'completed'], 'be deleted', async (_row, trx) => {
        await noOtherActive(trx, actor, id);
        const next = await repo.update(trx, actor.accountId, id, {
          status: 'rolling_back',
          error: null,
          error_code: null,
        });
        return { row: next, log: 'Deleting the migrated data', enqueue: true };
      });
    },

    async confirm(actor: Actor, id: string) {
      await confirmOverdue(actor);
      return transition(actor, id, ['completed'], 'be confirmed', async (_row, trx) => {
        const next = await repo.update(trx, actor.accountId, id, {
          status: 'confirmed',
          confirmed_at: new Date(),
        });
        return { row: next, log: 'Confirmed' };
      });
    },

    /** A delta re-sync: a new run with the same selection reading what changed since this run started. */
    async sync(actor: Actor, id: string) {
      await confirmOverdue(actor);
      const row = await db.transaction().execute(async (trx) => {
        const source = await locked(trx, actor, id);
        if (source.status !== 'completed' && source.status !== 'confirmed')
          throw wrongState(source, 'be re-synced (only a completed run can)');
        if (!source.connection_id)
          throw conflict('connection_deleted', 'The amoCRM connection of this run was deleted');
        const draft = await repo.insert(trx, {
          account_id: actor.accountId,
          connection_id: source.connection_id,
          source: 'amocrm',
          portal: source.portal,
          kind: 'sync',
          parent_run_id: source.id,
          // From when the source run started reading: what changed while it ran is read again, not missed.
          updated_since: source.started_at ?? source.created_at,
          selection: JSON.stringify(source.selection),
          status: 'draft',
          created_by: actor.userId,
          check_result: null,
        });
        const checking = await startCheck(trx, actor.accountId, draft);
        await repo.log(
          trx,
          actor.accountId,
          draft.id,
          'info',
          `Delta re-sync of run ${source.id}: data check started`,
        );
        await emit(trx, actor, checking, 'created', { parentRunId: source.id });
        return checking;
      });
      await deps.job.enqueue(actor.accountId, row.id);
      return presentRun(row);
    },

    async log(actor: Actor, id: string, query: { after?: string | undefined; limit: number }) {
      if (!(await repo.find(db, actor.accountId, id))) throw notFound('Migration run');
      const rows = await repo.logPage(db, actor.accountId, id, query.after, query.limit);
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          level: r.level,
          message: r.message,
          at: r.at.toISOString(),
        })),
        last: rows.at(-1)?.seq ?? query.after ?? null,
      };
    },

    async failures(
      actor: Actor,
      id: string,
      query: { cursor?: string | undefined; limit: number; locale?: Locale | undefined },
    ) {
      if (!(await repo.find(db, actor.accountId, id))) throw notFound('Migration run');
      const locale = query.locale ?? (await localeOf(actor));
      const after = query.cursor
        ? (([at = '', rowId = '']) => ({ at: new Date(at), id: rowId }))(
            decodeCursor(query.cursor, 2, ([at = '']) => !Number.isNaN(Date.parse(at))),
          )
        : undefined;
      const rows = await repo.failures(db, actor.accountId, id, after, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          entity: r.entity,
          sourceId: r.source_id,
          name: r.name,
          ...reasonOf(r, locale),
          at: r.at.toISOString(),
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null,
      };
    },

    /**
     * The report of records not migrated, as CSV (UTF-8 with BOM, so spreadsheets read the Cyrillic), with
     * the reasons in `locale` (default: the reader's own language).
     */
    async reportCsv(actor: Actor, id: string, query: { locale?: Locale | undefined } = {}) {
      if (!(await repo.find(db, actor.accountId, id))) throw notFound('Migration run');
      const locale = query.locale ?? (await localeOf(actor));
      const lines = ['entity,amocrm_id,name,reason,at'];
      let after: { at: Date; id: string } | undefined;
      for (;;) {
        const rows = await repo.failures(db, actor.accountId, id, after, 1000);
        for (const r of rows)
          lines.push(
            [r.entity, r.source_id, r.name, reasonOf(r, locale).reason, r.at.toISOString()]
              .map(csvCell)
              .join(','),
          );
        const last = rows[rows.length - 1];
        if (rows.length < 1000 || !last) break;
        after = { at: last.at, id: last.id };
      }
      return `\uFEFF${lines.join('\r\n')}\r\n`;
    },

    confirmAfterDays: CONFIRM_AFTER_DAYS,
  };
}
export type RunsService = ReturnType<typeof createRunsService>;
