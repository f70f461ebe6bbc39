// The many-to-many links between contacts and companies, seen from both sides: a contact lists its
// companies, a company its contacts, and changing the links from either side writes the same rows. The
// record whose body changed the links records its own update; every record on the other side whose links
// changed gets an `<entity>.updated` event with the `contactIds` / `companyIds` change, so both histories
// show it. Its version does not move: nothing the other side's editor holds went stale.
import type { Transaction, RawBuilder } from 'kysely';
import type { DB, Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { invalidFields } from '../../platform/errors.js';
import type { CompanyLinks } from '../contacts/index.js';
import type { CompaniesRepository } from './companies.repository.js';

type Side = 'contact' | 'company';

const group = (links: { contact_id: string; company_id: string }[], by: Side) => {
  const map = new Map<string, string[]>();
  for (const l of links) {
    const [key, value] = by === 'contact' ? [l.contact_id, l.company_id] : [l.company_id, l.contact_id];
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
};

export function createCompanyLinks({ repo, events }: { repo: CompaniesRepository; events: EventBus }) {
  /**
   * Replaces the links of records of one side (`side` names what they are), each with its `ids` of the
   * other side (a record's own, or a migrated page's). Each record of the other side whose links changed
   * gets one event with its links before and after.
   */
  async function replace(
    trx: Transaction<DB>,
    actor: Actor,
    side: Side,
    owners: { ownerId: string; ids: string[]; field: string }[],
  ) {
    if (owners.length === 0) return;
    const other: Side = side === 'contact' ? 'company' : 'contact';
    const found = await repo.existing(trx, actor.accountId, other === 'company' ? 'companies' : 'contacts', [
      ...new Set(owners.flatMap((o) => o.ids)),
    ]);
    const missing = owners.flatMap((o) =>
      o.ids.flatMap((id, i) =>
        found.has(id) ? [] : [{ field: `${o.field}.${i}`, reason: `No such ${other}` }],
      ),
    );
    if (missing.length > 0) throw invalidFields(missing);
    const ownerIds = owners.map((o) => o.ownerId);
    const currentOf = group(
      await repo.linksOf(
        trx,
        actor.accountId,
        side === 'contact' ? { contactIds: ownerIds } : { companyIds: ownerIds },
      ),
      side,
    );
    const pair = (ownerId: string, otherId: string) =>
      side === 'contact'
        ? { contactId: ownerId, companyId: otherId }
        : { contactId: otherId, companyId: ownerId };
    const added: { contactId: string; companyId: string }[] = [];
    const removed: { contactId: string; companyId: string }[] = [];
    const touchedSet = new Set<string>();
    for (const { ownerId, ids } of owners) {
      const current = currentOf.get(ownerId) ?? [];
      for (const id of ids.filter((id) => !current.includes(id))) {
        added.push(pair(ownerId, id));
        touchedSet.add(id);
      }
      for (const id of current.filter((id) => !ids.includes(id))) {
        removed.push(pair(ownerId, id));
        touchedSet.add(id);
      }
    }
    if (touchedSet.size === 0) return;
    const touched = [...touchedSet];
    const linksOfTouched = () =>
      repo.linksOf(
        trx,
        actor.accountId,
        other === 'contact' ? { contactIds: touched } : { companyIds: touched },
      );
    const before = group(await linksOfTouched(), other);
    await repo.removeLinks(trx, actor.accountId, removed);
    await repo.addLinks(trx, actor.accountId, added);
    const after = group(await linksOfTouched(), other);
    const names =
      other === 'company'
        ? await repo.namesOf(trx, actor.accountId, touched)
        : await repo.contactNamesOf(trx, actor.accountId, touched);
    const key = other === 'company' ? 'contactIds' : 'companyIds';
    await events.recordMany(
      trx,
      eventContextOf(actor),
      touched.map((id) => ({
        type: `${other}.updated`,
        entity: other,
        entityId: id,
        payload: {
          name: names.get(id) ?? '',
          changes: { [key]: { from: before.get(id) ?? [], to: after.get(id) ?? [] } },
        },
      })),
    );
  }

  const links: CompanyLinks & {
    contactIdsOf(db: Db, accountId: string, companyIds: string[]): Promise<Map<string, string[]>>;
    setContactsOfCompany(
      trx: Transaction<DB>,
      actor: Actor,
      companyId: string,
      contactIds: string[],
      field: string,
    ): Promise<void>;
    linkedToContact(
      accountId: string,
      contactId: string,
      companyId: RawBuilder<unknown>,
    ): RawBuilder<boolean>;
  } = {
    companyIdsOf: async (db, accountId, contactIds) =>
      group(await repo.linksOf(db, accountId, { contactIds }), 'contact'),
    contactIdsOf: async (db, accountId, companyIds) =>
      group(await repo.linksOf(db, accountId, { companyIds }), 'company'),
    setCompaniesOfContacts: (trx, actor, contacts) =>
      replace(
        trx,
        actor,
        'contact',
        contacts.map((c) => ({ ownerId: c.contactId, ids: c.companyIds, field: c.field })),
      ),
    setContactsOfCompany: (trx, actor, companyId, contactIds, field) =>
      replace(trx, actor, 'company', [{ ownerId: companyId, ids: contactIds, field }]),
    linkedToCompany: repo.linkedToCompany,
    linkedToContact: repo.linkedToContact,
  };
  return links;
}
export type CompanyLinksService = ReturnType<typeof createCompanyLinks>;
