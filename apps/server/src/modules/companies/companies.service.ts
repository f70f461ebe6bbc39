// Companies (CORE-4): organisations with an INN (checksum-checked), a type and an industry from the reference
// lists, typed multi-value phones, e-mails, sites and messengers (the contacts' rules), custom fields and
// links to contacts. Lists are sorted keyset pages searchable by words of the name (Russian and English
// stemming, prefixes), the INN, e-mails or phone digits. Changes need the current version (If-Match) and
// record their old → new values for the history. Writes can run inside a caller's transaction (lead
// conversion creates contact, company and deal in one).
import type { Company, FieldError } from '@voronka/contracts';
import type { RawBuilder, Transaction } from 'kysely';
import type { z } from 'zod';
import type {
  companyListQuerySchema,
  createCompanyBodySchema,
  updateCompanyBodySchema,
} from '@voronka/contracts';
import {
  decodeKeyset,
  keysetResult,
  onBadCursorValue,
  onMissingReference,
  prefixQuery,
  type DB,
  type Db,
} from '../../platform/db/index.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, invalidFields, notFound } from '../../platform/errors.js';
import type { RecordFieldValues } from '../custom-fields/index.js';
import {
  listOrder,
  normalizeEmail,
  normalizePhone,
  parseChannels,
  phoneDigits,
  presentChannels,
  referenceItemErrors,
  storeChannels,
  storeCustomFields,
  type ChannelRow,
  type WriteOptions,
} from '../contacts/index.js';
import type { CompaniesRepository, CompanyRow, CompanyValues } from './companies.repository.js';
import type { CompanyLinksService } from './company-links.js';
import { innProblem } from './inn.js';

type CreateBody = z.output<typeof createCompanyBodySchema>;
type UpdateBody = z.output<typeof updateCompanyBodySchema>;
type ListQuery = z.output<typeof companyListQuerySchema>;
type Trx = Transaction<DB>;

function present(row: CompanyRow, channels: ChannelRow[], contactIds: string[]): Company {
  return {
    id: row.id,
    name: row.name,
    inn: row.inn,
    typeId: row.type_id,
    industryId: row.industry_id,
    address: row.address,
    comment: row.comment,
    responsibleUserId: row.responsible_user_id,
    ...presentChannels(channels.filter((c) => c.owner_id === row.id)),
    contactIds,
    customFields: row.custom_fields,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The company's own fields a merge may take from any of the merged records (API names). */
export const COMPANY_MERGE_FIELDS = [
  'name',
  'inn',
  'typeId',
  'industryId',
  'address',
  'comment',
  'responsibleUserId',
] as const satisfies readonly (keyof UpdateBody & keyof Company)[];

const COLUMNS: Record<
  Exclude<(typeof COMPANY_MERGE_FIELDS)[number], 'name'>,
  Exclude<keyof CompanyValues, 'name'>
> = {
  inn: 'inn',
  typeId: 'type_id',
  industryId: 'industry_id',
  address: 'address',
  comment: 'comment',
  responsibleUserId: 'responsible_user_id',
};

const scalarsOf = (body: UpdateBody): Partial<CompanyValues> => {
  const values: Partial<CompanyValues> = {};
  for (const field of COMPANY_MERGE_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (field === 'name') {
      if (typeof value === 'string' && value) values.name = value;
    } else values[COLUMNS[field]] = value || null;
  }
  return values;
};

export function createCompaniesService({
  db,
  repo,
  events,
  links,
  fieldValues,
}: {
  db: Db;
  repo: CompaniesRepository;
  events: EventBus;
  links: CompanyLinksService;
  fieldValues: RecordFieldValues;
}) {
  const inTransaction = <T>(trx: Trx | undefined, work: (trx: Trx) => Promise<T>) =>
    trx ? work(trx) : db.transaction().execute(work);

  async function presentRows(trx: Db, accountId: string, rows: CompanyRow[]) {
    const ids = rows.map((r) => r.id);
    const [channels, contacts] = await Promise.all([
      repo.channelsOf(trx, accountId, ids),
      links.contactIdsOf(trx, accountId, ids),
    ]);
    return rows.map((row) => present(row, channels, contacts.get(row.id) ?? []));
  }

  async function find(trx: Db, accountId: string, id: string) {
    const row = await repo.find(trx, accountId, id);
    return row ? (await presentRows(trx, accountId, [row]))[0] : undefined;
  }

  async function load(trx: Db, accountId: string, id: string) {
    const company = await find(trx, accountId, id);
    if (!company) throw notFound('Company');
    return company;
  }

  /** Field errors: channels, the INN's checksum, reference-list items. */
  async function check(
    trx: Db,
    actor: Actor,
    body: UpdateBody,
    current: CompanyRow | undefined,
    options: WriteOptions,
  ) {
    const parsed = parseChannels(body);
    const errors: FieldError[] = [...parsed.errors];
    if (body.inn) {
      const problem = innProblem(body.inn);
      if (problem) errors.push({ field: 'body.inn', reason: problem });
    }
    if (!options.trustedReferences) {
      errors.push(
        ...(await referenceItemErrors(trx, actor.accountId, [
          { field: 'body.typeId', list: 'company_types', id: body.typeId, current: current?.type_id },
          {
            field: 'body.industryId',
            list: 'industries',
            id: body.industryId,
            current: current?.industry_id,
          },
        ])),
      );
    }
    if (errors.length > 0) throw invalidFields(errors);
    return parsed;
  }

  async function write(
    trx: Trx,
    actor: Actor,
    row: CompanyRow,
    body: UpdateBody,
    options: WriteOptions = {},
  ) {
    const parsed = await check(trx, actor, body, row, options);
    const before = (await presentRows(trx, actor.accountId, [row]))[0] as Company;
    await repo
      .update(trx, actor.accountId, row.id, scalarsOf(body))
      .catch(onMissingReference('body.responsibleUserId', 'No such user'));
    await storeChannels(trx, repo, actor.accountId, row.id, parsed);
    if (body.contactIds) {
      await links.setContactsOfCompany(trx, actor, row.id, body.contactIds, 'body.contactIds');
    }
    if (body.customFields !== undefined) {
      await storeCustomFields(trx, actor, fieldValues, repo, {
        entity: 'company',
        recordId: row.id,
        stored: row.custom_fields,
        input: body.customFields,
      });
    }
    const after = await load(trx, actor.accountId, row.id);
    return { before, after };
  }

  const orderOf = (actor: Actor, query: ListQuery) =>
    listOrder(query, repo.refs, (fieldId) =>
      fieldValues.sortExpression(actor, 'company', fieldId, repo.refs.id),
    );

  /**
   * Creates companies (a migrated page, or one), each checked like a single create; in one statement per
   * step (the rows, their channels, their custom fields, search, events); a refused one refuses them all.
   * Companies in the order given.
   */
  const createMany = (actor: Actor, bodies: CreateBody[], trx?: Trx) =>
    inTransaction(trx, async (trx) => {
      if (bodies.length === 0) return [];
      const parsed: Awaited<ReturnType<typeof check>>[] = [];
      for (const body of bodies) parsed.push(await check(trx, actor, body, undefined, {}));
      const rows = await repo
        .insertMany(
          trx,
          actor.accountId,
          bodies.map((body) => ({
            id: crypto.randomUUID(),
            inn: null,
            type_id: null,
            industry_id: null,
            address: null,
            comment: null,
            ...scalarsOf(body),
            name: body.name,
            responsible_user_id: body.responsibleUserId ?? actor.userId,
          })),
        )
        .catch(onMissingReference('body.responsibleUserId', 'No such user'));
      const ids = rows.map((row) => row.id);
      await repo.addChannels(
        trx,
        actor.accountId,
        rows.map((row, i) => ({ ownerId: row.id, channels: parsed[i]?.channels ?? [] })),
      );
      await repo.refreshSearchOf(trx, actor.accountId, ids);
      for (const [i, body] of bodies.entries()) {
        if (body.contactIds.length > 0)
          await links.setContactsOfCompany(trx, actor, ids[i] ?? '', body.contactIds, 'body.contactIds');
      }
      const customFields = await fieldValues.writeMany(
        trx,
        actor,
        bodies.map((body, i) => ({
          entity: 'company' as const,
          recordId: ids[i] ?? '',
          stored: null,
          input: body.customFields,
        })),
      );
      await repo.setCustomFieldsOf(
        trx,
        actor.accountId,
        rows.map((row, i) => ({ id: row.id, customFields: customFields[i] ?? {} })),
      );
      const companies = await presentRows(
        trx,
        actor.accountId,
        rows.map((row, i) => ({ ...row, custom_fields: customFields[i] ?? {} })),
      );
      await events.recordMany(
        trx,
        eventContextOf(actor),
        companies.map((company) => ({
          type: 'company.created',
          entity: 'company',
          entityId: company.id,
          payload: { name: company.name, responsibleUserId: company.responsibleUserId },
        })),
      );
      return companies;
    });

  return {
    /** Creates a company; inside `trx` when given (the caller's transaction), otherwise in its own. */
    create: async (actor: Actor, body: CreateBody, trx?: Trx) => {
      const [company] = await createMany(actor, [body], trx);
      if (!company) throw new Error('unreachable');
      return company;
    },

    createMany,

    get: (actor: Actor, id: string) => load(db, actor.accountId, id),

    /** A company of the account, or undefined (inside a caller's transaction). */
    find: (trx: Db, accountId: string, id: string) => find(trx, accountId, id),

    async list(actor: Actor, query: ListQuery) {
      let phoneE164: string | undefined;
      if (query.phone) {
        const normalized = normalizePhone(query.phone);
        if (!normalized) return { items: [], nextCursor: null };
        phoneE164 = normalized;
      }
      const order = await orderOf(actor, query);
      const conditions: RawBuilder<boolean>[] = [];
      const byFields = await fieldValues.filter(actor, 'company', query.customFields, repo.refs.id);
      if (byFields) conditions.push(byFields);
      if (query.contactId)
        conditions.push(links.linkedToContact(actor.accountId, query.contactId, repo.refs.id));
      const rows = await repo
        .page(db, actor.accountId, {
          tsquery: query.search ? (prefixQuery(query.search) ?? undefined) : undefined,
          phoneDigits: query.search ? (phoneDigits(query.search) ?? undefined) : undefined,
          phoneE164,
          email: query.email ? (normalizeEmail(query.email) ?? query.email.toLowerCase()) : undefined,
          inn: query.inn?.replace(/[\s-]/g, ''),
          responsibleUserIds: query.responsibleUserId,
          typeId: query.typeId,
          industryId: query.industryId,
          conditions,
          order,
          after: query.cursor ? decodeKeyset(order, query.cursor) : undefined,
          limit: query.limit,
        })
        .catch(onBadCursorValue);
      const { page, nextCursor } = keysetResult(order, rows, query.limit, (row) => row.id);
      return { items: await presentRows(db, actor.accountId, page), nextCursor };
    },

    update: (actor: Actor, id: string, body: UpdateBody, ifMatch: number | undefined, trx?: Trx) =>
      inTransaction(trx, async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Company');
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The company was changed by someone else; reload it and try again');
        }
        const { before, after } = await write(trx, actor, row, body);
        const changes = diffRecords(before, after, ['version', 'updatedAt']);
        if (Object.keys(changes).length > 0) {
          await events.record(trx, eventContextOf(actor), {
            type: 'company.updated',
            entity: 'company',
            entityId: id,
            payload: { name: after.name, changes },
          });
        }
        return after;
      }),

    /** Likely duplicates: the same phone or e-mail (however written), the same INN, the same name (any case). */
    async duplicates(actor: Actor, id: string) {
      if (!(await repo.find(db, actor.accountId, id))) throw notFound('Company');
      const found = await repo.duplicatesOf(db, actor.accountId, id, 20);
      const reasons = new Map<string, ('phone' | 'email' | 'inn' | 'name')[]>();
      for (const { id: other, reason } of found) reasons.set(other, [...(reasons.get(other) ?? []), reason]);
      const ids = [...reasons.keys()].slice(0, 20);
      const rows = (await repo.findMany(db, actor.accountId, ids)).sort(
        (a, b) => ids.indexOf(a.id) - ids.indexOf(b.id),
      );
      const companies = await presentRows(db, actor.accountId, rows);
      return {
        items: companies.map((company) => ({ company, reasons: (reasons.get(company.id) ?? []).sort() })),
      };
    },

    remove: (actor: Actor, id: string, ifMatch?: number) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Company');
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The company was changed by someone else; reload it and try again');
        }
        if (actor.role !== 'admin' && row.responsible_user_id !== actor.userId) {
          throw forbidden('Only the responsible user or an administrator may delete a company');
        }
        await fieldValues.remove(trx, actor.accountId, [id]);
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'company.deleted',
          entity: 'company',
          entityId: id,
          payload: { name: row.name },
        });
      }),

    /** What the merges module needs of companies (inside its transaction). */
    merging: {
      async lock(trx: Trx, accountId: string, ids: string[]) {
        const rows = await repo.lockMany(trx, accountId, ids);
        const companies = await presentRows(trx, accountId, rows);
        const channels = await repo.channelsOf(trx, accountId, ids);
        return companies.map((company) => ({
          record: company,
          channels: channels.filter((c) => c.owner_id === company.id),
        }));
      },
      async apply(trx: Trx, actor: Actor, id: string, body: UpdateBody) {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Company');
        return write(trx, actor, row, body, { trustedReferences: true });
      },
      async remove(trx: Trx, accountId: string, ids: string[]) {
        await fieldValues.remove(trx, accountId, ids);
        for (const id of ids) await repo.delete(trx, accountId, id);
      },
      present: (trx: Db, accountId: string, id: string) => load(trx, accountId, id),
      nameOf: (company: Company) => company.name,
    },
  };
}
export type CompaniesService = ReturnType<typeof createCompaniesService>;
