// How a spreadsheet import writes each kind of record, through that module's service (index.ts): create,
// read the state an update replaces, update, and delete (undo). Contacts, companies and deals write inside
// the import's batch transaction; the leads service opens its own transaction for each write.
import type { Transaction } from 'kysely';
import type { CustomFieldEntity, SpreadsheetEntity } from '@voronka/contracts';
import type { DB } from '../../platform/db/index.js';
import type { Actor } from '../../platform/http/index.js';
import type { CompaniesService } from '../companies/index.js';
import type { ContactsService } from '../contacts/index.js';
import { normalizeEmail, normalizePhone } from '../contacts/index.js';
import type { DealsService } from '../deals/index.js';
import type { LeadsService } from '../leads/index.js';

type Trx = Transaction<DB>;
type Body = Record<string, unknown>;
type AnyRecord = Record<string, unknown> & { id: string };

export interface RecordServices {
  contacts: ContactsService;
  companies: CompaniesService;
  deals: DealsService;
  leads: LeadsService;
}

export interface EntityWriter {
  customFieldEntity: CustomFieldEntity;
  /** Writes go through the import's batch transaction (false: the service opens its own). */
  transactional: boolean;
  create(actor: Actor, body: Body, trx: Trx | undefined): Promise<string>;
  /** Creates a page of records in `trx` in a few statements (a refused one refuses them all); ids in order. */
  createMany?: (actor: Actor, bodies: Body[], trx: Trx) => Promise<string[]>;
  find(actor: Actor, id: string, trx: Trx | undefined): Promise<AnyRecord | undefined>;
  update(actor: Actor, id: string, body: Body, trx: Trx | undefined): Promise<unknown>;
  remove(actor: Actor, id: string): Promise<void>;
}

type Channel = { value: string; type?: string };
const phoneKey = (c: Channel) => normalizePhone(c.value) ?? c.value;
const emailKey = (c: Channel) => normalizeEmail(c.value) ?? c.value.toLowerCase();

/** The existing channels, then the row's new ones that are not among them (by their normalized form). */
function mergeChannels(existing: Channel[], added: Channel[] | undefined, key: (c: Channel) => string) {
  const own = existing.map((c) => (c.type ? { value: c.value, type: c.type } : { value: c.value }));
  const seen = new Set(existing.map(key));
  return [...own, ...(added ?? []).filter((c) => !seen.has(key(c)))];
}

/**
 * The update a duplicate row makes: its values replace the record's, its phones, e-mails and sites are added
 * to the record's, its custom fields change only those given.
 */
export function updateBodyOf(body: Body, existing: AnyRecord): Body {
  const update: Body = { ...body };
  const list = (key: string) => (existing[key] as Channel[] | undefined) ?? [];
  if (body.phones) update.phones = mergeChannels(list('phones'), body.phones as Channel[], phoneKey);
  if (body.emails) update.emails = mergeChannels(list('emails'), body.emails as Channel[], emailKey);
  if (body.sites)
    update.sites = mergeChannels(list('sites'), body.sites as Channel[], (c) => c.value.toLowerCase());
  return update;
}

/** The body that puts back what `update` changed, from the record as it was before. */
export function restoreBodyOf(update: Body, prior: AnyRecord): Body {
  const restore: Body = {};
  for (const key of Object.keys(update)) {
    if (key === 'customFields') {
      const before = (prior.customFields as Record<string, unknown> | undefined) ?? {};
      restore.customFields = Object.fromEntries(
        Object.keys(update.customFields as Body).map((id) => [id, before[id] ?? null]),
      );
    } else if (key === 'phones' || key === 'emails') {
      restore[key] = ((prior[key] as Channel[] | undefined) ?? []).map((c) => ({
        value: c.value,
        type: c.type,
      }));
    } else if (key === 'sites') {
      restore[key] = ((prior[key] as Channel[] | undefined) ?? []).map((c) => ({ value: c.value }));
    } else {
      restore[key] = prior[key] ?? null;
    }
  }
  // A deal goes back to its stage in its pipeline.
  if ('stageId' in update || 'pipelineId' in update) {
    restore.pipelineId = prior.pipelineId;
    restore.stageId = prior.stageId;
  }
  return restore;
}

/** The record a read gives, or undefined when the read fails (the record is gone or hidden). */
async function orMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch {
    return undefined;
  }
}

/**
 * Contacts and companies write alike, inside the batch transaction; a new one starts with no channels and no
 * links to the other side (`links`: that side's empty id list).
 */
function directoryWriter(
  service: ContactsService | CompaniesService,
  customFieldEntity: 'contact' | 'company',
  links: { companyIds: [] } | { contactIds: [] },
): EntityWriter {
  const full = (body: Body) =>
    ({ ...links, phones: [], emails: [], sites: [], messengers: [], ...body }) as never;
  return {
    customFieldEntity,
    transactional: true,
    create: async (actor, body, trx) => (await service.create(actor, full(body), trx)).id,
    createMany: async (actor, bodies, trx) =>
      (await service.createMany(actor, bodies.map(full), trx)).map((record) => record.id),
    find: (actor, id, trx) => service.find(trx ?? (undefined as never), actor.accountId, id),
    update: (actor, id, body, trx) => service.update(actor, id, body, undefined, trx),
    remove: (actor, id) => service.remove(actor, id),
  };
}

export function createEntityWriters(services: RecordServices): Record<SpreadsheetEntity, EntityWriter> {
  const { contacts, companies, deals, leads } = services;
  return {
    contacts: directoryWriter(contacts, 'contact', { companyIds: [] }),
    companies: directoryWriter(companies, 'company', { contactIds: [] }),
    deals: {
      customFieldEntity: 'deal',
      transactional: true,
      create: async (actor, body, trx) => (await deals.create(actor, body as never, trx)).id,
      find: (actor, id, trx) => orMissing(deals.get(actor, id, trx)),
      update: (actor, id, body, trx) => deals.update(actor, id, body, undefined, trx),
      remove: (actor, id) => deals.remove(actor, id, undefined),
    },
    leads: {
      customFieldEntity: 'lead',
      transactional: false,
      create: async (actor, body) =>
        (await leads.create(actor, { phones: [], emails: [], sites: [], messengers: [], ...body })).id,
      find: (actor, id) => orMissing(leads.get(actor, id)),
      update: (actor, id, body) => leads.update(actor, id, body, undefined),
      remove: (actor, id) => leads.remove(actor, id, undefined),
    },
  };
}

/**
 * Import and export are rights of the role on the entity (ADR 0018): a role without them (a manager, by
 * default) gets 403 before any file is read or written. The export's rows are the ones the right reaches.
 */
export type SpreadsheetRight = (
  actor: Actor,
  entity: SpreadsheetEntity,
  op: 'import' | 'export',
) => Promise<void>;
