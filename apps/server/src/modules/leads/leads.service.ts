// Leads (CORE-2): requests not yet qualified — a person and / or a company name, typed phones, e-mails, sites
// and messengers (normalized with the contacts' rules, found however a number is typed), an amount, a source,
// a responsible user, custom fields, optional links to an existing contact or company (a repeat lead), and
// a status of the account's own. Lists are newest first in keyset pages, searchable by words (Russian and
// English stemming, prefixes) or phone digits, and filtered by status, responsible, source, phone, e-mail,
// creation time and custom fields. Changes need the current version (If-Match) and record old → new.
//
// Closed leads (see `closedLeadVerdict`): a converted lead keeps its data (only the comment changes); a
// junk lead is read-only apart from its comment until it is moved back to an open status; nobody makes a lead
// "converted" by editing it — conversion does that. With leads turned off for the account (CRM without
// leads) no new lead is made, but old ones stay readable and editable.
import type { BulkLeadsBody, BulkLeadsResult, Lead, LeadStatusKind } from '@voronka/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { createLeadBodySchema, leadListQuerySchema, updateLeadBodySchema } from '@voronka/contracts';
import {
  decodeKeyset,
  isForeignKeyViolation,
  keysetResult,
  keysetValueChecks,
  onBadCursorValue,
  prefixQuery,
  type Db,
  type KeysetOrder,
} from '../../platform/db/index.js';
import { bulkChecks, bulkResult, changeEach, removeEach } from '../../platform/bulk.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import {
  AppError,
  conflict,
  forbidden,
  invalidField,
  invalidFields,
  notFound,
} from '../../platform/errors.js';
import {
  listOrder,
  normalizeEmail,
  normalizePhone,
  parseChannels,
  phoneDigits,
  referenceItemErrors,
  storeChannels,
  storeCustomFields,
} from '../contacts/index.js';
import type { RecordFieldValues } from '../custom-fields/index.js';
import { closedLeadVerdict, defaultTitle } from './lead-rules.js';
import type { LeadStatusesRepository } from './lead-statuses.repository.js';
import { presentLead } from './leads.presenter.js';
import type { LeadsRepository, LeadValues } from './leads.repository.js';
import { openIdsOf } from './status-order.js';

type CreateBody = z.output<typeof createLeadBodySchema>;
type UpdateBody = z.output<typeof updateLeadBodySchema>;
type ListQuery = z.output<typeof leadListQuerySchema>;

/** What the leads module needs to know about the account (its settings live in the accounts module). */
export interface LeadAccountSettings {
  currency: string;
  leadsEnabled: boolean;
}

export interface LeadsDeps {
  db: Db;
  repo: LeadsRepository;
  statuses: LeadStatusesRepository;
  events: EventBus;
  values: RecordFieldValues;
  accountOf: (actor: Actor) => Promise<LeadAccountSettings>;
}

export const leadsDisabled = () =>
  conflict(
    'leads_disabled',
    'Leads are turned off for this account (CRM without leads): requests become deals. An administrator can turn leads on in the account settings',
  );

/**
 * For `.catch()` on a lead write: the composite foreign keys refuse a user, source, contact or company that
 * is not the account's; the error's detail names the column, and the caller gets a 422 at that field.
 */
const REFERENCES: Record<string, [string, string]> = {
  responsible_user_id: ['body.responsibleUserId', 'No such user'],
  source_id: ['body.sourceId', 'No such source'],
  contact_id: ['body.contactId', 'No such contact'],
  company_id: ['body.companyId', 'No such company'],
  status_id: ['body.statusId', 'No such lead status'],
};
export const onMissingLeadReference = (error: unknown): never => {
  if (isForeignKeyViolation(error)) {
    const { detail } = error as { detail?: unknown };
    const column = typeof detail === 'string' ? (/Key \(account_id, (\w+)\)/.exec(detail)?.[1] ?? '') : '';
    const [field, reason] = REFERENCES[column] ?? ['body', 'refers to a record that does not exist'];
    throw invalidField(field, reason);
  }
  throw error;
};

/** Fields a lead's history leaves out: bookkeeping and what is derived from other fields. */
const DERIVED_FIELDS = [
  'version',
  'updatedAt',
  'statusKind',
  'personName',
  'repeat',
  'nextTaskAt',
  'noTaskPlanned',
] as const;

const SCALARS: [keyof CreateBody, keyof LeadValues][] = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['middleName', 'middle_name'],
  ['position', 'position'],
  ['companyName', 'company_name'],
  ['address', 'address'],
  ['comment', 'comment'],
  ['amount', 'amount'],
  ['currency', 'currency'],
  ['sourceId', 'source_id'],
  ['responsibleUserId', 'responsible_user_id'],
  ['contactId', 'contact_id'],
  ['companyId', 'company_id'],
];

/** The columns a body sets; empty strings are stored as null. */
const scalarsOf = (body: UpdateBody | CreateBody): Partial<LeadValues> => {
  const values: Partial<LeadValues> = {};
  for (const [from, to] of SCALARS) {
    const value = body[from];
    if (value !== undefined) (values as Record<string, unknown>)[to] = value || null;
  }
  return values;
};

/** The keys a body really sends (undefined means "not sent"). */
const sentKeys = (body: object) =>
  Object.entries(body)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);

export function createLeadsService(deps: LeadsDeps) {
  const { db, repo, statuses, events, values } = deps;

  async function load(trx: Db, accountId: string, id: string): Promise<Lead> {
    const row = await repo.find(trx, accountId, id);
    if (!row) throw notFound('Lead');
    return presentLead(row, await repo.channelsOf(trx, accountId, [id]));
  }

  /** A source the body sets must be a live item of the `sources` list (an archived one may stay put). */
  const sourceErrors = (trx: Db, actor: Actor, id: string | null | undefined, current: string | null) =>
    referenceItemErrors(trx, actor.accountId, [{ field: 'body.sourceId', list: 'sources', id, current }]);

  async function statusOf(trx: Db, accountId: string, id: string) {
    const status = await statuses.find(trx, accountId, id);
    if (!status) throw invalidField('body.statusId', 'No such lead status');
    return status;
  }

  /** The keyset order of a list sort (ties broken by id, empty values last). */
  async function orderOf(actor: Actor, query: ListQuery): Promise<KeysetOrder> {
    if (query.sort === 'amount') {
      const direction = query.order ?? 'desc';
      return {
        tag: `amount:${direction}`,
        value: repo.refs.amount,
        id: repo.refs.id,
        direction,
        check: keysetValueChecks.numeric,
      };
    }
    return listOrder(query, repo.refs, (fieldId) =>
      values.sortExpression(actor, 'lead', fieldId, repo.refs.id),
    );
  }

  /** Several leads as the API shows them, by id. */
  async function loadMany(trx: Db, accountId: string, ids: string[]): Promise<Map<string, Lead>> {
    const rows = await repo.findMany(trx, accountId, ids);
    const channels = await repo.channelsOf(trx, accountId, ids);
    return new Map(rows.map((row) => [row.id, presentLead(row, channels)]));
  }

  return {
    load,

    async create(actor: Actor, body: CreateBody) {
      const account = await deps.accountOf(actor);
      if (!account.leadsEnabled) throw leadsDisabled();
      const { kinds, channels, errors } = parseChannels(body);
      const name = body.name ?? defaultTitle(body);
      if (!name) {
        errors.push({
          field: 'body.name',
          reason: 'a lead needs a title, a person’s or company’s name, a phone or an e-mail',
        });
      }
      if (errors.length > 0 || !name) throw invalidFields(errors);
      return db.transaction().execute(async (trx) => {
        const badSource = await sourceErrors(trx, actor, body.sourceId, null);
        if (badSource.length > 0) throw invalidFields(badSource);
        let statusId: string;
        if (body.statusId) {
          const status = await statusOf(trx, actor.accountId, body.statusId);
          if (status.kind !== 'open')
            throw invalidField('body.statusId', 'A new lead starts in an open status');
          statusId = status.id;
        } else {
          const first = openIdsOf(await statuses.list(trx, actor.accountId))[0];
          if (!first) throw conflict('no_open_status', 'The account has no open lead status; add one first');
          statusId = first;
        }
        const id = await repo
          .insert(trx, actor.accountId, {
            first_name: null,
            last_name: null,
            middle_name: null,
            position: null,
            company_name: null,
            address: null,
            comment: null,
            amount: null,
            source_id: null,
            contact_id: null,
            company_id: null,
            ...scalarsOf(body),
            name,
            status_id: statusId,
            currency: body.currency ?? account.currency,
            responsible_user_id: body.responsibleUserId ?? actor.userId,
            created_by: actor.userId,
          })
          .catch(onMissingLeadReference);
        await storeChannels(trx, repo, actor.accountId, id, { kinds, channels });
        await storeCustomFields(trx, actor, values, repo, {
          entity: 'lead',
          recordId: id,
          stored: null,
          input: body.customFields,
        });
        const lead = await load(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'lead.created',
          entity: 'lead',
          entityId: id,
          payload: {
            name: lead.name,
            statusId: lead.statusId,
            responsibleUserId: lead.responsibleUserId,
            amount: lead.amount,
            currency: lead.currency,
          },
        });
        return lead;
      });
    },

    get: (actor: Actor, id: string) => load(db, actor.accountId, id),

    async list(actor: Actor, query: ListQuery) {
      let phoneE164: string | undefined;
      if (query.phone) {
        const normalized = normalizePhone(query.phone);
        if (!normalized) return { items: [], nextCursor: null };
        phoneE164 = normalized;
      }
      const condition = await values.filter(actor, 'lead', query.customFields, sql.ref('leads.id'));
      const order = await orderOf(actor, query);
      const rows = await repo
        .page(db, actor.accountId, {
          tsquery: query.search ? (prefixQuery(query.search) ?? undefined) : undefined,
          phoneDigits: query.search ? (phoneDigits(query.search) ?? undefined) : undefined,
          phoneE164,
          email: query.email ? (normalizeEmail(query.email) ?? query.email.toLowerCase()) : undefined,
          statusId: query.statusId,
          statusKind: query.statusKind,
          responsibleUserIds: query.responsibleUserId,
          sourceId: query.sourceId,
          createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
          createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
          condition,
          order,
          after: query.cursor ? decodeKeyset(order, query.cursor) : undefined,
          limit: query.limit,
        })
        .catch(onBadCursorValue);
      const { page, nextCursor } = keysetResult(order, rows, query.limit, (row) => row.id);
      const channels = await repo.channelsOf(
        db,
        actor.accountId,
        page.map((r) => r.id),
      );
      return { items: page.map((r) => presentLead(r, channels)), nextCursor };
    },

    async update(actor: Actor, id: string, body: UpdateBody, ifMatch: number | undefined) {
      const { kinds, channels, errors } = parseChannels(body);
      if (errors.length > 0) throw invalidFields(errors);
      return db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Lead');
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The lead was changed by someone else; reload it and try again');
        }
        let targetKind: LeadStatusKind | undefined;
        const statusChanges = body.statusId !== undefined && body.statusId !== row.status_id;
        if (body.statusId !== undefined)
          targetKind = (await statusOf(trx, actor.accountId, body.statusId)).kind;
        const verdict = closedLeadVerdict(row.status_kind, targetKind, sentKeys(body), statusChanges);
        if (!verdict.ok) {
          if (verdict.field) throw invalidField(verdict.field, verdict.reason);
          throw new AppError(verdict.status, verdict.code, verdict.reason);
        }
        const badSource = await sourceErrors(trx, actor, body.sourceId, row.source_id);
        if (badSource.length > 0) throw invalidFields(badSource);
        const before = presentLead(row, await repo.channelsOf(trx, actor.accountId, [id]));
        const scalars: Partial<LeadValues> = scalarsOf(body);
        if (body.name) scalars.name = body.name;
        if (body.name === null) {
          const rebuilt = defaultTitle({
            lastName: body.lastName !== undefined ? body.lastName : before.lastName,
            firstName: body.firstName !== undefined ? body.firstName : before.firstName,
            companyName: body.companyName !== undefined ? body.companyName : before.companyName,
            phones: body.phones ?? before.phones,
            emails: body.emails ?? before.emails,
          });
          if (!rebuilt)
            throw invalidField(
              'body.name',
              'nothing to build a title from: give a name, a company, a phone or an e-mail',
            );
          scalars.name = rebuilt;
        }
        if (statusChanges && body.statusId) scalars.status_id = body.statusId;
        await repo.update(trx, actor.accountId, id, scalars).catch(onMissingLeadReference);
        await storeChannels(trx, repo, actor.accountId, id, { kinds, channels });
        if (body.customFields !== undefined) {
          await storeCustomFields(trx, actor, values, repo, {
            entity: 'lead',
            recordId: id,
            stored: row.custom_fields,
            input: body.customFields,
          });
        }
        const after = await load(trx, actor.accountId, id);
        const changes = diffRecords(before, after, [...DERIVED_FIELDS]);
        if (Object.keys(changes).length > 0) {
          await events.record(trx, eventContextOf(actor), {
            type: 'lead.updated',
            entity: 'lead',
            entityId: id,
            payload: { name: after.name, changes },
          });
        }
        return after;
      });
    },

    remove: (actor: Actor, id: string, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Lead');
        if (actor.role !== 'admin' && row.responsible_user_id !== actor.userId) {
          throw forbidden('Only the responsible user or an administrator may delete a lead');
        }
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The lead was changed by someone else; reload it and try again');
        }
        await values.remove(trx, actor.accountId, [id]);
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'lead.deleted',
          entity: 'lead',
          entityId: id,
          payload: { name: row.name, statusId: row.status_id },
        });
      }),

    /**
     * Changes the status or the responsible of up to 500 leads, or deletes them, in one transaction: all or
     * nothing. The rules of a single change hold for each lead (a converted lead keeps its data, a junk one
     * only moves back to an open status, only the responsible or an administrator deletes); every lead that
     * cannot be changed is reported at `body.ids.<n>`. Each lead changed gets its own event.
     */
    bulk: (actor: Actor, body: BulkLeadsBody): Promise<BulkLeadsResult> =>
      db.transaction().execute(async (trx) => {
        const accountId = actor.accountId;
        const context = eventContextOf(actor);
        const checks = bulkChecks(body.ids, await repo.lockMany(trx, accountId, body.ids), 'lead');
        let targetKind: LeadStatusKind | undefined;
        if (body.action === 'status') {
          targetKind = (await statusOf(trx, accountId, body.statusId)).kind;
          if (targetKind === 'converted')
            throw invalidField(
              'body.statusId',
              'A lead becomes converted only by converting it (POST /api/leads/{id}/convert)',
            );
        }
        if (body.action === 'assign' && !(await repo.userExists(trx, accountId, body.responsibleUserId)))
          throw invalidField('body.responsibleUserId', 'No such user');
        checks.check((row) => {
          if (body.action === 'delete')
            return actor.role !== 'admin' && row.responsible_user_id !== actor.userId
              ? 'Only the responsible user or an administrator may delete this lead'
              : undefined;
          const statusChanges = body.action === 'status' && row.status_id !== body.statusId;
          const sent = body.action === 'status' ? ['statusId'] : ['responsibleUserId'];
          const verdict = closedLeadVerdict(row.status_kind, targetKind, sent, statusChanges);
          return verdict.ok ? undefined : verdict.reason;
        });
        checks.throwIfRefused();

        if (body.action === 'delete') {
          await removeEach(checks.found(), {
            remove: async () => {
              await values.remove(trx, accountId, body.ids);
              await repo.deleteMany(trx, accountId, body.ids);
            },
            record: (row) =>
              events.record(trx, context, {
                type: 'lead.deleted',
                entity: 'lead',
                entityId: row.id,
                payload: { name: row.name, statusId: row.status_id },
              }),
          });
          return bulkResult(body.action, body.ids);
        }

        // Leads already as asked are left alone; the rest change in one statement.
        const changing = checks.changing((row) =>
          body.action === 'status'
            ? row.status_id === body.statusId
            : row.responsible_user_id === body.responsibleUserId,
        );
        const changed = await changeEach(changing, {
          load: (ids) => loadMany(trx, accountId, ids),
          change: () =>
            repo.updateMany(
              trx,
              accountId,
              changing,
              body.action === 'status'
                ? { status_id: body.statusId }
                : { responsible_user_id: body.responsibleUserId },
            ),
          record: (id, was, now) =>
            events.record(trx, context, {
              type: 'lead.updated',
              entity: 'lead',
              entityId: id,
              payload: { name: now.name, changes: diffRecords(was, now, [...DERIVED_FIELDS]) },
            }),
        });
        return bulkResult(body.action, changed);
      }),
  };
}
export type LeadsService = ReturnType<typeof createLeadsService>;
