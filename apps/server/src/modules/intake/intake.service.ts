// Incoming requests: web forms (admins write them), the public intake that turns a submission into a deal
// in the Unsorted stage (or joins the client's active deal), the inbox and its accept / decline / link
// actions, repeat-detection settings, the response SLA (deadline, first reply, escalation) and its report.
import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import {
  createCompanyBodySchema,
  createContactBodySchema,
  type acceptRequestBodySchema,
  type createFormBodySchema,
  type declineRequestBodySchema,
  type Deal,
  type EventSource,
  type Form,
  type inboxQuerySchema,
  type IntakeRequest,
  type IntakeSettings,
  type linkRequestBodySchema,
  type PublicForm,
  type SlaPolicy,
  type slaPolicyBodySchema,
  type SlaReport,
  type slaReportQuerySchema,
  type updateFormBodySchema,
} from '@voronka/contracts';
import { isUniqueViolation, type DB, type Db } from '../../platform/db/index.js';
import type { EventBus, EventContext } from '../../platform/events/index.js';
import { decodeCursor, encodeCursor, eventContextOf, type Actor } from '../../platform/http/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import {
  AppError,
  conflict,
  forbidden,
  invalidField,
  invalidFields,
  notFound,
} from '../../platform/errors.js';
import type { AccessService } from '../access/index.js';
import type { CompaniesService } from '../companies/index.js';
import type { ContactsService } from '../contacts/index.js';
import type { DealsService } from '../deals/index.js';
import type { TimelineService } from '../timeline/index.js';
import {
  DEFAULT_SLA_MINUTES,
  exceptionKeys,
  HONEYPOT_FIELD,
  isExcepted,
  noteOf,
  readSubmission,
  repeatDecision,
  slaDeadline,
  slaFigures,
  slaStatus,
  type WorkingHours,
} from './intake-rules.js';
import type { FormRow, FormValues, IntakeRepository, RequestView } from './intake.repository.js';

type Trx = Transaction<DB>;
type CreateFormBody = z.output<typeof createFormBodySchema>;
type UpdateFormBody = z.output<typeof updateFormBodySchema>;
type InboxQuery = z.output<typeof inboxQuerySchema>;
type AcceptBody = z.output<typeof acceptRequestBodySchema>;
type DeclineBody = z.output<typeof declineRequestBodySchema>;
type LinkBody = z.output<typeof linkRequestBodySchema>;
type PolicyBody = z.output<typeof slaPolicyBodySchema>;
type ReportQuery = z.output<typeof slaReportQuerySchema>;

/** Where the module takes the time from (tests steer it). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export const SLA_QUEUE = 'intake.sla-due';

export interface IntakeDeps {
  db: Db;
  repo: IntakeRepository;
  events: EventBus;
  jobs: Pick<Jobs, 'sendInTransaction'>;
  clock: Clock;
  deals: Pick<DealsService, 'create' | 'update' | 'get' | 'readable'>;
  contacts: Pick<ContactsService, 'create'>;
  companies: Pick<CompaniesService, 'create'>;
  timeline: Pick<TimelineService, 'importEntries'>;
  workingHoursOf: (accountId: string, userId: string | null) => Promise<WorkingHours>;
  /** The access rights (ADR 0018): the deals filter of the inbox, the `report` right of the SLA report. */
  access: Pick<AccessService, 'visibleSql' | 'allows'>;
}

/** The columns of the inbox's deals (`d`) the visibility filter reads. */
const DEAL_VISIBILITY_COLUMNS = {
  responsible: sql.ref('d.responsible_user_id'),
  isOpen: sql.ref('d.is_open'),
  stage: sql.ref('d.stage_id'),
};

const newPublicKey = () => crypto.randomBytes(18).toString('base64url');

const presentForm = (row: FormRow, submissions: number): Form => ({
  id: row.id,
  name: row.name,
  pipelineId: row.pipeline_id,
  responsibleUserId: row.responsible_user_id,
  fields: row.fields,
  consent: { required: row.consent_required, text: row.consent_text },
  thankYouText: row.thank_you_text,
  active: row.active,
  publicKey: row.public_key,
  submissionCount: submissions,
  spamCount: row.spam_count,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const presentPublicForm = (row: FormRow): PublicForm => ({
  name: row.name,
  fields: row.fields.map((f) => ({ key: f.key, label: f.label, target: f.target, required: f.required })),
  consent: { required: row.consent_required, text: row.consent_text },
  thankYouText: row.thank_you_text,
  honeypotField: HONEYPOT_FIELD,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const presentRequest = (row: RequestView, now: Date): IntakeRequest => ({
  id: row.id,
  dealId: row.deal_id,
  dealName: row.deal_name,
  pipelineId: row.pipeline_id,
  stageId: row.stage_id,
  responsibleUserId: row.responsible_user_id,
  formId: row.form_id,
  source: row.source,
  kind: row.kind,
  utm: {
    source: row.utm.source ?? null,
    medium: row.utm.medium ?? null,
    campaign: row.utm.campaign ?? null,
    content: row.utm.content ?? null,
    term: row.utm.term ?? null,
  },
  referrer: row.referrer,
  pageUrl: row.page_url,
  message: row.message,
  contact: row.contact_id
    ? {
        id: row.contact_id,
        name: row.contact_name ?? '',
        phone: row.contact_phone,
        email: row.contact_email,
      }
    : null,
  duplicates: { contactIds: row.duplicate_contact_ids, dealIds: row.duplicate_deal_ids },
  receivedAt: row.received_at.toISOString(),
  sla: {
    dueAt: iso(row.sla_due_at),
    respondedAt: iso(row.responded_at),
    status: slaStatus(row.sla_due_at, row.responded_at, now),
    escalatedAt: iso(row.escalated_at),
  },
});

const nameTaken = (error: unknown): never => {
  if (isUniqueViolation(error))
    throw invalidField('body.name', 'Another form has this name', 'duplicate_name');
  throw error;
};

const onlyAdmins = (actor: Actor) => {
  if (actor.role !== 'admin')
    throw forbidden('Only an administrator may change web forms and intake settings');
};

/** Acting for the account without a signed-in person (the public intake, the SLA timer). */
const actingAs = (accountId: string, userId: string, source: EventSource): Actor => ({
  accountId,
  userId,
  identityId: '',
  role: 'member',
  via: 'token',
  sessionId: null,
  tokenId: null,
  source,
});

export function createIntakeService(deps: IntakeDeps) {
  const { db, repo, events, clock } = deps;

  async function checkFormRefs(
    trx: Db,
    accountId: string,
    values: Pick<FormValues, 'pipeline_id' | 'responsible_user_id' | 'fields'>,
  ) {
    const errors: { field: string; reason: string }[] = [];
    const stages = await repo.stagesOf(trx, accountId, values.pipeline_id);
    if (stages.length === 0) errors.push({ field: 'body.pipelineId', reason: 'No such pipeline' });
    else if (!stages.some((s) => s.kind === 'unsorted' || s.kind === 'open'))
      errors.push({ field: 'body.pipelineId', reason: 'The pipeline has no Unsorted or open stage' });
    if (!(await repo.activeUserExists(trx, accountId, values.responsible_user_id)))
      errors.push({ field: 'body.responsibleUserId', reason: 'No such active user' });
    const wanted = values.fields.flatMap((f) => (f.customFieldId ? [f.customFieldId] : []));
    const known = await repo.dealFieldIds(trx, accountId, wanted);
    values.fields.forEach((f, i) => {
      if (f.customFieldId && !known.has(f.customFieldId))
        errors.push({ field: `body.fields.${i}.customFieldId`, reason: 'No such custom field of deals' });
    });
    if (errors.length > 0) throw invalidFields(errors);
  }

  async function lockForm(trx: Trx, actor: Actor, id: string, ifMatch: number | undefined) {
    const row = await repo.lockForm(trx, actor.accountId, id);
    if (!row) throw notFound('Form');
    if (ifMatch !== undefined && ifMatch !== row.version)
      throw conflict('stale_version', 'The form was changed by someone else; reload it and try again');
    return row;
  }

  const withCount = async (trx: Db, row: FormRow) =>
    presentForm(row, (await repo.submissionCounts(trx, row.account_id, [row.id])).get(row.id) ?? 0);

  const formEvent = async (trx: Trx, actor: Actor, type: string, row: FormRow) =>
    events.record(trx, eventContextOf(actor), {
      type,
      entity: 'form',
      entityId: row.id,
      payload: { name: row.name, pipelineId: row.pipeline_id, active: row.active },
    });

  async function settingsOf(trx: Db, accountId: string): Promise<IntakeSettings> {
    const row = await repo.settings(trx, accountId);
    return {
      repeatDetection: row?.repeat_detection ?? true,
      repeatExceptions: row?.repeat_exceptions ?? [],
    };
  }

  async function policyOf(trx: Db, accountId: string, pipelineId: string) {
    const row = await repo.policy(trx, accountId, pipelineId);
    return {
      minutes: row?.minutes ?? DEFAULT_SLA_MINUTES,
      workingHours: row?.working_hours ?? false,
      reassignToHead: row?.reassign_to_head ?? false,
    };
  }

  /** Whether the actor may read the deal (a hidden deal is absent: 404, or "no such deal"). */
  const mayRead = async (trx: Db, actor: Actor, dealId: string) =>
    (await deps.deals.readable(actor, [dealId], trx)).has(dealId);

  /** The deal of an inbox action: the account's, one the actor may read, in an Unsorted stage. */
  async function unsortedDeal(trx: Db, actor: Actor, dealId: string) {
    const deal = await repo.dealState(trx, actor.accountId, dealId);
    if (!deal || !(await mayRead(trx, actor, dealId))) throw notFound('Deal');
    if (deal.kind !== 'unsorted')
      throw conflict('not_unsorted', 'The deal is not in the Unsorted stage any more');
    return deal;
  }

  async function lostStageOf(trx: Db, accountId: string, pipelineId: string) {
    const lost = (await repo.stagesOf(trx, accountId, pipelineId)).find((s) => s.kind === 'lost');
    if (!lost) throw conflict('no_lost_stage', 'The pipeline has no Lost stage');
    return lost;
  }

  const inboxEvent = (trx: Trx, actor: Actor, type: string, dealId: string, payload: object) =>
    events.record(trx, eventContextOf(actor), {
      type,
      entity: 'deal',
      entityId: dealId,
      payload: { dealId, ...payload },
    });

  /** Escalates one overdue request; 'not_due' when the clock has not reached its deadline. */
  async function escalate(
    accountId: string,
    requestId: string,
  ): Promise<'escalated' | 'not_due' | 'skipped'> {
    return db.transaction().execute(async (trx) => {
      const row = await repo.lockRequest(trx, accountId, requestId);
      if (!row?.sla_due_at || row.responded_at || row.escalated_at) return 'skipped';
      const now = clock.now();
      if (now.getTime() <= row.sla_due_at.getTime()) return 'not_due';
      const deal = await repo.dealState(trx, accountId, row.deal_id);
      // Moved out of Unsorted: a stage move is a reply; the SLA subscriber records it.
      if (!deal || deal.kind !== 'unsorted') return 'skipped';
      const responsible = deal.responsible_user_id;
      const head = responsible ? await repo.headOf(trx, accountId, responsible) : null;
      const policy = await policyOf(trx, accountId, deal.pipeline_id);
      const reassignTo = policy.reassignToHead && head ? head : null;
      await repo.setEscalated(trx, accountId, requestId, now);
      const actorUser = reassignTo ?? responsible ?? head;
      if (actorUser) {
        const system = actingAs(accountId, actorUser, 'system');
        if (reassignTo)
          await deps.deals.update(system, deal.id, { responsibleUserId: reassignTo }, undefined, trx);
        await deps.timeline.importEntries(trx, system, [
          {
            kind: 'note',
            entity: 'deal',
            entityId: deal.id,
            authorUserId: null,
            text:
              `Response time missed: the reply was due at ${row.sla_due_at.toISOString()}.` +
              (reassignTo ? ' The request was reassigned to the head of the department.' : ''),
            data: {},
            occurredAt: now,
          },
        ]);
      }
      await events.record(
        trx,
        { accountId, actorUserId: null, source: 'system' },
        {
          type: 'intake_request.sla_missed',
          entity: 'intake_request',
          entityId: requestId,
          payload: {
            dealId: deal.id,
            dueAt: row.sla_due_at.toISOString(),
            responsibleUserId: responsible,
            headUserId: head,
            notifyUserIds: [...new Set([responsible, head].filter((u): u is string => u !== null))],
            reassignedTo: reassignTo,
          },
        },
      );
      return 'escalated';
    });
  }

  return {
    // ---- forms ----
    async listForms(actor: Actor) {
      const rows = await repo.listForms(db, actor.accountId);
      const counts = await repo.submissionCounts(
        db,
        actor.accountId,
        rows.map((r) => r.id),
      );
      return { items: rows.map((row) => presentForm(row, counts.get(row.id) ?? 0)) };
    },
    async getForm(actor: Actor, id: string) {
      const row = await repo.findForm(db, actor.accountId, id);
      if (!row) throw notFound('Form');
      return withCount(db, row);
    },
    createForm: (actor: Actor, body: CreateFormBody) =>
      db.transaction().execute(async (trx) => {
        onlyAdmins(actor);
        const values: FormValues = {
          name: body.name,
          pipeline_id: body.pipelineId,
          responsible_user_id: body.responsibleUserId ?? actor.userId,
          fields: body.fields,
          consent_required: body.consent.required,
          consent_text: body.consent.text,
          thank_you_text: body.thankYouText,
          active: body.active,
        };
        await checkFormRefs(trx, actor.accountId, values);
        const row = await repo.insertForm(trx, actor.accountId, values, newPublicKey()).catch(nameTaken);
        await formEvent(trx, actor, 'form.created', row);
        return presentForm(row, 0);
      }),
    update: (actor: Actor, id: string, body: UpdateFormBody, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        onlyAdmins(actor);
        const row = await lockForm(trx, actor, id, ifMatch);
        const values: Partial<FormValues> = {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.pipelineId !== undefined ? { pipeline_id: body.pipelineId } : {}),
          ...(body.responsibleUserId !== undefined ? { responsible_user_id: body.responsibleUserId } : {}),
          ...(body.fields !== undefined ? { fields: body.fields } : {}),
          ...(body.consent !== undefined
            ? { consent_required: body.consent.required, consent_text: body.consent.text }
            : {}),
          ...(body.thankYouText !== undefined ? { thank_you_text: body.thankYouText } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
        };
        await checkFormRefs(trx, actor.accountId, {
          pipeline_id: values.pipeline_id ?? row.pipeline_id,
          responsible_user_id: values.responsible_user_id ?? row.responsible_user_id,
          fields: values.fields ?? row.fields,
        });
        const after = await repo.updateForm(trx, actor.accountId, id, values).catch(nameTaken);
        await formEvent(trx, actor, 'form.updated', after);
        return withCount(trx, after);
      }),
    remove: (actor: Actor, id: string, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        onlyAdmins(actor);
        const row = await lockForm(trx, actor, id, ifMatch);
        await repo.deleteForm(trx, actor.accountId, id);
        await formEvent(trx, actor, 'form.deleted', row);
      }),
    /** A new public key: the old URLs and embedded snippets stop working at once. */
    rotateKey: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        onlyAdmins(actor);
        await lockForm(trx, actor, id, undefined);
        const after = await repo.updateForm(trx, actor.accountId, id, { public_key: newPublicKey() });
        await formEvent(trx, actor, 'form.key_rotated', after);
        return withCount(trx, after);
      }),

    // ---- the public side ----
    /** The account a form key belongs to (an active form), or null. */
    async accountOfKey(key: string) {
      const row = await repo.formByKey(db, key);
      return row?.active ? row.account_id : null;
    },
    async publicForm(key: string) {
      const row = await repo.formByKey(db, key);
      if (!row?.active) throw notFound('Form');
      return presentPublicForm(row);
    },

    /**
     * A submission: refused (422, nothing stored) when it does not fit the form; a filled honeypot is
     * answered like a success and only counted. Otherwise, in one transaction: the contact found by
     * normalized phone or e-mail (or created), the repeat decision, the deal in Unsorted (or the
     * client's active deal joined), the request with its duplicates and SLA deadline, the submission as a
     * note on the deal's timeline, the deadline's timer job, and `intake_request.received`.
     */
    async submit(key: string, body: Record<string, unknown>) {
      const form = await repo.formByKey(db, key);
      if (!form?.active) throw notFound('Form');
      const read = readSubmission({ fields: form.fields, consentRequired: form.consent_required }, body);
      if (read.outcome === 'spam') {
        await repo.countSpam(db, form.account_id, form.id);
        return { ok: true as const, thankYouText: form.thank_you_text };
      }
      if (read.outcome === 'invalid') throw invalidFields(read.errors);
      const s = read.submission;
      const accountId = form.account_id;
      const receivedAt = clock.now();
      const source = `form:${form.name}`;
      // Read before the transaction: the calendar reads through its own connection (one on PGlite).
      const policy = await policyOf(db, accountId, form.pipeline_id);
      const hours = policy.workingHours
        ? await deps.workingHoursOf(accountId, form.responsible_user_id)
        : null;
      await db.transaction().execute(async (trx) => {
        const actor = actingAs(accountId, form.responsible_user_id, 'integration');
        const context: EventContext = { accountId, actorUserId: null, source: 'integration' };
        await repo.lockClient(trx, accountId, s.normalizedPhone, s.email);
        const matched = await repo.contactsByChannels(trx, accountId, s.normalizedPhone, s.email);
        const clientDeals = await repo.dealsOfContacts(trx, accountId, matched);
        const settings = await settingsOf(trx, accountId);
        const decision = repeatDecision({
          detection: settings.repeatDetection,
          excepted: isExcepted(settings.repeatExceptions, {
            contactIds: matched,
            email: s.email,
            phone: s.normalizedPhone,
          }),
          deals: clientDeals.map((d) => ({ id: d.id, status: d.kind, createdAt: d.created_at })),
        });
        const contactId =
          matched[0] ??
          (
            await deps.contacts.create(
              actor,
              createContactBodySchema.parse({
                firstName: s.name ?? s.email ?? s.phone ?? 'Client',
                phones: s.phone ? [{ value: s.phone, type: 'mobile' }] : [],
                emails: s.email ? [{ value: s.email, type: 'personal' }] : [],
              }),
              trx,
            )
          ).id;

        let dealId: string;
        let dueAt: Date | null = null;
        if (decision.kind === 'joined') dealId = decision.dealId;
        else {
          const stages = await repo.stagesOf(trx, accountId, form.pipeline_id);
          const stage =
            stages.find((st) => st.kind === 'unsorted') ?? stages.find((st) => st.kind === 'open');
          if (!stage)
            throw new AppError(409, 'no_unsorted_stage', 'The form’s pipeline has no stage for requests');
          const deal = await deps.deals.create(
            actor,
            {
              name: `${form.name}: ${s.name ?? s.email ?? s.phone ?? ''}`.slice(0, 200),
              pipelineId: form.pipeline_id,
              stageId: stage.id,
              responsibleUserId: form.responsible_user_id,
              contacts: [{ id: contactId, isPrimary: true }],
              ...(decision.kind === 'repeat' ? { tags: ['repeat'] } : {}),
              ...(Object.keys(s.dealFields).length > 0 ? { customFields: s.dealFields } : {}),
            },
            trx,
            { context },
          );
          dealId = deal.id;
          dueAt = slaDeadline(receivedAt, policy, hours);
        }
        const duplicateDeals = clientDeals
          .filter((d) => (d.kind === 'unsorted' || d.kind === 'open') && d.id !== dealId)
          .map((d) => d.id);
        const { id: requestId } = await repo.insertRequest(trx, accountId, {
          deal_id: dealId,
          form_id: form.id,
          source,
          kind: decision.kind,
          contact_id: contactId,
          company_name: s.company,
          message: s.comment,
          utm: s.utm,
          referrer: s.referrer,
          page_url: s.pageUrl,
          duplicate_contact_ids: matched,
          duplicate_deal_ids: [...new Set(duplicateDeals)],
          received_at: receivedAt,
          sla_due_at: dueAt,
        });
        await deps.timeline.importEntries(trx, actor, [
          {
            kind: 'note',
            entity: 'deal',
            entityId: dealId,
            authorUserId: null,
            text: noteOf(source, s),
            data: {},
            occurredAt: receivedAt,
          },
        ]);
        await events.record(trx, context, {
          type: 'intake_request.received',
          entity: 'intake_request',
          entityId: requestId,
          payload: { dealId, kind: decision.kind, source, pipelineId: form.pipeline_id, dueAt: iso(dueAt) },
        });
        if (dueAt)
          await deps.jobs.sendInTransaction(trx, SLA_QUEUE, { accountId, requestId }, { startAfter: dueAt });
      });
      return { ok: true as const, thankYouText: form.thank_you_text };
    },

    // ---- the inbox ----
    async inbox(actor: Actor, query: InboxQuery) {
      const after = query.cursor
        ? (() => {
            const [at = '', id = ''] = decodeCursor(
              query.cursor,
              2,
              ([a = '', i = '']) => !Number.isNaN(Date.parse(a)) && /^[0-9a-f-]{36}$/i.test(i),
            );
            return { at: new Date(at), id };
          })()
        : undefined;
      const visible = await deps.access.visibleSql(actor, 'deal', 'read', DEAL_VISIBILITY_COLUMNS);
      const rows = await repo.inboxPage(db, actor.accountId, query, visible, after, query.limit);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const now = clock.now();
      return {
        items: page.map((r) => presentRequest(r, now)),
        nextCursor:
          rows.length > query.limit && last ? encodeCursor([last.received_at.toISOString(), last.id]) : null,
      };
    },

    /** The requests of a deal (its own, those that joined it, those linked to it). */
    async requestsOfDeal(actor: Actor, dealId: string) {
      if (!(await repo.dealState(db, actor.accountId, dealId)) || !(await mayRead(db, actor, dealId)))
        throw notFound('Deal');
      const now = clock.now();
      return {
        items: (await repo.requestsOfDeal(db, actor.accountId, dealId)).map((r) => presentRequest(r, now)),
      };
    },

    /** To the first open stage (or the one given), with the company named in the request linked. */
    accept: (actor: Actor, dealId: string, body: AcceptBody): Promise<Deal> =>
      db.transaction().execute(async (trx) => {
        const deal = await unsortedDeal(trx, actor, dealId);
        const stages = await repo.stagesOf(trx, actor.accountId, deal.pipeline_id);
        let stageId: string;
        if (body.stageId) {
          const stage = stages.find((st) => st.id === body.stageId);
          if (stage?.kind !== 'open')
            throw invalidField('body.stageId', 'must be an open stage of the deal’s pipeline');
          stageId = stage.id;
        } else {
          const first = stages.find((st) => st.kind === 'open');
          if (!first) throw conflict('no_open_stage', 'The pipeline has no open stage');
          stageId = first.id;
        }
        const refused: { field: string; reason: string }[] = [];
        if (body.contactId && !(await repo.recordExists(trx, actor.accountId, 'contacts', body.contactId)))
          refused.push({ field: 'body.contactId', reason: 'No such contact' });
        if (body.companyId && !(await repo.recordExists(trx, actor.accountId, 'companies', body.companyId)))
          refused.push({ field: 'body.companyId', reason: 'No such company' });
        if (refused.length > 0) throw invalidFields(refused);
        const requests = await repo.requestsOfDeal(trx, actor.accountId, dealId);
        let companyId: string | undefined = body.companyId;
        const request = requests.find((r) => r.company_name);
        if (!companyId && body.createCompany && !deal.company_id && request?.company_name) {
          companyId =
            (await repo.companyByName(trx, actor.accountId, request.company_name))?.id ??
            (
              await deps.companies.create(
                actor,
                createCompanyBodySchema.parse({
                  name: request.company_name,
                  contactIds: body.contactId
                    ? [body.contactId]
                    : request.contact_id
                      ? [request.contact_id]
                      : [],
                }),
                trx,
              )
            ).id;
        }
        // The chosen contact becomes the primary one; the others (the request's own) stay linked.
        let contacts: { id: string; isPrimary: boolean }[] | undefined;
        if (body.contactId) {
          const current = (await deps.deals.get(actor, dealId, trx)).contacts;
          if (!current.some((c) => c.id === body.contactId && c.isPrimary))
            contacts = [
              { id: body.contactId, isPrimary: true },
              ...current.filter((c) => c.id !== body.contactId).map((c) => ({ id: c.id, isPrimary: false })),
            ];
        }
        await deps.deals.update(
          actor,
          dealId,
          { stageId, ...(companyId ? { companyId } : {}), ...(contacts ? { contacts } : {}) },
          undefined,
          trx,
        );
        await repo.markResponded(trx, actor.accountId, dealId, clock.now(), actor.userId);
        await inboxEvent(trx, actor, 'intake_request.accepted', dealId, {
          stageId,
          companyId: companyId ?? null,
          contactId: body.contactId ?? null,
        });
        return deps.deals.get(actor, dealId, trx);
      }),

    /** To the pipeline's Lost stage ("Корзина", see ADR 0013) with the reason. */
    decline: (actor: Actor, dealId: string, body: DeclineBody): Promise<Deal> =>
      db.transaction().execute(async (trx) => {
        const deal = await unsortedDeal(trx, actor, dealId);
        const lost = await lostStageOf(trx, actor.accountId, deal.pipeline_id);
        await deps.deals.update(
          actor,
          dealId,
          { stageId: lost.id, lossReasonId: body.lossReasonId, lossComment: body.comment || null },
          undefined,
          trx,
        );
        await repo.markResponded(trx, actor.accountId, dealId, clock.now(), actor.userId);
        await inboxEvent(trx, actor, 'intake_request.declined', dealId, {
          lossReasonId: body.lossReasonId,
          comment: body.comment,
        });
        return deps.deals.get(actor, dealId, trx);
      }),

    /**
     * Joins the request to an existing deal: its requests and timeline entries move there, its contacts
     * are added to that deal, and the emptied Unsorted deal is closed as lost with a note where it went.
     */
    link: (actor: Actor, dealId: string, body: LinkBody): Promise<Deal> =>
      db.transaction().execute(async (trx) => {
        const deal = await unsortedDeal(trx, actor, dealId);
        if (body.targetDealId === dealId)
          throw invalidField('body.targetDealId', 'is the request’s own deal');
        if (
          !(await repo.dealState(trx, actor.accountId, body.targetDealId)) ||
          !(await mayRead(trx, actor, body.targetDealId))
        )
          throw invalidField('body.targetDealId', 'No such deal');
        const source = await deps.deals.get(actor, dealId, trx);
        const target = await deps.deals.get(actor, body.targetDealId, trx);
        await repo.moveToDeal(trx, actor.accountId, dealId, target.id);
        const known = new Set(target.contacts.map((c) => c.id));
        const added = source.contacts.filter((c) => !known.has(c.id));
        if (added.length > 0)
          await deps.deals.update(
            actor,
            target.id,
            {
              contacts: [
                ...target.contacts.map((c) => ({ id: c.id, isPrimary: c.isPrimary })),
                ...added.map((c) => ({ id: c.id, isPrimary: target.contacts.length === 0 && c.isPrimary })),
              ],
            },
            undefined,
            trx,
          );
        const lost = await lostStageOf(trx, actor.accountId, deal.pipeline_id);
        await deps.deals.update(
          actor,
          dealId,
          {
            stageId: lost.id,
            lossComment: `Linked to the deal “${target.name}” (${target.id})`.slice(0, 2000),
          },
          undefined,
          trx,
        );
        await repo.markResponded(trx, actor.accountId, target.id, clock.now(), actor.userId);
        await inboxEvent(trx, actor, 'intake_request.linked', dealId, { targetDealId: target.id });
        return deps.deals.get(actor, target.id, trx);
      }),

    // ---- settings and SLA policies ----
    settings: (actor: Actor) => settingsOf(db, actor.accountId),
    saveSettings: (actor: Actor, body: IntakeSettings) =>
      db.transaction().execute(async (trx) => {
        onlyAdmins(actor);
        const exceptions = [...new Set(body.repeatExceptions.map((e) => exceptionKeys(e).at(-1) ?? e))];
        await repo.saveSettings(trx, actor.accountId, body.repeatDetection, exceptions);
        await events.record(trx, eventContextOf(actor), {
          type: 'intake_settings.updated',
          entity: 'intake_settings',
          entityId: null,
          payload: { repeatDetection: body.repeatDetection, exceptions: exceptions.length },
        });
        return settingsOf(trx, actor.accountId);
      }),
    async policies(actor: Actor): Promise<{ items: SlaPolicy[] }> {
      const ids = await repo.pipelineIds(db, actor.accountId);
      const stored = new Map((await repo.policies(db, actor.accountId)).map((p) => [p.pipeline_id, p]));
      return {
        items: ids.map((pipelineId) => {
          const p = stored.get(pipelineId);
          return {
            pipelineId,
            minutes: p?.minutes ?? DEFAULT_SLA_MINUTES,
            workingHours: p?.working_hours ?? false,
            reassignToHead: p?.reassign_to_head ?? false,
          };
        }),
      };
    },
    savePolicy: (actor: Actor, pipelineId: string, body: PolicyBody): Promise<SlaPolicy> =>
      db.transaction().execute(async (trx) => {
        onlyAdmins(actor);
        if ((await repo.stagesOf(trx, actor.accountId, pipelineId)).length === 0) throw notFound('Pipeline');
        await repo.savePolicy(trx, actor.accountId, pipelineId, {
          minutes: body.minutes,
          working_hours: body.workingHours,
          reassign_to_head: body.reassignToHead,
        });
        await events.record(trx, eventContextOf(actor), {
          type: 'sla_policy.updated',
          entity: 'pipeline',
          entityId: pipelineId,
          payload: { ...body },
        });
        return { pipelineId, ...body };
      }),

    // ---- the SLA ----
    escalate,
    /** Escalates every overdue request (a sweep; each request also has its own timer job); their ids. */
    async checkDue(limit = 500): Promise<string[]> {
      const escalated: string[] = [];
      for (const row of await repo.overdue(db, clock.now(), limit))
        if ((await escalate(row.account_id, row.id)) === 'escalated') escalated.push(row.id);
      return escalated;
    },
    /** A report, not a record: it needs the `report` entity's read right (any level; 403 otherwise). */
    async report(actor: Actor, query: ReportQuery): Promise<SlaReport> {
      if (!(await deps.access.allows(actor, 'report', 'read', { responsibleUserId: null, isOpen: false })))
        throw forbidden('Your role does not allow reading reports');
      const rows = await repo.slaSamples(
        db,
        actor.accountId,
        query.from ? new Date(query.from) : undefined,
        query.to ? new Date(query.to) : undefined,
      );
      const now = clock.now();
      const group = <K extends string | null>(keyOf: (r: (typeof rows)[number]) => K) => {
        const groups = new Map<K, typeof rows>();
        for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
        return [...groups].map(([key, list]) => ({
          key,
          figures: slaFigures(
            list.map((r) => ({
              dueAt: r.sla_due_at ?? r.received_at,
              receivedAt: r.received_at,
              respondedAt: r.responded_at,
            })),
            now,
          ),
        }));
      };
      return {
        byManager: group((r) => r.user_id).map((g) => ({ userId: g.key, ...g.figures })),
        bySource: group((r) => r.source).map((g) => ({ source: g.key, ...g.figures })),
      };
    },
  };
}
export type IntakeService = ReturnType<typeof createIntakeService>;
