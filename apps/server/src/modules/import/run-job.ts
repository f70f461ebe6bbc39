// The migration job (MIGR-3, MIGR-4, ADR 0012 decision 5): one pg-boss queue, `import-run`, whose jobs carry
// a run id; what a job does follows the run's status — `checking` counts the source, `running` migrates,
// `stopping` parks the run, `rolling_back` deletes what the run created and restores what it updated.
//
// Crash safety: every page of source records is written in ONE transaction together with the run's
// checkpoint (items consumed per step), its counters, its log lines and its failures; the run row is locked
// and the checkpoint compared first, so a second worker or a retried job never writes a page twice. The
// external-id map (import_external_ids) makes every write an upsert keyed by the source id. A worker killed
// at any point leaves the last committed page as the truth: pg-boss retries the job after its heartbeat
// lapses, and on start every run left checking/running/stopping/rolling_back is enqueued again (the resume
// pass). A job works for at most SLICE_MS and then enqueues its own continuation, so no job outlives its
// expiry. A worker lease (lease_until) keeps a second worker from paging the same run meanwhile.
import {
  createCustomFieldBodySchema,
  type CustomField,
  type CustomFieldEntity,
  type ImportEntity,
  type ImportSelection,
  type StageKind,
  type TaskEntity,
  type TimelineKind,
} from '@voronka/contracts';
import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { DB, Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/index.js';
import type { Actor } from '../../platform/http/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import type { CompaniesService } from '../companies/index.js';
import { normalizeEmail, normalizePhone, type ContactsService } from '../contacts/index.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { ReferenceListsService } from '../reference-lists/index.js';
import type { DealsService } from '../deals/index.js';
import type { FilesService, ReceivedFile } from '../files/index.js';
import type { PipelinesService } from '../pipelines/index.js';
import type { ImportedTaskState, TasksService } from '../tasks/index.js';
import type { TimelineService } from '../timeline/index.js';
import {
  convertValues,
  dayOf,
  emailTypeOf,
  fieldTargetOf,
  inPeriod,
  INVALID_EMAIL_NOTE,
  INVALID_PHONE_NOTE,
  isValidEmail,
  listOptionsOf,
  phoneTypeOf,
  LOST_STATUS_ID,
  stageKindOf,
  STEPS,
  taskText,
  taskTypeOf,
  type FieldTarget,
  type StepName,
} from './amocrm-mapping.js';
import { failure, failureText, type FailureReason } from './failure-reasons.js';
import type { ConnectionsService } from './connections.service.js';
import type { RunRow, RunsRepository } from './runs.repository.js';
import {
  AmoApiError,
  AmoBlockedError,
  AmoUnreachableError,
  type AmoClient,
} from './sources/amocrm/client.js';
import type {
  AmoCompany,
  AmoContact,
  AmoCustomField,
  AmoLead,
  AmoNote,
  AmoPipeline,
  AmoTask,
  AmoUser,
} from './sources/amocrm/schemas.js';

export const IMPORT_QUEUE = 'import-run';
/**
 * A worker's hold on a run: renewed every LEASE_RENEW_MS while its job works (and with every page), so a
 * worker that died (SIGKILL, lost host) frees the run within LEASE_SECONDS and a restarted or other worker
 * resumes it then, instead of after a long fixed lease.
 */
const LEASE_SECONDS = 15;
const LEASE_RENEW_MS = 5_000;
const SLICE_MS = 120_000;
const ROLLBACK_BATCH = 50;
/**
 * Source pages read ahead of the writes at most (~0.1–0.5 MB each): amoCRM's 7 requests per second are the
 * floor of a run, so the reader never waits for the writes — the first steps (companies, contacts, deals)
 * are written slower than they are read, the later ones (tasks, notes) faster, and a deep buffer lets the
 * reader go on into those while the first are written.
 */
const READ_AHEAD = 40;

/** The modules a migration writes through (handed in by app.ts; each call records its own event). */
export interface ImportTargets {
  companies: Pick<CompaniesService, 'createMany' | 'update' | 'find' | 'remove'>;
  contacts: Pick<ContactsService, 'createMany' | 'update' | 'find' | 'remove'>;
  deals: Pick<DealsService, 'createMany' | 'update' | 'get' | 'remove'>;
  pipelines: Pick<PipelinesService, 'list' | 'create' | 'addStage' | 'remove' | 'removeStage'>;
  customFields: Pick<CustomFieldsService, 'list' | 'create' | 'remove'>;
  referenceLists: Pick<ReferenceListsService, 'list' | 'add' | 'removeImported'>;
  tasks: Pick<TasksService, 'importTasks' | 'importedState' | 'reimportTask' | 'remove'>;
  timeline: Pick<
    TimelineService,
    'importEntries' | 'importedState' | 'reimportEntry' | 'detachFile' | 'remove'
  >;
  /** Files of events (attachments downloaded from amoCRM's drive). */
  files: Pick<FilesService, 'sizeLimit' | 'stage' | 'discard' | 'importFile' | 'remove'>;
  /** Invitations of the source's users (the accounts module): a user in the invited state, or taking it back. */
  users: {
    invite(
      trx: Trx,
      actor: Actor,
      input: { email: string; name: string },
    ): Promise<{ userId: string; invitationId: string | null } | null>;
    withdraw(actor: Actor, userId: string): Promise<void>;
  };
}

type Trx = Transaction<DB>;
type AmoEntity = 'leads' | 'contacts' | 'companies';
const FIELD_ENTITY: Record<AmoEntity, CustomFieldEntity> = {
  leads: 'deal',
  contacts: 'contact',
  companies: 'company',
};

/** What the setup step decided, kept in the run's checkpoint (`setup`). */
export interface RunSetup {
  /** `<amo entity>:<field id>` → Voronka custom field id (fields kept in the record's own columns: absent). */
  fields: Record<string, string>;
  /** `<amo pipeline id>:<amo status id>` → Voronka stage id. */
  stages: Record<string, string>;
  /** amo pipeline id → Voronka pipeline id. */
  pipelines: Record<string, string>;
  /** amo loss reason id → Voronka loss reason (absent in set-ups of runs older than loss reasons). */
  lossReasons?: Record<string, string>;
}

export interface Checkpoint {
  setup?: RunSetup;
  steps?: Partial<Record<StepName, { offset: number; done: boolean }>>;
}

/** The data check's result (stored in `check_result`). */
export interface CheckResult {
  status: 'pending' | 'done' | 'failed';
  generation: number;
  counts: Partial<Record<ImportEntity, number>>;
  total: number;
  categories: number;
  error: string | null;
}

/** A required Voronka field empty in the source: the run stops (it goes on once the flag is off). */
class RequiredFieldStop extends Error {
  constructor(
    readonly fieldId: string,
    readonly reason: string,
  ) {
    super(`required field ${fieldId}`);
  }
}

/** Another worker wrote this page already, or the run was stopped or cancelled meanwhile. */
class PageSuperseded extends Error {}
/** A data check a newer selection made stale: it stops without a result. */
class CheckSuperseded extends Error {}

/** One page of a source list, as the job reads it. */
interface SourcePage {
  items: { id: number; created_at: number; name?: string | null }[];
  nextOffset: number | null;
}

/** A service refused a record of a page written without savepoints: write it again with them. */
class RecordRefused extends Error {}

const ENTITY_LABEL: Record<string, string> = {
  companies: 'Companies',
  contacts: 'Contacts',
  deals: 'Deals',
  tasks: 'Tasks',
  company_notes: 'Events of companies',
  contact_notes: 'Events of contacts',
  deal_notes: 'Events of deals',
};

const problemText = (error: unknown) => {
  if (error instanceof AppError) {
    const fields = error.extra.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
};

/** A failure's code, parameters and English text, as the report stores them (a bare text has no code). */
const storedReason = (reason: FailureReason | string) =>
  typeof reason === 'string'
    ? { code: null, params: {}, reason }
    : { code: reason.code, params: reason.params, reason: failureText({ ...reason, text: '' }, 'en') };

const isNotFound = (error: unknown) => error instanceof AppError && error.status === 404;

/** How many files of a page are downloaded at once (the portal's limit paces them anyway). */
const DOWNLOADS_AT_ONCE = 4;

/** The file an event of amoCRM carries: on the drive (by uuid), or of the old storage (a name only). */
type NoteFile =
  | { kind: 'drive'; uuid: string; versionUuid: string | null; name: string }
  | { kind: 'legacy'; name: string };

function fileOfNote(params: Record<string, unknown> | null | undefined): NoteFile | null {
  const p = params ?? {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const name = text(p.file_name) ?? text(p.original_name);
  const uuid = text(p.file_uuid);
  if (uuid) return { kind: 'drive', uuid, versionUuid: text(p.version_uuid), name: name ?? 'file' };
  if (text(p.attachment)) return { kind: 'legacy', name: name ?? text(p.attachment) ?? 'file' };
  return null;
}

/** A file downloaded for a page (staged on disk), or why it was not. */
type Download =
  | { ok: { received: ReceivedFile; name: string; mime: string | null } }
  | { failed: FailureReason; name: string };

/**
 * The id of the file a migration brings for a source record: derived from the account, the portal and the
 * record, so a page written again (a crash, a refused record, Continue) writes the same file, never a
 * second one (a UUID of version 5's layout over SHA-256).
 */
export function fileIdOf(accountId: string, portal: string, sourceKey: string): string {
  const h = crypto.createHash('sha256').update(`${accountId}\n${portal}\nfile\n${sourceKey}`).digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The required-field problem inside a service's 422, if that is what it is. */
function requiredFieldOf(error: unknown): { fieldId: string; reason: string } | null {
  if (!(error instanceof AppError) || error.status !== 422) return null;
  for (const e of error.extra.errors ?? []) {
    const m = /^body\.customFields\.([0-9a-f-]{36})$/.exec(e.field);
    if (m?.[1] && e.reason.startsWith('required')) return { fieldId: m[1], reason: e.reason };
  }
  return null;
}

async function savepoint<T>(trx: Trx, work: () => Promise<T>): Promise<T> {
  const name = sql.raw(`sp_${crypto.randomBytes(6).toString('hex')}`);
  await sql`SAVEPOINT ${name}`.execute(trx);
  try {
    const result = await work();
    await sql`RELEASE SAVEPOINT ${name}`.execute(trx);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(trx);
    throw error;
  }
}

export function createRunJob(deps: {
  db: Db;
  repo: RunsRepository;
  events: EventBus;
  jobs: Jobs;
  logger: Logger;
  connections: Pick<ConnectionsService, 'clientFor'>;
  targets: ImportTargets;
}) {
  const { db, repo, events, targets } = deps;

  const contextOf = (run: RunRow) => ({
    accountId: run.account_id,
    actorUserId: run.created_by,
    source: 'import' as const,
  });

  /** Records an `import_run.<what>` event (realtime: browsers follow the run through SSE). */
  async function emit(trx: Trx, run: RunRow, what: string, payload: Record<string, unknown> = {}) {
    await events.record(trx, contextOf(run), {
      type: `import_run.${what}`,
      entity: 'import_run',
      entityId: run.id,
      payload: {
        status: run.status,
        currentStep: run.current_step,
        counters: {
          total: run.total,
          migrated: run.migrated,
          added: run.added,
          updated: run.updated,
          failed: run.failed,
        },
        ...payload,
      },
    });
  }

  const enqueue = (accountId: string, runId: string) => deps.jobs.send(IMPORT_QUEUE, { accountId, runId });

  /** Who the run acts as: its creator (an administrator), events with source `import`. */
  async function actorOf(run: RunRow): Promise<{ actor: Actor; defaultUserId: string; userName: string }> {
    const users = await repo.users(db, run.account_id);
    const creator = users.find((u) => u.id === run.created_by);
    const fallback = users.find((u) => u.active && u.role === 'admin') ?? users.find((u) => u.active);
    const acting = creator ?? fallback;
    if (!acting) throw new Error('The account has no active user to act as');
    const responsible = creator?.active ? creator : (fallback ?? acting);
    return {
      actor: {
        accountId: run.account_id,
        userId: acting.id,
        identityId: acting.identity_id,
        role: 'admin',
        via: 'session',
        sessionId: null,
        tokenId: null,
        source: 'import',
      },
      defaultUserId: responsible.id,
      userName: responsible.name,
    };
  }

  /**
   * amoCRM user id → Voronka user id: overrides, then the same e-mail (active users, and users invited — by
   * an earlier page of this run's setup or an earlier run — who have not been deactivated).
   */
  async function userMapOf(run: RunRow, amoUsers: AmoUser[]) {
    const selection = run.selection as unknown as ImportSelection;
    const users = (await repo.users(db, run.account_id)).filter(
      (u) => u.active || (u.invited_at && !u.deactivated_at),
    );
    const active = new Map(users.map((u) => [u.id, u]));
    const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u.id]));
    const map = new Map<number, string>();
    for (const u of amoUsers) {
      const match = byEmail.get(u.email.trim().toLowerCase());
      if (match) map.set(u.id, match);
    }
    for (const o of selection.users) {
      if (o.targetUserId && active.has(o.targetUserId)) map.set(o.sourceUserId, o.targetUserId);
      else map.delete(o.sourceUserId);
    }
    return map;
  }

  // ------------------------------------------------------------------ the data check

  async function check(run: RunRow, client: AmoClient) {
    const selection = run.selection as unknown as ImportSelection;
    const generation = run.check_generation;
    const { timeZone } = await accountSettings(run.account_id);
    const updatedFrom = run.updated_since ? Math.floor(run.updated_since.getTime() / 1000) : undefined;
    const counts: Partial<Record<ImportEntity, number>> = {};
    const want = new Set(selection.entities);
    // A newer selection starts another check: this one stops at its next page instead of spending the
    // portal's request budget (shared with that check and with runs) on a count nobody will read.
    const stale = async () => {
      const current = await repo.find(db, run.account_id, run.id);
      return !current || current.status !== 'checking' || current.check_generation !== generation;
    };
    const countList = async (
      list: Parameters<AmoClient['listPage']>[0],
      keep: (item: { created_at: number; note_type?: string }) => boolean,
    ) => {
      let n = 0;
      let offset: number | null = 0;
      while (offset !== null) {
        if (await stale()) throw new CheckSuperseded();
        const page: { items: { created_at: number; note_type?: string }[]; nextOffset: number | null } =
          await client.listPage(list, offset, updatedFrom !== undefined ? { updatedFrom } : {});
        n += page.items.filter(keep).length;
        offset = page.nextOffset;
      }
      return n;
    };
    const periodOk = (item: { created_at: number }) => inPeriod(item.created_at, selection.period, timeZone);
    if (want.has('users')) counts.users = (await client.users()).length;
    if (want.has('pipelines')) counts.pipelines = (await client.pipelines()).length;
    if (want.has('companies')) counts.companies = await countList('companies', periodOk);
    if (want.has('contacts')) counts.contacts = await countList('contacts', periodOk);
    if (want.has('deals')) counts.deals = await countList('leads', periodOk);
    if (want.has('tasks')) counts.tasks = await countList('tasks', periodOk);
    if (want.has('events')) {
      const keep = (n: { created_at: number; note_type?: string }) =>
        periodOk(n) && (selection.withFiles || n.note_type !== 'attachment');
      counts.events =
        (await countList('companyNotes', keep)) +
        (await countList('contactNotes', keep)) +
        (await countList('leadNotes', keep));
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const result: CheckResult = {
      status: 'done',
      generation,
      counts,
      total,
      categories: Object.keys(counts).length,
      error: null,
    };
    await db.transaction().execute(async (trx) => {
      const current = await repo.lock(trx, run.account_id, run.id);
      // A newer selection started another check: this count is stale.
      if (!current || current.status !== 'checking' || current.check_generation !== generation) return;
      const updated = await repo.update(trx, run.account_id, run.id, {
        status: 'ready',
        check_result: JSON.stringify(result),
        total,
      });
      await repo.log(
        trx,
        run.account_id,
        run.id,
        'info',
        `Data check: ${total} elements in ${result.categories} categories (${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
      );
      await emit(trx, updated, 'updated', { check: result });
    });
  }

  async function accountSettings(accountId: string) {
    const account = await repo.account(db, accountId);
    return { timeZone: account.timezone, currency: account.currency };
  }

  // ------------------------------------------------------------------ setup: users, fields, pipelines

  async function setUp(
    run: RunRow,
    client: AmoClient,
    actor: Actor,
    userMap: Map<number, string>,
    amoUsers: AmoUser[],
    defaultUserName: string,
  ): Promise<RunSetup> {
    const selection = run.selection as unknown as ImportSelection;
    const want = new Set(selection.entities);
    const amoEntities: AmoEntity[] = [
      ...(want.has('companies') ? (['companies'] as const) : []),
      ...(want.has('contacts') ? (['contacts'] as const) : []),
      ...(want.has('deals') ? (['leads'] as const) : []),
    ];
    const amoFields = new Map<AmoEntity, AmoCustomField[]>();
    for (const entity of amoEntities) amoFields.set(entity, await client.customFields(entity));
    const amoPipelines = want.has('pipelines') ? await client.pipelines() : [];
    const amoLossReasons = want.has('deals') ? await client.lossReasons() : [];
    const existingLossReasons = await targets.referenceLists.list(actor, 'loss_reasons', false);
    const existingFields = await targets.customFields.list(actor, undefined);
    const existingPipelines = await targets.pipelines.list(actor);
    const account = await accountSettings(run.account_id);

    return db.transaction().execute(async (trx) => {
      const current = await repo.lock(trx, run.account_id, run.id);
      if (!current || current.status !== 'running') throw new PageSuperseded();
      const checkpoint = current.checkpoint as Checkpoint;
      if (checkpoint.setup) return checkpoint.setup;
      const setup: RunSetup = { fields: {}, stages: {}, pipelines: {}, lossReasons: {} };
      let added = 0;
      const remember = async (
        sourceEntity: string,
        sourceId: string,
        targetEntity: string,
        targetId: string,
      ) => {
        await repo.insertExternals(trx, [
          {
            account_id: run.account_id,
            portal: run.portal,
            source_entity: sourceEntity,
            source_id: sourceId,
            source_updated_at: null,
            target_entity: targetEntity,
            target_id: targetId,
            run_id: run.id,
            created_run_id: run.id,
            action: 'created',
            prior_state: null,
          },
        ]);
        added++;
      };

      // Custom fields: the one an earlier run created, else one of the same name and kind, else a new one.
      for (const entity of amoEntities) {
        const mapped = await repo.externalMap(trx, run.account_id, run.portal, 'custom_field');
        for (const field of amoFields.get(entity) ?? []) {
          const target = fieldTargetOf({ type: field.type, code: field.code, entity });
          if (target.kind !== 'field') continue;
          const key = `${entity}:${field.id}`;
          const voronkaEntity = FIELD_ENTITY[entity];
          const known = mapped.get(key);
          if (known && existingFields.some((f) => f.id === known)) {
            setup.fields[key] = known;
            continue;
          }
          const labels = listOptionsOf(field.enums ?? []);
          const same = existingFields.find(
            (f) =>
              f.entity === voronkaEntity &&
              f.name.trim().toLowerCase() === field.name.trim().toLowerCase() &&
              f.type === target.type &&
              f.multiple === target.multiple &&
              (f.type !== 'list' ||
                labels.every((l) =>
                  f.settings.options.some((o) => o.label.toLowerCase() === l.label.toLowerCase()),
                )),
          );
          if (same) {
            setup.fields[key] = same.id;
            continue;
          }
          const taken = existingFields.some(
            (f) =>
              f.entity === voronkaEntity && f.name.trim().toLowerCase() === field.name.trim().toLowerCase(),
          );
          const created = await targets.customFields.create(
            actor,
            createCustomFieldBodySchema.parse({
              entity: voronkaEntity,
              name: (taken ? `${field.name} (amoCRM)` : field.name).slice(0, 200),
              type: target.type,
              multiple: target.multiple,
              settings: settingsOf(target, labels, field, account),
            }),
            trx,
          );
          existingFields.push(created.field);
          setup.fields[key] = created.field.id;
          await remember('custom_field', key, 'custom_field', created.field.id);
        }
      }

      // Loss reasons: the one an earlier run created, else one of the same name, else a new one.
      const mappedReasons = await repo.externalMap(trx, run.account_id, run.portal, 'loss_reason');
      const lossReasons: Record<string, string> = {};
      for (const reason of amoLossReasons) {
        const name = reason.name.trim().slice(0, 200) || `amoCRM ${reason.id}`;
        const known = existingLossReasons.find(
          (r) =>
            r.id === mappedReasons.get(String(reason.id)) ||
            r.name.trim().toLowerCase() === name.toLowerCase(),
        );
        if (known) {
          lossReasons[String(reason.id)] = known.id;
          continue;
        }
        const created = await targets.referenceLists.add(actor, 'loss_reasons', name, trx);
        existingLossReasons.push(created);
        lossReasons[String(reason.id)] = created.id;
        await remember('loss_reason', String(reason.id), 'reference_item', created.id);
      }
      setup.lossReasons = lossReasons;

      // Pipelines: mapped as chosen (the main one onto the default pipeline unless said otherwise), stages
      // merged by name; 142/143/Unsorted onto the pipeline's own Won/Lost/Unsorted.
      const pipelineLog: string[] = [];
      let newPipelines = 0;
      const mappedPipelines = await repo.externalMap(trx, run.account_id, run.portal, 'pipeline');
      const mappedStages = await repo.externalMap(trx, run.account_id, run.portal, 'stage');
      for (const source of amoPipelines) {
        const chosen = selection.pipelines.find((p) => p.sourcePipelineId === source.id)?.target;
        let pipeline = existingPipelines.find((p) => p.id === mappedPipelines.get(String(source.id)));
        if (!pipeline && chosen && 'pipelineId' in chosen)
          pipeline = existingPipelines.find((p) => p.id === chosen.pipelineId);
        if (!pipeline && !chosen && source.is_main) pipeline = existingPipelines.find((p) => p.isDefault);
        let how = 'merged';
        if (!pipeline) {
          const open = source._embedded.statuses
            .filter((s) => stageKindOf(s) === 'open')
            .sort((a, b) => a.sort - b.sort);
          pipeline = await targets.pipelines.create(
            actor,
            {
              name: source.name.slice(0, 200) || `amoCRM ${source.id}`,
              stages: open.map((s) => ({ name: s.name.slice(0, 200), color: colorOf(s) })),
            },
            trx,
          );
          existingPipelines.push(pipeline);
          await remember('pipeline', String(source.id), 'pipeline', pipeline.id);
          newPipelines++;
          how = 'new';
        }
        setup.pipelines[String(source.id)] = pipeline.id;
        pipelineLog.push(`${source.name} → ${pipeline.name} (${how})`);
        const stages = [...pipeline.stages];
        for (const status of [...source._embedded.statuses].sort((a, b) => a.sort - b.sort)) {
          const key = `${source.id}:${status.id}`;
          const kind: StageKind = stageKindOf(status);
          const known = mappedStages.get(key);
          let stage = stages.find((s) => s.id === known);
          if (!stage && kind !== 'open') stage = stages.find((s) => s.kind === kind);
          if (!stage)
            stage = stages.find(
              (s) => s.kind === 'open' && s.name.trim().toLowerCase() === status.name.trim().toLowerCase(),
            );
          if (!stage) {
            stage = await targets.pipelines.addStage(
              actor,
              pipeline.id,
              { name: status.name.slice(0, 200), color: colorOf(status) },
              trx,
            );
            stages.push(stage);
            await remember('stage', key, 'stage', stage.id);
          }
          setup.stages[key] = stage.id;
        }
      }

      const matched = amoUsers.filter((u) => userMap.has(u.id)).length;
      // Seed 000: the source's users are invited by e-mail, and that mapping sets their records' responsible.
      // An invited user exists at once (inactive until they accept), so their records are theirs from now on.
      let invited = 0;
      if (want.has('users') && selection.inviteUsers)
        for (const u of amoUsers) {
          const email = u.email.trim();
          // A user deactivated in amoCRM (someone who left) is not invited: their records get the default.
          if (u.rights?.is_active === false) continue;
          if (userMap.has(u.id) || !isValidEmail(email) || !normalizeEmail(email)) continue;
          if (selection.users.some((o) => o.sourceUserId === u.id)) continue; // mapped by hand
          const user = await targets.users.invite(trx, actor, { email, name: u.name });
          if (!user) continue;
          userMap.set(u.id, user.userId);
          if (user.invitationId) {
            await remember('user', String(u.id), 'user', user.userId);
            invited++;
          }
        }
      const counted = (want.has('users') ? amoUsers.length : 0) + amoPipelines.length;
      const updated = await repo.update(trx, run.account_id, run.id, {
        checkpoint: JSON.stringify({ ...checkpoint, setup }),
        current_step: 'setup',
        migrated: current.migrated + counted,
        added: current.added + newPipelines + invited,
      });
      if (want.has('users'))
        await repo.log(
          trx,
          run.account_id,
          run.id,
          'info',
          `Users: ${matched} of ${amoUsers.length} matched by e-mail` +
            (selection.inviteUsers ? `, ${invited} invited` : '') +
            `; the others' records go to ${defaultUserName}`,
        );
      if (pipelineLog.length > 0)
        await repo.log(trx, run.account_id, run.id, 'info', `Pipelines: ${pipelineLog.join('; ')}`);
      await repo.log(
        trx,
        run.account_id,
        run.id,
        'info',
        `Custom fields: ${Object.keys(setup.fields).length} mapped (${added} new records of setup in all)`,
      );
      await emit(trx, updated, 'progressed');
      return setup;
    });
  }

  // ------------------------------------------------------------------ one page of records

  interface Context {
    run: RunRow;
    selection: ImportSelection;
    actor: Actor;
    defaultUserId: string;
    userMap: Map<number, string>;
    setup: RunSetup;
    fields: Map<string, CustomField>;
    timeZone: string;
    currency: string;
    want: Set<ImportEntity>;
    /**
     * source id → Voronka id per migrated entity, as committed pages left it: read once per slice of the
     * run (not once per page: the maps of tasks and notes grow to tens of thousands of rows) and grown by
     * each committed page's own mappings.
     */
    committed: Map<string, Map<string, string>>;
    /**
     * The page's view of those maps: of the records it links to (companies, contacts, deals: the steps that
     * create them are done before any step linking to them), and of its own entity (which records exist
     * already), with what the page itself mapped — kept only when the page commits (`keepMaps`).
     */
    maps: Map<string, Promise<PageMap>>;
    client: AmoClient;
    /** The account's files service (read once per slice, when a page has a file to download). */
    drive?: Promise<string | null>;
    /** The files downloaded for the page being written, by the note's source key. */
    downloads: Map<string, Download>;
  }

  /** A committed map with a page's additions over it. */
  class PageMap {
    readonly added = new Map<string, string>();
    constructor(readonly base: Map<string, string>) {}
    get(sourceId: string) {
      return this.added.get(sourceId) ?? this.base.get(sourceId);
    }
    has(sourceId: string) {
      return this.added.has(sourceId) || this.base.has(sourceId);
    }
    set(sourceId: string, targetId: string) {
      this.added.set(sourceId, targetId);
    }
  }

  function mapOf(trx: Trx, ctx: Context, entity: string): Promise<PageMap> {
    let map = ctx.maps.get(entity);
    if (!map) {
      const base = ctx.committed.get(entity);
      map = base
        ? Promise.resolve(new PageMap(base))
        : repo.externalMap(trx, ctx.run.account_id, ctx.run.portal, entity).then((read) => new PageMap(read));
      ctx.maps.set(entity, map);
    }
    return map;
  }

  /** After a page committed: its view of the maps becomes the committed one. */
  async function keepMaps(ctx: Context) {
    for (const [entity, promised] of ctx.maps) {
      const map = await promised;
      for (const [sourceId, targetId] of map.added) map.base.set(sourceId, targetId);
      ctx.committed.set(entity, map.base);
    }
  }

  type Written = 'added' | 'updated' | 'unchanged';
  type Outcome =
    | Written
    | 'skipped'
    | { failed: FailureReason | string }
    | { warning: string }
    /** The record was migrated, files of it were not (a line of the report each). */
    | { migrated: Written; files: { file: FailureReason; name: string }[] };

  const userOf = (ctx: Context, amoUserId: number | null | undefined) =>
    (amoUserId ? ctx.userMap.get(amoUserId) : undefined) ?? ctx.defaultUserId;
  const authorOf = (ctx: Context, amoUserId: number | null | undefined) =>
    amoUserId ? (ctx.userMap.get(amoUserId) ?? ctx.defaultUserId) : null;

  /** A record's amoCRM custom_fields_values split into its own fields, custom fields and comment lines. */
  function valuesOf(
    ctx: Context,
    entity: AmoEntity,
    values:
      | {
          field_id: number;
          field_code?: string | null;
          field_type?: string | null;
          field_name?: string | null;
          values: Record<string, unknown>[] | null;
        }[]
      | null
      | undefined,
  ) {
    const own = {
      phones: [] as { value: string; type: ReturnType<typeof phoneTypeOf> }[],
      emails: [] as { value: string; type: ReturnType<typeof emailTypeOf> }[],
      sites: [] as { value: string }[],
      address: null as string | null,
      position: null as string | null,
    };
    const customFields: Record<string, unknown> = {};
    const notes: string[] = [];
    // Every mapped field of the entity is set: absent in the source means empty (a re-sync clears it).
    for (const [key, fieldId] of Object.entries(ctx.setup.fields))
      if (key.startsWith(`${entity}:`)) customFields[fieldId] = null;
    for (const v of values ?? []) {
      const items = v.values ?? [];
      const target: FieldTarget = fieldTargetOf({
        type: v.field_type ?? 'text',
        code: v.field_code ?? null,
        entity,
      });
      if (target.kind === 'own') {
        for (const item of items) {
          const value = typeof item.value === 'string' ? item.value.trim() : '';
          if (!value) continue;
          if (target.own === 'phones') {
            if (value.length >= 3 && value.length <= 50 && normalizePhone(value))
              own.phones.push({ value, type: phoneTypeOf(item.enum_code) });
            else notes.push(INVALID_PHONE_NOTE(value));
          } else if (target.own === 'emails') {
            if (isValidEmail(value) && normalizeEmail(value))
              own.emails.push({ value, type: emailTypeOf(item.enum_code) });
            else notes.push(INVALID_EMAIL_NOTE(value));
          } else if (target.own === 'sites') {
            if (value.length >= 3 && value.length <= 500) own.sites.push({ value });
          } else if (target.own === 'address') own.address = value.slice(0, 1000);
          else own.position = value.slice(0, 200);
        }
        continue;
      }
      const fieldId = ctx.setup.fields[`${entity}:${v.field_id}`];
      const field = fieldId ? ctx.fields.get(fieldId) : undefined;
      if (!field) {
        notes.push(`${v.field_name ?? v.field_id}: ${JSON.stringify(items)}`);
        continue;
      }
      const options =
        field.type === 'list'
          ? new Map(field.settings.options.map((o) => [o.label.toLowerCase(), o.id]))
          : undefined;
      const converted = convertValues(v.field_type ?? 'text', target, items, {
        timeZone: ctx.timeZone,
        currency: field.type === 'money' ? field.settings.currency : ctx.currency,
        ...(options ? { options } : {}),
      });
      if (converted.value !== undefined) customFields[field.id] = converted.value;
      if (converted.raw) notes.push(`${field.name}: ${converted.raw}`);
    }
    own.phones = own.phones.slice(0, 20);
    own.emails = own.emails.slice(0, 20);
    own.sites = own.sites.slice(0, 20);
    return { own, customFields, comment: notes.length ? notes.join('\n').slice(0, 10_000) : null };
  }

  /**
   * Creates the record, or updates the one an earlier run brought over when the source changed since;
   * maps it; keeps what an update overwrote (for a rollback).
   */
  async function upsert(
    trx: Trx,
    ctx: Context,
    key: { entity: string; sourceId: string; updatedAt: number; target: string },
    write: {
      create: () => Promise<string>;
      snapshot?: (targetId: string) => Promise<Record<string, unknown> | null>;
      update?: (targetId: string) => Promise<void>;
    },
  ): Promise<Outcome> {
    const { run } = ctx;
    // One read of the entity's map per page instead of a look-up per record; a record it names is read
    // from the table (the map may name one whose savepoint was rolled back).
    const known = await mapOf(trx, ctx, key.entity);
    const existing = known.has(key.sourceId)
      ? await repo.findExternal(trx, run.account_id, {
          portal: run.portal,
          entity: key.entity,
          sourceId: key.sourceId,
        })
      : undefined;
    if (existing) {
      if (Number(existing.source_updated_at ?? 0) >= key.updatedAt || !write.update || !write.snapshot)
        return 'unchanged';
      const prior = await write.snapshot(existing.target_id);
      if (prior) {
        await write.update(existing.target_id);
        await repo.updateExternal(trx, run.account_id, existing.id, {
          source_updated_at: key.updatedAt,
          ...(existing.run_id === run.id
            ? {}
            : { run_id: run.id, action: 'updated', prior_state: JSON.stringify(prior) }),
        });
        return 'updated';
      }
      // Deleted in Voronka since: bring it over again.
      const id = await write.create();
      await repo.updateExternal(trx, run.account_id, existing.id, {
        target_id: id,
        source_updated_at: key.updatedAt,
        run_id: run.id,
        created_run_id: run.id,
        action: 'created',
        prior_state: null,
      });
      return 'added';
    }
    const id = await write.create();
    await mapCreated(trx, ctx, key, [{ sourceId: key.sourceId, updatedAt: key.updatedAt, targetId: id }]);
    return 'added';
  }

  /** Maps records created by this run to their source ids (one insert for a page of them). */
  async function mapCreated(
    trx: Trx,
    ctx: Context,
    key: { entity: string; target: string },
    created: { sourceId: string; updatedAt: number; targetId: string }[],
  ) {
    const { run } = ctx;
    await repo.insertExternals(
      trx,
      created.map((c) => ({
        account_id: run.account_id,
        portal: run.portal,
        source_entity: key.entity,
        source_id: c.sourceId,
        source_updated_at: c.updatedAt,
        target_entity: key.target,
        target_id: c.targetId,
        run_id: run.id,
        created_run_id: run.id,
        action: 'created' as const,
        prior_state: null,
      })),
    );
    const known = await mapOf(trx, ctx, key.entity);
    for (const c of created) known.set(c.sourceId, c.targetId);
  }

  /**
   * A page of records that only the owning module's bulk entry point creates: records the source id map
   * knows go through `upsert` one by one (a re-sync), the new ones are created in one call and mapped in
   * one insert. Outcomes in the order of `items`.
   */
  async function upsertMany<I>(
    trx: Trx,
    ctx: Context,
    key: { entity: string; target: string },
    items: { sourceId: string; updatedAt: number; input: I }[],
    write: {
      createMany: (inputs: I[]) => Promise<string[]>;
      snapshot?: (targetId: string, input: I) => Promise<Record<string, unknown> | null>;
      update?: (targetId: string, input: I) => Promise<void>;
    },
  ): Promise<Outcome[]> {
    const known = await mapOf(trx, ctx, key.entity);
    const outcomes: Outcome[] = [];
    const fresh: { index: number; sourceId: string; updatedAt: number; input: I }[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      if (known.has(item.sourceId)) {
        const { snapshot, update } = write;
        outcomes.push(
          await upsert(
            trx,
            ctx,
            { ...key, sourceId: item.sourceId, updatedAt: item.updatedAt },
            {
              create: async () => (await write.createMany([item.input]))[0] ?? '',
              ...(snapshot && update
                ? { snapshot: (id) => snapshot(id, item.input), update: (id) => update(id, item.input) }
                : {}),
            },
          ),
        );
        continue;
      }
      // The same source record twice in one page: written once.
      if (seen.has(item.sourceId)) {
        outcomes.push('unchanged');
        continue;
      }
      seen.add(item.sourceId);
      fresh.push({ index: outcomes.length, ...item });
      outcomes.push('added');
    }
    if (fresh.length === 0) return outcomes;
    const ids = await write.createMany(fresh.map((f) => f.input));
    await mapCreated(
      trx,
      ctx,
      key,
      fresh.map((f, i) => ({ sourceId: f.sourceId, updatedAt: f.updatedAt, targetId: ids[i] ?? '' })),
    );
    return outcomes;
  }

  const channelInput = (c: {
    phones: { value: string; type: string }[];
    emails: { value: string; type: string }[];
    sites: { value: string }[];
  }) => ({
    phones: c.phones.map((p) => ({ value: p.value, type: p.type })),
    emails: c.emails.map((e) => ({ value: e.value, type: e.type })),
    sites: c.sites.map((s) => ({ value: s.value })),
  });

  /** A page of companies: the new ones created in one call of the companies module. */
  async function importCompanies(trx: Trx, ctx: Context, items: AmoCompany[]): Promise<Outcome[]> {
    const writes = items.map((c) => {
      const { own, customFields, comment } = valuesOf(ctx, 'companies', c.custom_fields_values);
      return {
        sourceId: String(c.id),
        updatedAt: c.updated_at,
        input: {
          name: (c.name ?? '').trim().slice(0, 300) || `Компания ${c.id}`,
          address: own.address,
          comment,
          responsibleUserId: userOf(ctx, c.responsible_user_id),
          phones: own.phones,
          emails: own.emails,
          sites: own.sites,
          customFields,
        },
      };
    });
    return upsertMany(trx, ctx, { entity: 'company', target: 'company' }, writes, {
      createMany: async (inputs) =>
        (
          await targets.companies.createMany(
            ctx.actor,
            inputs.map((body) => ({ ...body, messengers: [], contactIds: [] })),
            trx,
          )
        ).map((company) => company.id),
      snapshot: async (id) => {
        const r = await targets.companies.find(trx, ctx.run.account_id, id);
        return r
          ? {
              name: r.name,
              address: r.address,
              comment: r.comment,
              responsibleUserId: r.responsibleUserId,
              ...channelInput(r),
              customFields: r.customFields,
            }
          : null;
      },
      update: async (id, body) => {
        await targets.companies.update(ctx.actor, id, body, undefined, trx);
      },
    });
  }

  /** A page of contacts: the new ones created in one call of the contacts module. */
  async function importContacts(trx: Trx, ctx: Context, items: AmoContact[]): Promise<Outcome[]> {
    const companies = await mapOf(trx, ctx, 'company');
    const missingOf = new Map<string, number[]>();
    const writes = items.map((c) => {
      const { own, customFields, comment } = valuesOf(ctx, 'contacts', c.custom_fields_values);
      const companyIds: string[] = [];
      const missing: number[] = [];
      for (const link of c._embedded?.companies ?? []) {
        const id = companies.get(String(link.id));
        if (id) companyIds.push(id);
        else missing.push(link.id);
      }
      missingOf.set(String(c.id), missing);
      let first = (c.first_name ?? '').trim();
      let last = (c.last_name ?? '').trim();
      if (!first && !last) last = (c.name ?? '').trim() || `Контакт ${c.id}`;
      first = first.slice(0, 100);
      last = last.slice(0, 100);
      return {
        sourceId: String(c.id),
        updatedAt: c.updated_at,
        input: {
          firstName: first || null,
          lastName: last || null,
          position: own.position,
          address: own.address,
          comment,
          responsibleUserId: userOf(ctx, c.responsible_user_id),
          phones: own.phones,
          emails: own.emails,
          sites: own.sites,
          companyIds,
          customFields,
        },
      };
    });
    const outcomes = await upsertMany(trx, ctx, { entity: 'contact', target: 'contact' }, writes, {
      createMany: async (inputs) =>
        (
          await targets.contacts.createMany(
            ctx.actor,
            inputs.map((body) => ({ ...body, messengers: [] })),
            trx,
          )
        ).map((contact) => contact.id),
      snapshot: async (id) => {
        const r = await targets.contacts.find(trx, ctx.run.account_id, id);
        return r
          ? {
              firstName: r.firstName,
              lastName: r.lastName,
              position: r.position,
              address: r.address,
              comment: r.comment,
              responsibleUserId: r.responsibleUserId,
              ...channelInput(r),
              companyIds: r.companyIds,
              customFields: r.customFields,
            }
          : null;
      },
      update: async (id, body) => {
        await targets.contacts.update(ctx.actor, id, body, undefined, trx);
      },
    });
    for (const [i, c] of items.entries()) {
      const missing = missingOf.get(String(c.id)) ?? [];
      if (missing.length > 0 && outcomes[i] !== 'unchanged')
        await repo.log(
          trx,
          ctx.run.account_id,
          ctx.run.id,
          'warning',
          `Contact ${c.id}: linked company ${missing.join(', ')} does not exist in amoCRM; the link is left out`,
        );
    }
    return outcomes;
  }

  /** A page of deals: the new ones created in one call of the deals module, their comments in one more. */
  async function importDeals(trx: Trx, ctx: Context, items: AmoLead[]): Promise<Outcome[]> {
    const contacts = await mapOf(trx, ctx, 'contact');
    const companies = await mapOf(trx, ctx, 'company');
    const outcomes: (Outcome | null)[] = [];
    const missingOf = new Map<string, string[]>();
    const writes = [];
    for (const d of items) {
      const stageId = ctx.setup.stages[`${d.pipeline_id}:${d.status_id}`];
      const pipelineId = ctx.setup.pipelines[String(d.pipeline_id)];
      if (!stageId || !pipelineId) {
        outcomes.push({
          failed: failure('pipeline_not_migrated', {
            pipelineId: String(d.pipeline_id),
            stageId: String(d.status_id),
          }),
        });
        continue;
      }
      const { customFields, comment } = valuesOf(ctx, 'leads', d.custom_fields_values);
      const dealContacts: { id: string; isPrimary: boolean }[] = [];
      const missing: string[] = [];
      for (const link of d._embedded?.contacts ?? []) {
        const id = contacts.get(String(link.id));
        if (id && !dealContacts.some((c) => c.id === id))
          dealContacts.push({
            id,
            isPrimary: Boolean(link.is_main) && !dealContacts.some((c) => c.isPrimary),
          });
        else if (!id) missing.push(`contact ${link.id}`);
      }
      const companyLink = d._embedded?.companies?.[0];
      const companyId = companyLink ? (companies.get(String(companyLink.id)) ?? null) : null;
      if (companyLink && !companyId) missing.push(`company ${companyLink.id}`);
      missingOf.set(String(d.id), missing);
      const price = Math.max(0, Math.round((d.price ?? 0) * 100) / 100);
      // A lost deal keeps why (status 143 is amoCRM's Lost in every pipeline).
      const lossReasonId =
        d.status_id === LOST_STATUS_ID && d.loss_reason_id
          ? (ctx.setup.lossReasons?.[String(d.loss_reason_id)] ?? null)
          : null;
      outcomes.push(null);
      writes.push({
        sourceId: String(d.id),
        updatedAt: d.updated_at,
        input: {
          body: {
            name: (d.name ?? '').trim().slice(0, 200) || `Сделка ${d.id}`,
            amount: Number.isFinite(price) ? price.toFixed(2) : '0.00',
            pipelineId,
            stageId,
            responsibleUserId: userOf(ctx, d.responsible_user_id),
            companyId,
            contacts: dealContacts,
            startDate: dayOf(d.created_at, ctx.timeZone),
            tags: (d._embedded?.tags ?? []).map((t) => t.name),
            lossReasonId,
            customFields,
          },
          // A won or lost deal keeps the day amoCRM closed it (reports count it then, not at the migration).
          closedAt: d.closed_at ? new Date(d.closed_at * 1000) : undefined,
          comment,
          createdAt: new Date(d.created_at * 1000),
        },
      });
    }
    const written = await upsertMany(trx, ctx, { entity: 'deal', target: 'deal' }, writes, {
      createMany: async (inputs) => {
        const deals = await targets.deals.createMany(ctx.actor, inputs, trx);
        const comments = inputs.flatMap((input, i) =>
          input.comment
            ? [
                {
                  kind: 'note' as const,
                  entity: 'deal' as const,
                  entityId: deals[i]?.id ?? '',
                  authorUserId: null,
                  text: input.comment,
                  data: {},
                  occurredAt: input.createdAt,
                },
              ]
            : [],
        );
        if (comments.length > 0) await targets.timeline.importEntries(trx, ctx.actor, comments);
        return deals.map((deal) => deal.id);
      },
      snapshot: async (id) => {
        try {
          const r = await targets.deals.get(ctx.actor, id, trx);
          return {
            name: r.name,
            amount: r.amount,
            pipelineId: r.pipelineId,
            stageId: r.stageId,
            responsibleUserId: r.responsibleUserId,
            companyId: r.companyId,
            contacts: r.contacts.map((c) => ({ id: c.id, isPrimary: c.isPrimary })),
            startDate: r.startDate,
            tags: r.tags,
            lossReasonId: r.lossReasonId,
            customFields: r.customFields,
          };
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      },
      update: async (id, input) => {
        await targets.deals.update(ctx.actor, id, input.body, undefined, trx);
      },
    });
    const result = merged(outcomes, written);
    for (const [i, d] of items.entries()) {
      const missing = missingOf.get(String(d.id)) ?? [];
      if (missing.length > 0 && result[i] !== 'unchanged')
        await repo.log(
          trx,
          ctx.run.account_id,
          ctx.run.id,
          'warning',
          `Deal ${d.id}: linked ${missing.join(', ')} does not exist in amoCRM; the link is left out`,
        );
    }
    return result;
  }

  const TASK_ENTITY: Record<string, { target: TaskEntity; selection: ImportEntity }> = {
    leads: { target: 'deal', selection: 'deals' },
    contacts: { target: 'contact', selection: 'contacts' },
    companies: { target: 'company', selection: 'companies' },
  };

  async function parentOf(
    trx: Trx,
    ctx: Context,
    entityType: string | null | undefined,
    entityId: number | null | undefined,
  ): Promise<{ entity: TaskEntity; id: string } | null | { failed: FailureReason }> {
    if (!entityType || !entityId) return null;
    const kind = TASK_ENTITY[entityType];
    if (!kind) return null;
    const id = (await mapOf(trx, ctx, kind.target)).get(String(entityId));
    if (id) return { entity: kind.target, id };
    if (!ctx.want.has(kind.selection)) return null;
    return { failed: failure('linked_record_missing', { entity: kind.target, id: String(entityId) }) };
  }

  /** A page of tasks: the new ones created in one call of the tasks module. */
  async function importTasks(trx: Trx, ctx: Context, items: AmoTask[]): Promise<Outcome[]> {
    type Input = Parameters<ImportTargets['tasks']['importTasks']>[2][number];
    const outcomes: (Outcome | null)[] = [];
    const writes: { sourceId: string; updatedAt: number; input: Input }[] = [];
    for (const t of items) {
      const parent = await parentOf(trx, ctx, t.entity_type, t.entity_id);
      if (parent && 'failed' in parent) {
        outcomes.push(parent);
        continue;
      }
      const result =
        t.result && !Array.isArray(t.result) && typeof t.result.text === 'string' && t.result.text.trim()
          ? t.result.text.trim()
          : null;
      const responsible = userOf(ctx, t.responsible_user_id);
      const state: ImportedTaskState = {
        type: taskTypeOf(t.task_type_id),
        text: taskText(t.text, t.result).slice(0, 10_000),
        deadline: new Date((t.complete_till ?? t.created_at) * 1000),
        responsibleUserId: responsible,
        completedAt: t.is_completed ? new Date(t.updated_at * 1000) : null,
        completedBy: t.is_completed ? responsible : null,
        result: result ? result.slice(0, 10_000) : null,
      };
      outcomes.push(null);
      writes.push({
        sourceId: String(t.id),
        updatedAt: t.updated_at,
        input: {
          ...state,
          createdBy: authorOf(ctx, t.created_by),
          entity: parent?.entity ?? null,
          entityId: parent?.id ?? null,
          createdAt: new Date(t.created_at * 1000),
          updatedAt: new Date(t.updated_at * 1000),
        },
      });
    }
    const written = await upsertMany(trx, ctx, { entity: 'task', target: 'task' }, writes, {
      createMany: async (inputs) =>
        (await targets.tasks.importTasks(trx, ctx.actor, inputs)).map((task) => task.id),
      // A re-sync brings over what changed in amoCRM since: above all, a task done there.
      snapshot: async (id) => {
        const prior = await targets.tasks.importedState(trx, ctx.actor, id);
        return prior ? { ...prior } : null;
      },
      // The task's state only: its author, link and dates stay as first brought over.
      update: async (id, input) => {
        await targets.tasks.reimportTask(trx, ctx.actor, id, input);
      },
    });
    return merged(outcomes, written);
  }

  /** The outcomes decided before writing, with the writes' outcomes in the gaps (null), in order. */
  function merged(decided: (Outcome | null)[], written: Outcome[]): Outcome[] {
    let next = 0;
    return decided.map((o) => o ?? written[next++] ?? 'unchanged');
  }

  const NOTE_PARENT: Record<string, string> = {
    company_notes: 'companies',
    contact_notes: 'contacts',
    deal_notes: 'leads',
  };

  /** A note, call, e-mail, SMS or file of amoCRM as a timeline entry (original date and author). */
  function entryOf(n: AmoNote): { kind: TimelineKind; text: string; data: Record<string, unknown> } {
    const p = n.params ?? {};
    const str = (v: unknown) =>
      typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    switch (n.note_type) {
      case 'common':
        return { kind: 'note', text: str(p.text), data: {} };
      case 'call_in':
      case 'call_out': {
        const link = str(p.link);
        const phone = str(p.phone).trim().slice(0, 50);
        return {
          kind: 'call',
          text: link ? `Запись разговора: ${link}` : '',
          data: {
            direction: n.note_type === 'call_in' ? 'inbound' : 'outbound',
            durationSeconds: Math.min(86_400, Math.max(0, Math.trunc(Number(p.duration) || 0))),
            phone: phone || null,
            result: str(p.call_result).trim().slice(0, 1000) || null,
          },
        };
      }
      case 'amomail_message': {
        const from = str((p.from as { email?: unknown } | undefined)?.email).trim();
        const to = str((p.to as { email?: unknown } | undefined)?.email).trim();
        const subject = str(p.subject).slice(0, 998);
        const body = str(p.content_summary);
        if (isValidEmail(from) && isValidEmail(to))
          return { kind: 'email', text: body, data: { subject, from, to: [to], cc: [] } };
        return { kind: 'note', text: `E-mail «${subject}» ${from} → ${to}\n\n${body}`, data: {} };
      }
      case 'attachment':
        return {
          kind: 'note',
          text: `Файл: ${str(p.original_name ?? p.file_name) || 'без имени'}`,
          data: {},
        };
      case 'sms_in':
      case 'sms_out':
        return {
          kind: 'note',
          text: `SMS (${n.note_type === 'sms_in' ? 'входящее' : 'исходящее'}) ${str(p.phone)}: ${str(p.text)}`,
          data: {},
        };
      default:
        return {
          kind: 'note',
          text: typeof p.text === 'string' && p.text ? p.text : `${n.note_type}: ${JSON.stringify(p)}`,
          data: {},
        };
    }
  }

  /**
   * A page of notes: the new ones created in one call of the timeline module, with the files downloaded
   * for them (`ctx.downloads`) created first; notes edited in amoCRM since they were brought over are
   * updated in place (a re-sync); a file downloaded for a note brought over before (its download failed
   * then) is attached to its entry.
   */
  async function importNotes(trx: Trx, ctx: Context, step: StepName, items: AmoNote[]): Promise<Outcome[]> {
    type Input = Parameters<ImportTargets['timeline']['importEntries']>[2][number];
    const outcomes: (Outcome | null)[] = [];
    const writes: { sourceId: string; updatedAt: number; input: Input }[] = [];
    const fileFailures = new Map<string, { file: FailureReason; name: string }>();
    for (const n of items) {
      if (n.note_type === 'attachment' && !ctx.selection.withFiles) {
        outcomes.push('skipped');
        continue;
      }
      const parent = await parentOf(trx, ctx, NOTE_PARENT[step], n.entity_id);
      if (!parent) {
        outcomes.push({ failed: failure('parent_not_migrated', { id: String(n.entity_id) }) });
        continue;
      }
      if ('failed' in parent) {
        outcomes.push(parent);
        continue;
      }
      const entry = entryOf(n);
      const sourceId = `${NOTE_PARENT[step]}:${n.id}`;
      const download = ctx.downloads.get(sourceId);
      let fileIds: string[] | undefined;
      if (download && 'failed' in download)
        fileFailures.set(sourceId, { file: download.failed, name: download.name });
      else if (download) {
        const file = await targets.files.importFile(trx, ctx.actor, {
          id: fileIdOf(ctx.run.account_id, ctx.run.portal, sourceId),
          received: download.ok.received,
          name: download.ok.name,
          declaredMime: download.ok.mime,
          uploadedBy: authorOf(ctx, n.created_by),
          createdAt: new Date(n.created_at * 1000),
        });
        await mapCreated(trx, ctx, { entity: 'file', target: 'file' }, [
          { sourceId, updatedAt: n.updated_at, targetId: file.id },
        ]);
        fileIds = [file.id];
      }
      outcomes.push(null);
      writes.push({
        sourceId,
        updatedAt: n.updated_at,
        input: {
          kind: entry.kind,
          entity: parent.entity,
          entityId: parent.id,
          authorUserId: authorOf(ctx, n.created_by),
          text: entry.text.slice(0, 50_000) || `(${n.note_type})`,
          data: entry.data,
          occurredAt: new Date(n.created_at * 1000),
          ...(fileIds ? { fileIds } : {}),
        },
      });
    }
    /** The entry's state with the new file added to those it has. */
    const withFile = async (id: string, input: Input) => {
      const state = await targets.timeline.importedState(trx, ctx.actor, id);
      return { state, fileIds: input.fileIds ? [...(state?.fileIds ?? []), ...input.fileIds] : undefined };
    };
    const written = await upsertMany(trx, ctx, { entity: 'note', target: 'timeline' }, writes, {
      createMany: async (inputs) =>
        (await targets.timeline.importEntries(trx, ctx.actor, inputs)).map((entry) => entry.id),
      // A re-sync: the note was edited in amoCRM since (its text, a call's result…) — the entry in place.
      snapshot: (id) => targets.timeline.importedState(trx, ctx.actor, id),
      update: async (id, input) => {
        const { fileIds } = await withFile(id, input);
        await targets.timeline.reimportEntry(trx, ctx.actor, id, {
          kind: input.kind,
          text: input.text,
          data: input.data,
          ...(fileIds ? { fileIds } : {}),
        });
      },
    });
    // A note brought over before, unchanged, whose file was downloaded only now: the file joins its entry.
    const known = await mapOf(trx, ctx, 'note');
    for (const [i, w] of writes.entries()) {
      const entryId = known.get(w.sourceId);
      if (written[i] !== 'unchanged' || !w.input.fileIds || !entryId) continue;
      const { state, fileIds } = await withFile(entryId, w.input);
      if (!state || !fileIds) continue;
      await targets.timeline.reimportEntry(trx, ctx.actor, entryId, { ...state, fileIds });
      written[i] = 'updated';
    }
    const failures = writes.map((w) => fileFailures.get(w.sourceId));
    return merged(
      outcomes,
      written.map((o, i) => {
        const failed = failures[i];
        return failed && typeof o === 'string' && o !== 'skipped' ? { migrated: o, files: [failed] } : o;
      }),
    );
  }

  /** The records' steps: their amoCRM entity and Voronka entity (files of `file` custom fields). */
  const RECORD_STEP: Partial<Record<StepName, { amo: AmoEntity; target: TaskEntity }>> = {
    companies: { amo: 'companies', target: 'company' },
    contacts: { amo: 'contacts', target: 'contact' },
    deals: { amo: 'leads', target: 'deal' },
  };

  /** The drive files of a record's `file` custom fields, keyed by record, field and file. */
  function fieldFilesOf(amo: AmoEntity, item: { id: number; custom_fields_values?: unknown }) {
    const files: { key: string; file: NoteFile; field: string }[] = [];
    const values = Array.isArray(item.custom_fields_values) ? item.custom_fields_values : [];
    for (const v of values as {
      field_id?: number;
      field_type?: string;
      field_name?: string;
      values?: unknown;
    }[]) {
      if (v.field_type !== 'file' || !Array.isArray(v.values)) continue;
      for (const entry of v.values as { value?: Record<string, unknown> }[]) {
        const file = fileOfNote(entry.value);
        if (file?.kind !== 'drive') continue;
        files.push({
          key: `${amo}:${item.id}:field:${v.field_id}:${file.uuid}`,
          file,
          field: v.field_name ?? String(v.field_id),
        });
      }
    }
    return files;
  }

  /**
   * After a page of records: the files of their `file` custom fields (downloaded before the transaction),
   * each on a note of the record's timeline ("Файл из поля «…»"), so the card shows and downloads them; the
   * field itself keeps its value as text. A file not brought is a line of the report.
   */
  async function withFieldFiles(
    trx: Trx,
    ctx: Context,
    step: StepName,
    items: unknown[],
    outcomes: Outcome[],
  ): Promise<Outcome[]> {
    const kind = RECORD_STEP[step];
    if (!kind || ctx.downloads.size === 0) return outcomes;
    const records = await mapOf(trx, ctx, kind.target);
    type Input = Parameters<ImportTargets['timeline']['importEntries']>[2][number];
    const entries: { key: string; updatedAt: number; input: Input }[] = [];
    const result = [...outcomes];
    for (const [i, raw] of items.entries()) {
      const item = raw as {
        id: number;
        created_at: number;
        updated_at: number;
        custom_fields_values?: unknown;
      };
      const outcome = result[i];
      const recordId = records.get(String(item.id));
      if (!recordId || typeof outcome !== 'string' || outcome === 'skipped') continue;
      const failed: { file: FailureReason; name: string }[] = [];
      for (const { key, field } of fieldFilesOf(kind.amo, item)) {
        const download = ctx.downloads.get(key);
        if (!download) continue;
        if ('failed' in download) {
          failed.push({ file: download.failed, name: download.name });
          continue;
        }
        const stored = await targets.files.importFile(trx, ctx.actor, {
          id: fileIdOf(ctx.run.account_id, ctx.run.portal, key),
          received: download.ok.received,
          name: download.ok.name,
          declaredMime: download.ok.mime,
          uploadedBy: null,
          createdAt: new Date(item.created_at * 1000),
        });
        await mapCreated(trx, ctx, { entity: 'file', target: 'file' }, [
          { sourceId: key, updatedAt: item.updated_at, targetId: stored.id },
        ]);
        entries.push({
          key,
          updatedAt: item.updated_at,
          input: {
            kind: 'note',
            entity: kind.target,
            entityId: recordId,
            authorUserId: null,
            text: `Файл из поля «${field}»: ${stored.name}`,
            data: {},
            occurredAt: new Date(item.created_at * 1000),
            fileIds: [stored.id],
          },
        });
      }
      if (failed.length > 0) result[i] = { migrated: outcome, files: failed };
    }
    if (entries.length > 0) {
      const created = await targets.timeline.importEntries(
        trx,
        ctx.actor,
        entries.map((e) => e.input),
      );
      await mapCreated(
        trx,
        ctx,
        { entity: 'field_file', target: 'timeline' },
        entries.map((e, i) => ({ sourceId: e.key, updatedAt: e.updatedAt, targetId: created[i]?.id ?? '' })),
      );
    }
    return result;
  }

  /**
   * Downloads the files of a page of notes before its transaction (through the amoCRM client: the portal's
   * limit), staged on disk: those of notes in the period whose record was migrated and whose file no run
   * brought yet. A file that cannot be had is a reason for the report, not a failed page — except a
   * blocked portal (403), which stops the run as any request would.
   */
  async function downloadFiles(
    ctx: Context,
    step: StepName,
    page: SourcePage,
  ): Promise<Map<string, Download>> {
    const downloads = new Map<string, Download>();
    if (!ctx.selection.withFiles) return downloads;
    const parentEntity = NOTE_PARENT[step];
    const parentKind = parentEntity ? TASK_ENTITY[parentEntity] : undefined;
    const recordKind = RECORD_STEP[step];
    const committed = async (entity: string) => {
      let map = ctx.committed.get(entity);
      if (!map) {
        map = await repo.externalMap(db, ctx.run.account_id, ctx.run.portal, entity);
        ctx.committed.set(entity, map);
      }
      return map;
    };
    const wanted: { key: string; file: NoteFile }[] = [];
    if (recordKind)
      for (const item of page.items) {
        if (!inPeriod(item.created_at, ctx.selection.period, ctx.timeZone)) continue;
        for (const { key, file } of fieldFilesOf(recordKind.amo, item))
          if (!(await committed('file')).has(key)) wanted.push({ key, file });
      }
    for (const item of parentEntity && parentKind ? (page.items as AmoNote[]) : []) {
      if (!parentKind || !inPeriod(item.created_at, ctx.selection.period, ctx.timeZone)) continue;
      const file = fileOfNote(item.params);
      const key = `${parentEntity}:${item.id}`;
      if (!file || (await committed('file')).has(key)) continue;
      if (!(await committed(parentKind.target)).has(String(item.entity_id))) continue;
      wanted.push({ key, file });
    }
    const limit = targets.files.sizeLimit;
    const fetchOne = async ({ key, file }: { key: string; file: NoteFile }): Promise<void> => {
      if (file.kind === 'legacy') {
        downloads.set(key, { failed: failure('file_legacy', { name: file.name }), name: file.name });
        return;
      }
      const notDownloaded = (detail: string) =>
        downloads.set(key, {
          failed: failure('file_not_downloaded', { name: file.name, detail }),
          name: file.name,
        });
      // Asked once per slice; a failed ask is asked again for the next file.
      ctx.drive ??= ctx.client.driveUrl().catch((error: unknown) => {
        ctx.drive = undefined;
        throw error;
      });
      try {
        const drive = await ctx.drive;
        if (!drive) return void notDownloaded('amoCRM names no files service (drive_url)');
        const got = await ctx.client.downloadFile(drive, file, limit);
        const received = await targets.files.stage(got.bytes);
        downloads.set(key, { ok: { received, name: file.name, mime: got.mime } });
      } catch (error) {
        if (error instanceof AmoBlockedError) throw error;
        if (error instanceof AmoUnreachableError && error.kind === 'too_large')
          downloads.set(key, {
            failed: failure('file_too_large', { name: file.name, limit: String(limit) }),
            name: file.name,
          });
        else if (error instanceof AmoApiError) notDownloaded(`HTTP ${error.status}`);
        else if (error instanceof AmoUnreachableError) notDownloaded(error.kind);
        else throw error;
      }
    };
    const queue = [...wanted];
    const workers = Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await fetchOne(next);
    });
    try {
      await Promise.all(workers);
    } catch (error) {
      await discardDownloads(downloads);
      throw error;
    }
    return downloads;
  }

  async function discardDownloads(downloads: Map<string, Download>) {
    for (const download of downloads.values())
      if ('ok' in download) await targets.files.discard(download.ok.received).catch(() => undefined);
  }

  /** A page (or, isolated, one record) of a step; outcomes in the order of `items`. */
  async function importItems(trx: Trx, ctx: Context, step: StepName, items: unknown[]): Promise<Outcome[]> {
    switch (step) {
      case 'companies':
        return withFieldFiles(trx, ctx, step, items, await importCompanies(trx, ctx, items as AmoCompany[]));
      case 'contacts':
        return withFieldFiles(trx, ctx, step, items, await importContacts(trx, ctx, items as AmoContact[]));
      case 'deals':
        return withFieldFiles(trx, ctx, step, items, await importDeals(trx, ctx, items as AmoLead[]));
      case 'tasks':
        return importTasks(trx, ctx, items as AmoTask[]);
      default:
        return importNotes(trx, ctx, step, items as AmoNote[]);
    }
  }

  /**
   * Why a service refused a record (its AppError below 500); rethrows anything else, and a required field
   * empty in the source as RequiredFieldStop.
   */
  function refusalOf(error: unknown): FailureReason {
    const required = requiredFieldOf(error);
    if (required) throw new RequiredFieldStop(required.fieldId, required.reason);
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    return failure('refused', { detail: problemText(error) });
  }

  /**
   * Writes one page in one transaction with the checkpoint; throws RequiredFieldStop / PageSuperseded.
   * Most pages have no record a service refuses, so a page is first written without a savepoint per record
   * (two round trips less each); when a record is refused, that attempt is rolled back and the page written
   * again with every record in its own savepoint, the refused ones going into the report.
   */
  async function writePage(ctx: Context, step: StepName, offset: number, page: SourcePage) {
    const downloads = await downloadFiles(ctx, step, page);
    try {
      let written = { ...ctx, maps: new Map<string, Promise<PageMap>>(), downloads };
      try {
        await writePageOnce(written, step, offset, page, false);
      } catch (error) {
        if (!(error instanceof RecordRefused)) throw error;
        written = { ...ctx, maps: new Map(), downloads };
        await writePageOnce(written, step, offset, page, true);
      }
      await keepMaps(written);
    } finally {
      await discardDownloads(downloads);
    }
  }

  async function writePageOnce(
    ctx: Context,
    step: StepName,
    offset: number,
    page: SourcePage,
    isolated: boolean,
  ) {
    const { run } = ctx;
    await db.transaction().execute(async (trx) => {
      const current = await repo.lock(trx, run.account_id, run.id);
      const checkpoint = (current?.checkpoint ?? {}) as Checkpoint;
      const at = checkpoint.steps?.[step];
      if (!current || current.status !== 'running' || (at?.offset ?? 0) !== offset || at?.done)
        throw new PageSuperseded();
      const counts = { migrated: 0, added: 0, updated: 0, failed: 0 };
      const items = page.items.filter((item) =>
        inPeriod(item.created_at, ctx.selection.period, ctx.timeZone),
      );
      let outcomes: Outcome[] = [];
      if (!isolated) {
        try {
          outcomes = await importItems(trx, ctx, step, items);
        } catch (error) {
          refusalOf(error);
          throw new RecordRefused();
        }
      }
      for (const [i, item] of items.entries()) {
        let outcome: Outcome = outcomes[i] ?? 'skipped';
        if (isolated) {
          try {
            outcome = (await savepoint(trx, () => importItems(trx, ctx, step, [item])))[0] ?? 'skipped';
          } catch (error) {
            outcome = { failed: refusalOf(error) };
          }
        }
        if (outcome === 'skipped') continue;
        if (typeof outcome === 'object' && 'migrated' in outcome) {
          // The record is migrated (and counted so); each file not brought is a line of the report.
          for (const f of outcome.files)
            await repo.fail(trx, run.account_id, run.id, {
              entity: STEPS.find((s) => s.step === step)?.entity ?? step,
              source_id: String(item.id),
              name: f.name,
              ...storedReason(f.file),
            });
          outcome = outcome.migrated;
        }
        if (typeof outcome === 'object' && 'failed' in outcome) {
          counts.failed++;
          await repo.fail(trx, run.account_id, run.id, {
            entity: STEPS.find((s) => s.step === step)?.entity ?? step,
            source_id: String(item.id),
            name: typeof item.name === 'string' ? item.name : null,
            ...storedReason(outcome.failed),
          });
          continue;
        }
        counts.migrated++;
        if (outcome === 'added') counts.added++;
        if (outcome === 'updated') counts.updated++;
      }
      const next =
        page.nextOffset === null
          ? { offset: offset + page.items.length, done: true }
          : { offset: page.nextOffset, done: false };
      const throttle = !current.progress_event_at || Date.now() - current.progress_event_at.getTime() >= 1000;
      const updated = await repo.update(trx, run.account_id, run.id, {
        checkpoint: JSON.stringify({ ...checkpoint, steps: { ...checkpoint.steps, [step]: next } }),
        current_step: step,
        migrated: current.migrated + counts.migrated,
        added: current.added + counts.added,
        updated: current.updated + counts.updated,
        failed: current.failed + counts.failed,
        lease_until: new Date(Date.now() + LEASE_SECONDS * 1000),
        ...(throttle ? { progress_event_at: new Date() } : {}),
      });
      await repo.log(
        trx,
        run.account_id,
        run.id,
        counts.failed > 0 ? 'warning' : 'info',
        `${ENTITY_LABEL[step] ?? step}: ${counts.migrated} migrated (${counts.added} added, ${counts.updated} updated)` +
          (counts.failed ? `, ${counts.failed} not migrated` : '') +
          (next.done ? ' — done' : ''),
      );
      if (throttle) await emit(trx, updated, 'progressed');
    });
  }

  async function contextOfRun(run: RunRow, client: AmoClient): Promise<Context> {
    const selection = run.selection as unknown as ImportSelection;
    const { actor, defaultUserId, userName } = await actorOf(run);
    const amoUsers = await client.users();
    const userMap = await userMapOf(run, amoUsers);
    const checkpoint = run.checkpoint as Checkpoint;
    const setup = checkpoint.setup ?? (await setUp(run, client, actor, userMap, amoUsers, userName));
    const { timeZone, currency } = await accountSettings(run.account_id);
    const fields = new Map((await targets.customFields.list(actor, undefined)).map((f) => [f.id, f]));
    return {
      run,
      selection,
      actor,
      defaultUserId,
      userMap,
      setup,
      fields,
      timeZone,
      currency,
      want: new Set(selection.entities),
      committed: new Map(),
      maps: new Map(),
      client,
      downloads: new Map(),
    };
  }

  /**
   * Reads the source ahead of the writes, page after page and step after step from the run's checkpoint,
   * up to READ_AHEAD pages, so the client does not idle while a page is written (amoCRM's 7 requests per
   * second are the floor). A page asked for that was not read ahead (the checkpoint moved otherwise) is
   * read at once; a failed read fails the page that asks for it.
   */
  function readAhead(run: RunRow, client: AmoClient, steps: readonly (typeof STEPS)[number][]) {
    const updatedFrom = run.updated_since ? Math.floor(run.updated_since.getTime() / 1000) : undefined;
    const fetchPage = (list: (typeof STEPS)[number]['list'], offset: number): Promise<SourcePage> =>
      client.listPage(list, offset, {
        ...(updatedFrom !== undefined ? { updatedFrom } : {}),
        ...(list === 'leads' ? { with: ['contacts'] } : {}),
      });
    const read = new Map<string, Promise<SourcePage>>();
    const keyOf = (step: StepName, offset: number) => `${step}:${offset}`;
    /** `taken`: wakes the reader waiting for room. */
    const state: { stopped: boolean; taken: (() => void) | null } = { stopped: false, taken: null };
    const checkpoint = run.checkpoint as Checkpoint;
    void (async () => {
      for (const { step, list } of steps) {
        const at = checkpoint.steps?.[step];
        if (at?.done) continue;
        let offset: number | null = at?.offset ?? 0;
        while (offset !== null) {
          while (!state.stopped && read.size >= READ_AHEAD)
            await new Promise<void>((resolve) => (state.taken = resolve));
          if (state.stopped) return;
          const page = fetchPage(list, offset);
          // Awaited when its turn comes; a run that stops before then drops it (no unhandled rejection).
          page.catch(() => undefined);
          read.set(keyOf(step, offset), page);
          try {
            offset = (await page).nextOffset;
          } catch {
            return;
          }
        }
      }
    })();
    const wake = () => {
      const resolve = state.taken;
      state.taken = null;
      resolve?.();
    };
    return {
      page(step: StepName, offset: number): Promise<SourcePage> {
        const key = keyOf(step, offset);
        const page = read.get(key);
        read.delete(key);
        wake();
        if (page) return page;
        const list = STEPS.find((s) => s.step === step)?.list;
        if (!list) throw new Error(`Unknown step ${step}`);
        return fetchPage(list, offset);
      },
      /** Whether that page was read ahead (or is being read). */
      has: (step: StepName, offset: number) => read.has(keyOf(step, offset)),
      stop() {
        state.stopped = true;
        wake();
      },
    };
  }

  /** Migrates from the checkpoint on; returns whether a continuation job is needed. */
  async function migrate(run: RunRow, client: AmoClient, startedAt: number): Promise<boolean> {
    const ctx = await contextOfRun(run, client);
    const steps = STEPS.filter(({ entity }) => ctx.want.has(entity));
    const reader = readAhead(run, client, steps);
    try {
      for (const { step } of steps) {
        for (;;) {
          const fresh = await repo.find(db, run.account_id, run.id);
          if (!fresh || fresh.status !== 'running') return false;
          const at = (fresh.checkpoint as Checkpoint).steps?.[step];
          if (at?.done) break;
          const offset = at?.offset ?? 0;
          // At the end of a slice the reader stops, and the pages it read are written before the slice ends.
          if (Date.now() - startedAt > SLICE_MS) {
            reader.stop();
            if (!reader.has(step, offset)) return true;
          }
          const page = await reader.page(step, offset);
          try {
            await writePage(ctx, step, offset, page);
          } catch (error) {
            if (error instanceof PageSuperseded) return false;
            if (error instanceof RequiredFieldStop) {
              await stopForRequiredField(run, error, ctx);
              return false;
            }
            throw error;
          }
        }
      }
    } finally {
      reader.stop();
    }
    await db.transaction().execute(async (trx) => {
      const current = await repo.lock(trx, run.account_id, run.id);
      if (!current || current.status !== 'running') return;
      const now = new Date();
      const done = await repo.update(trx, run.account_id, run.id, {
        status: 'completed',
        current_step: null,
        finished_at: now,
        confirm_by: new Date(now.getTime() + 7 * 86_400_000),
      });
      await repo.log(
        trx,
        run.account_id,
        run.id,
        done.failed > 0 ? 'warning' : 'info',
        done.failed > 0
          ? `Done with errors: ${done.migrated} migrated, ${done.failed} not migrated (see the report)`
          : `Done: ${done.migrated} migrated (${done.added} added, ${done.updated} updated)`,
      );
      await emit(trx, done, 'completed');
    });
    return false;
  }

  async function stopForRequiredField(run: RunRow, stop: RequiredFieldStop, ctx: Context) {
    const field = ctx.fields.get(stop.fieldId);
    const name = field?.name ?? stop.fieldId;
    const entity = field?.entity ?? 'record';
    const message = `The custom field «${name}» (${entity}) is required in Voronka but empty in amoCRM. Turn its "Required" flag off (Settings → Custom fields), then press Continue.`;
    await db.transaction().execute(async (trx) => {
      const current = await repo.lock(trx, run.account_id, run.id);
      if (!current || current.status !== 'running') return;
      const stopped = await repo.update(trx, run.account_id, run.id, {
        status: 'stopped',
        error: message,
        error_code: 'required_field',
      });
      await repo.log(trx, run.account_id, run.id, 'error', message);
      await emit(trx, stopped, 'updated', {
        error: { code: 'required_field', message, fieldId: stop.fieldId },
      });
    });
  }

  async function fail(run: RunRow, error: unknown, when: 'check' | 'run' | 'rollback') {
    const message = problemText(error);
    deps.logger.warn({ err: error, runId: run.id }, `import run ${when} failed`);
    await db.transaction().execute(async (trx) => {
      const current = await repo.lock(trx, run.account_id, run.id);
      if (!current) return;
      if (when === 'check') {
        if (current.status !== 'checking') return;
        const result: CheckResult = {
          status: 'failed',
          generation: current.check_generation,
          counts: {},
          total: 0,
          categories: 0,
          error: message,
        };
        const updated = await repo.update(trx, run.account_id, run.id, {
          status: 'draft',
          check_result: JSON.stringify(result),
        });
        await repo.log(trx, run.account_id, run.id, 'error', `Data check failed: ${message}`);
        await emit(trx, updated, 'updated', { check: result });
        return;
      }
      if (current.status !== (when === 'run' ? 'running' : 'rolling_back')) return;
      const failed = await repo.update(trx, run.account_id, run.id, {
        status: 'failed',
        error:
          when === 'run'
            ? `A server error interrupted the migration: ${message}`
            : `Deleting the migrated data failed: ${message}`,
        error_code: when === 'run' ? 'server_error' : 'rollback_error',
        finished_at: new Date(),
      });
      await repo.log(trx, run.account_id, run.id, 'error', failed.error ?? message);
      await emit(trx, failed, 'failed', { error: { code: failed.error_code, message: failed.error } });
    });
  }

  // ------------------------------------------------------------------ rollback

  /** Reverse order of creation; each record deleted (or restored) and its mapping removed, one by one. */
  const ROLLBACK_ORDER = [
    'timeline',
    'file',
    'task',
    'deal',
    'contact',
    'company',
    'stage',
    'pipeline',
    'custom_field',
    'reference_item',
    'user',
  ];

  async function rollback(run: RunRow, startedAt: number): Promise<boolean> {
    const { actor } = await actorOf(run);
    for (const target of ROLLBACK_ORDER) {
      for (;;) {
        const fresh = await repo.find(db, run.account_id, run.id);
        if (!fresh || fresh.status !== 'rolling_back') return false;
        if (Date.now() - startedAt > SLICE_MS) return true;
        const rows = await repo.writtenBy(db, run.account_id, run.id, target, ROLLBACK_BATCH);
        if (rows.length === 0) break;
        let kept = 0;
        for (const row of rows) {
          // What this run updated is put back; what it created goes, even if a later re-sync updated it.
          const restoring = row.run_id === run.id && row.action === 'updated';
          try {
            if (restoring) await restore(actor, row.target_entity, row.target_id, row.prior_state ?? {});
            else await remove(actor, row.target_entity, row.target_id);
          } catch (error) {
            if (!isNotFound(error)) {
              if (!(error instanceof AppError)) throw error;
              kept++;
              await repo.log(
                db,
                run.account_id,
                run.id,
                'warning',
                `Kept ${row.target_entity} ${row.target_id}: ${problemText(error)}`,
              );
            }
          }
          await db.transaction().execute(async (trx) => {
            if (restoring && row.created_run_id && row.created_run_id !== run.id)
              await repo.updateExternal(trx, run.account_id, row.id, {
                run_id: row.created_run_id,
                action: 'created',
                prior_state: null,
              });
            else await repo.deleteExternal(trx, run.account_id, row.id);
          });
        }
        await db.transaction().execute(async (trx) => {
          const updated = await repo.update(trx, run.account_id, run.id, {
            current_step: target,
            lease_until: new Date(Date.now() + LEASE_SECONDS * 1000),
          });
          await repo.log(
            trx,
            run.account_id,
            run.id,
            'info',
            `Deleting migrated data: ${rows.length - kept} ${target} records undone`,
          );
          await emit(trx, updated, 'progressed');
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      const current = await repo.lock(trx, run.account_id, run.id);
      if (!current || current.status !== 'rolling_back') return;
      const done = await repo.update(trx, run.account_id, run.id, {
        status: 'rolled_back',
        current_step: null,
        finished_at: new Date(),
      });
      await repo.log(trx, run.account_id, run.id, 'info', 'The migrated data was deleted');
      await emit(trx, done, 'rolled_back');
    });
    return false;
  }

  async function remove(actor: Actor, entity: string, id: string) {
    switch (entity) {
      case 'timeline':
        return targets.timeline.remove(actor, id);
      case 'file':
        // Off an entry that stays (a note brought by an earlier run), then the row and its bytes.
        await targets.timeline.detachFile(actor, id);
        return targets.files.remove(actor, id);
      case 'task':
        return targets.tasks.remove(actor, id);
      case 'deal':
        return targets.deals.remove(actor, id, undefined);
      case 'contact':
        return targets.contacts.remove(actor, id);
      case 'company':
        return targets.companies.remove(actor, id);
      case 'stage':
        return targets.pipelines.removeStage(actor, id, undefined);
      case 'pipeline':
        return targets.pipelines.remove(actor, id);
      case 'custom_field':
        return targets.customFields.remove(actor, id);
      case 'reference_item':
        return targets.referenceLists.removeImported(actor, id);
      case 'user':
        return targets.users.withdraw(actor, id);
      default:
        throw new Error(`Unknown migrated entity ${entity}`);
    }
  }

  /** Puts back what an update overwrote; custom fields the update added are cleared. */
  async function restore(actor: Actor, entity: string, id: string, prior: Record<string, unknown>) {
    const clearAdded = (current: Record<string, unknown>) => ({
      ...Object.fromEntries(Object.keys(current).map((k) => [k, null])),
      ...(prior.customFields as Record<string, unknown> | undefined),
    });
    await db.transaction().execute(async (trx) => {
      if (entity === 'deal') {
        const current = await targets.deals.get(actor, id, trx);
        await targets.deals.update(
          actor,
          id,
          { ...prior, customFields: clearAdded(current.customFields) },
          undefined,
          trx,
        );
      } else if (entity === 'contact') {
        const current = await targets.contacts.find(trx, actor.accountId, id);
        if (!current) throw new AppError(404, 'not_found', 'Contact not found');
        await targets.contacts.update(
          actor,
          id,
          { ...prior, customFields: clearAdded(current.customFields) },
          undefined,
          trx,
        );
      } else if (entity === 'timeline') {
        const state = prior as { text?: string; data?: Record<string, unknown>; fileIds?: string[] };
        await targets.timeline.reimportEntry(trx, actor, id, {
          text: state.text ?? '',
          data: state.data ?? {},
          fileIds: state.fileIds ?? [],
        });
      } else if (entity === 'task') {
        // The state the re-sync overwrote, stored as JSON (dates as ISO strings).
        const at = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);
        await targets.tasks.reimportTask(trx, actor, id, {
          ...(prior as unknown as ImportedTaskState),
          deadline: at(prior.deadline) ?? new Date(),
          completedAt: at(prior.completedAt),
        });
      } else if (entity === 'company') {
        const current = await targets.companies.find(trx, actor.accountId, id);
        if (!current) throw new AppError(404, 'not_found', 'Company not found');
        await targets.companies.update(
          actor,
          id,
          { ...prior, customFields: clearAdded(current.customFields) },
          undefined,
          trx,
        );
      }
    });
  }

  // ------------------------------------------------------------------ the job

  async function handle(data: { accountId: string; runId: string }) {
    const leased = await repo.takeLease(db, data.accountId, data.runId, LEASE_SECONDS);
    if (!leased) {
      const run = await repo.find(db, data.accountId, data.runId);
      if (!run || !['checking', 'running', 'stopping', 'rolling_back'].includes(run.status)) return;
      // A live worker has it, or a dead one's lease has not lapsed yet: pg-boss retries this job.
      throw new Error(`import run ${data.runId} is leased by another worker`);
    }
    const startedAt = Date.now();
    let more = false;
    const lease = keepLease(data.accountId, data.runId);
    try {
      switch (leased.status) {
        case 'checking':
          try {
            await check(leased, await clientOf(leased));
          } catch (error) {
            if (!(error instanceof CheckSuperseded)) await fail(leased, error, 'check');
          }
          break;
        case 'running':
          try {
            more = await migrate(leased, await clientOf(leased), startedAt);
          } catch (error) {
            await fail(leased, error, 'run');
          }
          // Stop was pressed while a page was being written: the run parks here.
          await park(leased);
          break;
        case 'stopping':
          await park(leased);
          break;
        case 'rolling_back':
          try {
            more = await rollback(leased, startedAt);
          } catch (error) {
            await fail(leased, error, 'rollback');
          }
          break;
        default:
          break;
      }
    } finally {
      await lease.stop();
      await repo.releaseLease(db, data.accountId, data.runId);
    }
    if (more) await enqueue(data.accountId, data.runId);
  }

  /** Renews the run's lease every LEASE_RENEW_MS until stopped (one renewal in flight at a time). */
  function keepLease(accountId: string, runId: string) {
    let pending: Promise<unknown> = Promise.resolve();
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      pending = repo
        .update(db, accountId, runId, { lease_until: new Date(Date.now() + LEASE_SECONDS * 1000) })
        .catch((error: unknown) => deps.logger.warn({ err: error, runId }, 'import run lease renewal failed'))
        .finally(() => {
          busy = false;
        });
    }, LEASE_RENEW_MS);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await pending;
      },
    };
  }

  /** A run whose Stop was pressed is parked (`stopped`) once no page is being written. */
  async function park(run: RunRow) {
    await db.transaction().execute(async (trx) => {
      const current = await repo.lock(trx, run.account_id, run.id);
      if (current?.status !== 'stopping') return;
      const stopped = await repo.update(trx, run.account_id, run.id, { status: 'stopped' });
      await repo.log(trx, run.account_id, run.id, 'info', 'Stopped');
      await emit(trx, stopped, 'updated');
    });
  }

  async function clientOf(run: RunRow) {
    if (!run.connection_id)
      throw new AppError(409, 'connection_deleted', 'The amoCRM connection of this run was deleted');
    return deps.connections.clientFor(run.account_id, run.connection_id);
  }

  return {
    enqueue,
    /** Creates the queue, starts working it (when this process runs the worker) and resumes left runs. */
    async start() {
      await deps.jobs.createQueue(IMPORT_QUEUE, {
        retryLimit: 1000,
        retryDelay: 5,
        heartbeatSeconds: 30,
        expireInSeconds: 900,
      });
      await deps.jobs.work<{ accountId: string; runId: string }>(
        IMPORT_QUEUE,
        { pollingIntervalSeconds: 0.5 },
        (job) => handle(job.data),
      );
      await this.resume();
    },
    /** The resume pass: a job for every run a dead worker left checking, running, stopping or rolling back. */
    async resume() {
      if (!deps.jobs.workerEnabled) return 0;
      const runs = await repo.unfinished(db);
      for (const run of runs) await enqueue(run.account_id, run.id);
      return runs.length;
    },
    handle,
  };
}
export type RunJob = ReturnType<typeof createRunJob>;

function colorOf(status: Record<string, unknown>): string {
  const color = typeof status.color === 'string' ? status.color.toLowerCase() : '';
  return /^#[0-9a-f]{6}$/.test(color) ? color : '#99ccff';
}

/** The settings of a new custom field for an amoCRM field. */
function settingsOf(
  target: Extract<FieldTarget, { kind: 'field' }>,
  labels: { label: string; position: number }[],
  field: AmoCustomField,
  account: { currency: string },
): Record<string, unknown> {
  switch (target.type) {
    case 'list':
      return {
        options: (labels.length ? labels : [{ label: field.name.slice(0, 255) || '—', position: 0 }]).map(
          (l) => ({ id: crypto.randomUUID(), label: l.label, position: l.position }),
        ),
        display: target.display ?? 'dropdown',
      };
    case 'money': {
      const currency =
        typeof field.currency === 'string' && /^[A-Z]{3}$/.test(field.currency)
          ? field.currency
          : account.currency;
      return { currency };
    }
    case 'number':
      return { precision: 6 };
    default:
      return {};
  }
}

export type { AmoPipeline };
