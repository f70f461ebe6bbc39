// Contacts (CORE-4): people with typed multi-value phones, e-mails, sites and messengers, a contact type
// (reference list), custom fields and links to companies. Phones are kept as written and as E.164 (found
// however they are typed), e-mails lower-cased; a phone or e-mail that is not one is refused at its field.
// Lists are sorted keyset pages (newest first by default; by name, last change or a custom field), searchable
// by words (Russian and English stemming, prefixes as you type) or by digits of a phone, filtered by
// channels, responsible, type, company and custom fields. Changes need the current version (If-Match) and
// record their old → new values for the history. Writes can run inside a caller's transaction (lead
// conversion creates contact, company and deal in one).
import type { Contact, FieldError } from '@voronka/contracts';
import type { Transaction, RawBuilder } from 'kysely';
import type { z } from 'zod';
import type {
  contactListQuerySchema,
  createContactBodySchema,
  updateContactBodySchema,
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
import { conflict, forbidden, notFound, invalidFields } from '../../platform/errors.js';
import type { RecordFieldValues } from '../custom-fields/index.js';
import { normalizeEmail, normalizePhone, parseChannels, phoneDigits, presentChannels } from './channels.js';
import type { ChannelRow } from './channels.repository.js';
import type { ContactRow, ContactsRepository, ContactValues } from './contacts.repository.js';
import { listOrder } from './list-order.js';
import { storeChannels, storeCustomFields } from './record-writes.js';
import { referenceItemErrors } from './reference-items.repository.js';

type CreateBody = z.output<typeof createContactBodySchema>;
type UpdateBody = z.output<typeof updateContactBodySchema>;
type ListQuery = z.output<typeof contactListQuerySchema>;
type Trx = Transaction<DB>;

/** The links between contacts and companies (owned by the companies module, handed in by app.ts). */
export interface CompanyLinks {
  /** Each contact's linked companies, oldest link first. */
  companyIdsOf(db: Db, accountId: string, contactIds: string[]): Promise<Map<string, string[]>>;
  /**
   * Replaces contacts' companies (one contact's, or a page's): an id that is no company of the account is
   * refused at `<field>.<i>`; each company whose contacts changed gets a `company.updated` event (its
   * history shows the link).
   */
  setCompaniesOfContacts(
    trx: Trx,
    actor: Actor,
    contacts: { contactId: string; companyIds: string[]; field: string }[],
  ): Promise<void>;
  /** SQL: the contact (by its id expression) is linked to the company. */
  linkedToCompany(accountId: string, companyId: string, contactId: RawBuilder<unknown>): RawBuilder<boolean>;
}

const fullName = (c: Pick<ContactRow, 'last_name' | 'first_name' | 'middle_name'>) =>
  [c.last_name, c.first_name, c.middle_name].filter(Boolean).join(' ');

function present(row: ContactRow, channels: ChannelRow[], companyIds: string[]): Contact {
  return {
    id: row.id,
    name: fullName(row),
    firstName: row.first_name,
    lastName: row.last_name,
    middleName: row.middle_name,
    position: row.position,
    address: row.address,
    comment: row.comment,
    responsibleUserId: row.responsible_user_id,
    typeId: row.type_id,
    ...presentChannels(channels.filter((c) => c.owner_id === row.id)),
    companyIds,
    customFields: row.custom_fields,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The contact's own fields a merge may take from any of the merged records (API names). */
export const CONTACT_MERGE_FIELDS = [
  'firstName',
  'lastName',
  'middleName',
  'position',
  'address',
  'comment',
  'responsibleUserId',
  'typeId',
] as const satisfies readonly (keyof UpdateBody & keyof Contact)[];

const COLUMNS: Record<(typeof CONTACT_MERGE_FIELDS)[number], keyof ContactValues> = {
  firstName: 'first_name',
  lastName: 'last_name',
  middleName: 'middle_name',
  position: 'position',
  address: 'address',
  comment: 'comment',
  responsibleUserId: 'responsible_user_id',
  typeId: 'type_id',
};

const scalarsOf = (body: UpdateBody): Partial<ContactValues> => {
  const values: Partial<ContactValues> = {};
  for (const field of CONTACT_MERGE_FIELDS) {
    const value = body[field];
    if (value !== undefined) values[COLUMNS[field]] = value || null;
  }
  return values;
};

/** Options of a write made on behalf of a merge (see the merges module). */
export interface WriteOptions {
  /** Values copied from existing records: an archived list item they carry may stay. */
  trustedReferences?: boolean;
}

export function createContactsService({
  db,
  repo,
  events,
  links,
  fieldValues,
}: {
  db: Db;
  repo: ContactsRepository;
  events: EventBus;
  links: CompanyLinks;
  fieldValues: RecordFieldValues;
}) {
  const inTransaction = <T>(trx: Trx | undefined, work: (trx: Trx) => Promise<T>) =>
    trx ? work(trx) : db.transaction().execute(work);

  async function presentRows(trx: Db, accountId: string, rows: ContactRow[]) {
    const ids = rows.map((r) => r.id);
    const [channels, companies] = await Promise.all([
      repo.channelsOf(trx, accountId, ids),
      links.companyIdsOf(trx, accountId, ids),
    ]);
    return rows.map((row) => present(row, channels, companies.get(row.id) ?? []));
  }

  async function find(trx: Db, accountId: string, id: string) {
    const row = await repo.find(trx, accountId, id);
    return row ? (await presentRows(trx, accountId, [row]))[0] : undefined;
  }

  async function load(trx: Db, accountId: string, id: string) {
    const contact = await find(trx, accountId, id);
    if (!contact) throw notFound('Contact');
    return contact;
  }

  /** Field errors the database must answer: channels, reference-list items. */
  async function check(
    trx: Db,
    actor: Actor,
    body: UpdateBody,
    current: ContactRow | undefined,
    options: WriteOptions,
  ) {
    const parsed = parseChannels(body);
    const errors: FieldError[] = [...parsed.errors];
    if (!options.trustedReferences) {
      errors.push(
        ...(await referenceItemErrors(trx, actor.accountId, [
          { field: 'body.typeId', list: 'contact_types', id: body.typeId, current: current?.type_id },
        ])),
      );
    }
    if (errors.length > 0) throw invalidFields(errors);
    return parsed;
  }

  /** Applies a change to a locked contact; returns it before and after (no event: the caller records one). */
  async function write(
    trx: Trx,
    actor: Actor,
    row: ContactRow,
    body: UpdateBody,
    options: WriteOptions = {},
  ) {
    const parsed = await check(trx, actor, body, row, options);
    const before = (await presentRows(trx, actor.accountId, [row]))[0] as Contact;
    await repo
      .update(trx, actor.accountId, row.id, scalarsOf(body))
      .catch(onMissingReference('body.responsibleUserId', 'No such user'));
    await storeChannels(trx, repo, actor.accountId, row.id, parsed);
    if (body.companyIds) {
      await links.setCompaniesOfContacts(trx, actor, [
        { contactId: row.id, companyIds: body.companyIds, field: 'body.companyIds' },
      ]);
    }
    if (body.customFields !== undefined) {
      await storeCustomFields(trx, actor, fieldValues, repo, {
        entity: 'contact',
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
      fieldValues.sortExpression(actor, 'contact', fieldId, repo.refs.id),
    );

  /**
   * Creates contacts (a migrated page, or one), each checked like a single create; in one statement per
   * step (the rows, their channels, their custom fields, search, events); a refused one refuses them all.
   * Contacts in the order given.
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
            first_name: null,
            last_name: null,
            middle_name: null,
            position: null,
            address: null,
            comment: null,
            type_id: null,
            ...scalarsOf(body),
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
      await links.setCompaniesOfContacts(
        trx,
        actor,
        bodies.flatMap((body, i) =>
          body.companyIds.length > 0
            ? [{ contactId: ids[i] ?? '', companyIds: body.companyIds, field: 'body.companyIds' }]
            : [],
        ),
      );
      const customFields = await fieldValues.writeMany(
        trx,
        actor,
        bodies.map((body, i) => ({
          entity: 'contact' as const,
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
      const contacts = await presentRows(
        trx,
        actor.accountId,
        rows.map((row, i) => ({ ...row, custom_fields: customFields[i] ?? {} })),
      );
      await events.recordMany(
        trx,
        eventContextOf(actor),
        contacts.map((contact) => ({
          type: 'contact.created',
          entity: 'contact',
          entityId: contact.id,
          payload: { name: contact.name, responsibleUserId: contact.responsibleUserId },
        })),
      );
      return contacts;
    });

  return {
    /** Creates a contact; inside `trx` when given (the caller's transaction), otherwise in its own. */
    create: async (actor: Actor, body: CreateBody, trx?: Trx) => {
      const [contact] = await createMany(actor, [body], trx);
      if (!contact) throw new Error('unreachable');
      return contact;
    },

    createMany,

    get: (actor: Actor, id: string) => load(db, actor.accountId, id),

    /** A contact of the account, or undefined (inside a caller's transaction). */
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
      const byFields = await fieldValues.filter(actor, 'contact', query.customFields, repo.refs.id);
      if (byFields) conditions.push(byFields);
      if (query.companyId)
        conditions.push(links.linkedToCompany(actor.accountId, query.companyId, repo.refs.id));
      const rows = await repo
        .page(db, actor.accountId, {
          tsquery: query.search ? (prefixQuery(query.search) ?? undefined) : undefined,
          phoneDigits: query.search ? (phoneDigits(query.search) ?? undefined) : undefined,
          phoneE164,
          email: query.email ? (normalizeEmail(query.email) ?? query.email.toLowerCase()) : undefined,
          responsibleUserIds: query.responsibleUserId,
          typeId: query.typeId,
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
        if (!row) throw notFound('Contact');
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The contact was changed by someone else; reload it and try again');
        }
        const { before, after } = await write(trx, actor, row, body);
        const changes = diffRecords(before, after, ['version', 'updatedAt']);
        if (Object.keys(changes).length > 0) {
          await events.record(trx, eventContextOf(actor), {
            type: 'contact.updated',
            entity: 'contact',
            entityId: id,
            payload: { name: after.name, changes },
          });
        }
        return after;
      }),

    /** Likely duplicates of a contact: the same phone or e-mail (however written), or the same full name. */
    async duplicates(actor: Actor, id: string) {
      if (!(await repo.find(db, actor.accountId, id))) throw notFound('Contact');
      const found = await repo.duplicatesOf(db, actor.accountId, id, 20);
      const reasons = new Map<string, ('phone' | 'email' | 'name')[]>();
      for (const { id: other, reason } of found) reasons.set(other, [...(reasons.get(other) ?? []), reason]);
      const ids = [...reasons.keys()].slice(0, 20);
      const rows = (await repo.findMany(db, actor.accountId, ids)).sort(
        (a, b) => ids.indexOf(a.id) - ids.indexOf(b.id),
      );
      const contacts = await presentRows(db, actor.accountId, rows);
      return {
        items: contacts.map((contact) => ({ contact, reasons: (reasons.get(contact.id) ?? []).sort() })),
      };
    },

    remove: (actor: Actor, id: string, ifMatch?: number) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Contact');
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The contact was changed by someone else; reload it and try again');
        }
        if (actor.role !== 'admin' && row.responsible_user_id !== actor.userId) {
          throw forbidden('Only the responsible user or an administrator may delete a contact');
        }
        await fieldValues.remove(trx, actor.accountId, [id]);
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'contact.deleted',
          entity: 'contact',
          entityId: id,
          payload: { name: fullName(row) },
        });
      }),

    /** What the merges module needs of contacts (inside its transaction). */
    merging: {
      /** Locks the contacts and returns those of the account, as the API shows them, with stored channels. */
      async lock(trx: Trx, accountId: string, ids: string[]) {
        const rows = await repo.lockMany(trx, accountId, ids);
        const contacts = await presentRows(trx, accountId, rows);
        const channels = await repo.channelsOf(trx, accountId, ids);
        return contacts.map((contact) => ({
          record: contact,
          channels: channels.filter((c) => c.owner_id === contact.id),
        }));
      },
      /** Writes the merged values into the kept contact (a version step; the merge records the event). */
      async apply(trx: Trx, actor: Actor, id: string, body: UpdateBody) {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Contact');
        return write(trx, actor, row, body, { trustedReferences: true });
      },
      /** Deletes merged-away contacts (their channels and links go with them). */
      async remove(trx: Trx, accountId: string, ids: string[]) {
        await fieldValues.remove(trx, accountId, ids);
        for (const id of ids) await repo.delete(trx, accountId, id);
      },
      present: (trx: Db, accountId: string, id: string) => load(trx, accountId, id),
      nameOf: (contact: Contact) => contact.name,
    },
  };
}
export type ContactsService = ReturnType<typeof createContactsService>;
