// Global search: the same search each list API does (words as prefixes in Russian and English, e-mails,
// 5+ digits of a phone), asked of the four record modules at once, each capped, each through its own
// service — so a record is found here exactly when its own list would find it, and only in the actor's
// account. Deals, contacts and companies come most recently changed first; leads newest first (their list's
// only order).
import type { z } from 'zod';
import {
  companyListQuerySchema,
  contactListQuerySchema,
  dealListQuerySchema,
  leadListQuerySchema,
  type Company,
  type Contact,
  type Deal,
  type Lead,
  type SearchHit,
  type SearchResults,
  type searchQuerySchema,
} from '@voronka/contracts';
import type { Actor } from '../../platform/http/index.js';

type Page<T> = Promise<{ items: T[]; nextCursor: string | null }>;

/** The list functions of the record modules (their services, handed in by app.ts). */
export interface SearchSources {
  deals: { list: (actor: Actor, query: z.output<typeof dealListQuerySchema>) => Page<Deal> };
  contacts: { list: (actor: Actor, query: z.output<typeof contactListQuerySchema>) => Page<Contact> };
  companies: { list: (actor: Actor, query: z.output<typeof companyListQuerySchema>) => Page<Company> };
  leads: { list: (actor: Actor, query: z.output<typeof leadListQuerySchema>) => Page<Lead> };
}

type SearchQuery = z.output<typeof searchQuerySchema>;

const firstOf = (...values: (string | null | undefined)[]) =>
  values.find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? null;

export const dealHit = (d: Deal): SearchHit => ({
  id: d.id,
  entity: 'deals',
  title: d.name,
  subtitle: firstOf(d.companyName, d.contacts.find((c) => c.isPrimary)?.name),
  amount: d.amount,
  currency: d.currency,
});

export const contactHit = (c: Contact): SearchHit => ({
  id: c.id,
  entity: 'contacts',
  title: c.name,
  subtitle: firstOf(c.phones[0]?.value, c.emails[0]?.value, c.position),
  amount: null,
  currency: null,
});

export const companyHit = (c: Company): SearchHit => ({
  id: c.id,
  entity: 'companies',
  title: c.name,
  subtitle: firstOf(c.inn ? `ИНН ${c.inn}` : null, c.phones[0]?.value, c.emails[0]?.value),
  amount: null,
  currency: null,
});

export const leadHit = (l: Lead): SearchHit => ({
  id: l.id,
  entity: 'leads',
  title: l.name,
  subtitle: firstOf(l.phones[0]?.value, l.emails[0]?.value, l.companyName, l.personName),
  amount: l.amount,
  currency: l.amount === null ? null : l.currency,
});

export function createSearchService(sources: SearchSources) {
  return {
    async search(actor: Actor, query: SearchQuery): Promise<SearchResults> {
      const common = { search: query.q, limit: query.limit };
      const group = async <T>(entity: SearchHit['entity'], page: Page<T>, hit: (record: T) => SearchHit) => {
        const { items, nextCursor } = await page;
        return { entity, items: items.map(hit), more: nextCursor !== null };
      };
      const groups = await Promise.all([
        group(
          'deals',
          sources.deals.list(actor, dealListQuerySchema.parse({ ...common, sort: 'updatedAt' })),
          dealHit,
        ),
        group(
          'contacts',
          sources.contacts.list(actor, contactListQuerySchema.parse({ ...common, sort: 'updatedAt' })),
          contactHit,
        ),
        group(
          'companies',
          sources.companies.list(actor, companyListQuerySchema.parse({ ...common, sort: 'updatedAt' })),
          companyHit,
        ),
        group('leads', sources.leads.list(actor, leadListQuerySchema.parse(common)), leadHit),
      ]);
      return { groups };
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
