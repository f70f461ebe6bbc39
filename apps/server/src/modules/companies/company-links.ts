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
  /** Replaces the links of one record (`side` names what it is) with `ids` of the other side. */
  async function replace(
    trx: Transaction<DB>,
    actor: Actor,
    side: Side,
    ownerId: string,
    ids: string[],
    field: string,
  ) {
    const other: Side = side === 'contact' ? 'company' : 'contact';
    const found = await repo.existing(
      trx,
      actor.accountId,
      other === 'company' ? 'companies' : 'contacts',
      ids,
    );
    const missing = ids.flatMap((id, i) =>
      found.has(id) ? [] : [{ field: `${field}.${i}`, reason: `No such ${other}` }],
    );
    if (missing.length > 0) throw invalidFields(missing);
    const ofOwner = (links: { contact_id: string; company_id: string }[]) =>
      group(links, side).get(ownerId) ?? [];
    const current = ofOwner(
      await repo.linksOf(
        trx,
        actor.accountId,
        side === 'contact' ? { contactIds: [ownerId] } : { companyIds: [ownerId] },
      ),
    );
    const added = ids.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !ids.includes(id));
    if (added.length === 0 && removed.length === 0) return;
    const touched = [...added, ...removed];
    const linksOfTouched = () =>
      repo.linksOf(
        trx,
        actor.accountId,
        other === 'contact' ? { contactIds: touched } : { companyIds: touched },
      );
    const before = group(await linksOfTouched(), other);
    const pair = (otherId: string) =>
      side === 'contact'
        ? { contactId: ownerId, companyId: otherId }
        : { contactId: otherId, companyId: ownerId };
    await repo.removeLinks(trx, actor.accountId, removed.map(pair));
    await repo.addLinks(trx, actor.accountId, added.map(pair));
    const after = group(await linksOfTouched(), other);
    const names =
      other === 'company'
        ? await repo.namesOf(trx, actor.accountId, touched)
        : await repo.contactNamesOf(trx, actor.accountId, touched);
    const key = other === 'company' ? 'contactIds' : 'companyIds';
    for (const id of touched) {
      await events.record(trx, eventContextOf(actor), {
        type: `${other}.updated`,
        entity: other,
        entityId: id,
        payload: {
          name: names.get(id) ?? '',
          changes: { [key]: { from: before.get(id) ?? [], to: after.get(id) ?? [] } },
        },
      });
    }
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
    setCompaniesOfContact: (trx, actor, contactId, companyIds, field) =>
      replace(trx, actor, 'contact', contactId, companyIds, field),
    setContactsOfCompany: (trx, actor, companyId, contactIds, field) =>
      replace(trx, actor, 'company', companyId, contactIds, field),
    linkedToCompany: repo.linkedToCompany,
    linkedToContact: repo.linkedToContact,
  };
  return links;
}
export type CompanyLinksService = ReturnType<typeof createCompanyLinks>;
