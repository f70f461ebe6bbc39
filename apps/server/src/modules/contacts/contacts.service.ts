// Contacts (CORE-4): people with typed multi-value phones, e-mails, sites and messengers. Phones are kept
// as written and as E.164 (found however they are typed), e-mails lower-cased; a phone or e-mail that is not
// one is refused at its field. Lists are newest first in keyset pages, searchable by words (Russian and
// English stemming, prefixes as you type) or by digits of a phone. Changes need the current version
// (If-Match) and record their old → new values for the history.
import type { Contact } from '@voronka/contracts';
import type { z } from 'zod';
import type {
  contactListQuerySchema,
  createContactBodySchema,
  updateContactBodySchema,
} from '@voronka/contracts';
import { onMissingReference, prefixQuery, type Db } from '../../platform/db/index.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { decodeCursor, encodeCursor, eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, notFound, invalidFields } from '../../platform/errors.js';
import type { FieldError } from '@voronka/contracts';
import { normalizeEmail, normalizePhone, phoneDigits } from './channels.js';
import type {
  ChannelRow,
  ChannelValues,
  ContactRow,
  ContactsRepository,
  ContactValues,
} from './contacts.repository.js';

type CreateBody = z.output<typeof createContactBodySchema>;
type UpdateBody = z.output<typeof updateContactBodySchema>;
type ListQuery = z.output<typeof contactListQuerySchema>;

const fullName = (c: Pick<ContactRow, 'last_name' | 'first_name' | 'middle_name'>) =>
  [c.last_name, c.first_name, c.middle_name].filter(Boolean).join(' ');

function present(row: ContactRow, channels: ChannelRow[]): Contact {
  const own = channels.filter((c) => c.contact_id === row.id);
  const of = (kind: ChannelRow['kind']) => own.filter((c) => c.kind === kind);
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
    phones: of('phone').map((c) => ({
      value: c.value,
      type: c.type as Contact['phones'][number]['type'],
      e164: c.normalized,
    })),
    emails: of('email').map((c) => ({ value: c.value, type: c.type as Contact['emails'][number]['type'] })),
    sites: of('site').map((c) => ({ value: c.value })),
    messengers: of('messenger').map((c) => ({
      service: c.type as Contact['messengers'][number]['service'],
      value: c.value,
    })),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The channels of a body, normalized, with a field error for each phone or e-mail that is not one. */
function channelsOf(body: Pick<UpdateBody, 'phones' | 'emails' | 'sites' | 'messengers'>) {
  const errors: FieldError[] = [];
  const channels: ChannelValues[] = [];
  const kinds: ChannelRow['kind'][] = [];
  if (body.phones) {
    kinds.push('phone');
    body.phones.forEach((p, i) => {
      const e164 = normalizePhone(p.value);
      if (e164) channels.push({ kind: 'phone', type: p.type, value: p.value, normalized: e164 });
      else errors.push({ field: `body.phones.${i}.value`, reason: 'is not a phone number' });
    });
  }
  if (body.emails) {
    kinds.push('email');
    body.emails.forEach((e, i) => {
      const normalized = normalizeEmail(e.value);
      if (normalized) channels.push({ kind: 'email', type: e.type, value: e.value, normalized });
      else errors.push({ field: `body.emails.${i}.value`, reason: 'is not an e-mail address' });
    });
  }
  if (body.sites) {
    kinds.push('site');
    for (const s of body.sites)
      channels.push({ kind: 'site', type: 'site', value: s.value, normalized: s.value.toLowerCase() });
  }
  if (body.messengers) {
    kinds.push('messenger');
    for (const m of body.messengers)
      channels.push({
        kind: 'messenger',
        type: m.service,
        value: m.value,
        normalized: m.value.toLowerCase(),
      });
  }
  if (errors.length > 0) {
    throw invalidFields(errors);
  }
  return { kinds, channels };
}

const UUID = /^[0-9a-f-]{36}$/;
const cursorOf = (row: ContactRow) => encodeCursor([row.created_at.toISOString(), row.id]);
const afterCursor = (cursor: string) => {
  const [createdAt = '', id = ''] = decodeCursor(
    cursor,
    2,
    ([at = '', key = '']) => !Number.isNaN(Date.parse(at)) && UUID.test(key),
  );
  return { createdAt, id };
};

const scalarsOf = (body: UpdateBody): Partial<ContactValues> => {
  const map: [keyof UpdateBody, keyof ContactValues][] = [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
    ['middleName', 'middle_name'],
    ['position', 'position'],
    ['address', 'address'],
    ['comment', 'comment'],
    ['responsibleUserId', 'responsible_user_id'],
  ];
  const values: Partial<ContactValues> = {};
  for (const [from, to] of map) {
    const value = body[from];
    if (value !== undefined) values[to] = (value as string | null) || null;
  }
  return values;
};

export function createContactsService({
  db,
  repo,
  events,
}: {
  db: Db;
  repo: ContactsRepository;
  events: EventBus;
}) {
  async function load(trx: Db, accountId: string, id: string) {
    const row = await repo.find(trx, accountId, id);
    if (!row) throw notFound('Contact');
    return present(row, await repo.channelsOf(trx, accountId, [id]));
  }

  return {
    async create(actor: Actor, body: CreateBody) {
      const { kinds, channels } = channelsOf(body);
      return db.transaction().execute(async (trx) => {
        const row = await repo
          .insert(trx, actor.accountId, {
            first_name: null,
            last_name: null,
            middle_name: null,
            position: null,
            address: null,
            comment: null,
            ...scalarsOf(body),
            responsible_user_id: body.responsibleUserId ?? actor.userId,
          })
          .catch(onMissingReference('body.responsibleUserId', 'No such user'));
        await repo.replaceChannels(trx, actor.accountId, row.id, kinds, channels);
        await repo.refreshSearch(trx, actor.accountId, row.id);
        const contact = await load(trx, actor.accountId, row.id);
        await events.record(trx, eventContextOf(actor), {
          type: 'contact.created',
          entity: 'contact',
          entityId: row.id,
          payload: { name: contact.name, responsibleUserId: contact.responsibleUserId },
        });
        return contact;
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
      const rows = await repo.page(db, actor.accountId, {
        tsquery: query.search ? (prefixQuery(query.search) ?? undefined) : undefined,
        phoneDigits: query.search ? (phoneDigits(query.search) ?? undefined) : undefined,
        phoneE164,
        email: query.email ? (normalizeEmail(query.email) ?? query.email.toLowerCase()) : undefined,
        responsibleUserId: query.responsibleUserId,
        after: query.cursor ? afterCursor(query.cursor) : undefined,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const channels = await repo.channelsOf(
        db,
        actor.accountId,
        page.map((r) => r.id),
      );
      const last = page.at(-1);
      return {
        items: page.map((r) => present(r, channels)),
        nextCursor: rows.length > query.limit && last ? cursorOf(last) : null,
      };
    },

    async update(actor: Actor, id: string, body: UpdateBody, ifMatch: number | undefined) {
      const { kinds, channels } = channelsOf(body);
      return db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Contact');
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The contact was changed by someone else; reload it and try again');
        }
        const before = present(row, await repo.channelsOf(trx, actor.accountId, [id]));
        const scalars = scalarsOf(body);
        await repo
          .update(trx, actor.accountId, id, scalars)
          .catch(onMissingReference('body.responsibleUserId', 'No such user'));
        await repo.replaceChannels(trx, actor.accountId, id, kinds, channels);
        await repo.refreshSearch(trx, actor.accountId, id);
        const after = await load(trx, actor.accountId, id);
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
      });
    },

    /** Likely duplicates of a contact: the same phone or e-mail (however written), or the same full name. */
    async duplicates(actor: Actor, id: string) {
      if (!(await repo.find(db, actor.accountId, id))) throw notFound('Contact');
      const found = await repo.duplicatesOf(db, actor.accountId, id, 20);
      const reasons = new Map<string, ('phone' | 'email' | 'name')[]>();
      for (const { id: other, reason } of found) reasons.set(other, [...(reasons.get(other) ?? []), reason]);
      const ids = [...reasons.keys()].slice(0, 20);
      const rows = await Promise.all(ids.map((other) => repo.find(db, actor.accountId, other)));
      const channels = await repo.channelsOf(db, actor.accountId, ids);
      return {
        items: rows
          .filter((row) => row !== undefined)
          .map((row) => ({ contact: present(row, channels), reasons: (reasons.get(row.id) ?? []).sort() })),
      };
    },

    remove: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Contact');
        if (actor.role !== 'admin' && row.responsible_user_id !== actor.userId) {
          throw forbidden('Only the responsible user or an administrator may delete a contact');
        }
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'contact.deleted',
          entity: 'contact',
          entityId: id,
          payload: { name: fullName(row) },
        });
      }),
  };
}
export type ContactsService = ReturnType<typeof createContactsService>;
