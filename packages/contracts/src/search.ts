import { z } from 'zod';
import { idSchema } from './common.js';

// Global search (CORE-9): one box across deals, contacts, companies and leads, as people type. Words match
// as prefixes (names, titles, e-mails, …); 5+ digits match phone numbers however they were written.

export const searchEntitySchema = z.enum(['deals', 'contacts', 'companies', 'leads']);
export type SearchEntity = z.infer<typeof searchEntitySchema>;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200).describe('Words, an e-mail or digits of a phone'),
  limit: z.coerce.number().int().min(1).max(20).default(5).describe('Results per entity'),
});

export const searchHitSchema = z.object({
  id: idSchema,
  entity: searchEntitySchema,
  title: z.string(),
  subtitle: z
    .string()
    .nullable()
    .describe(
      'Deals: company or primary contact; contacts and leads: phone or e-mail; companies: INN or phone',
    ),
  amount: z.string().nullable().describe('Deals and leads: the exact amount'),
  currency: z.string().nullable(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultsSchema = z
  .object({
    groups: z
      .array(
        z.object({
          entity: searchEntitySchema,
          items: z.array(searchHitSchema),
          more: z.boolean().describe('More records match than were returned'),
        }),
      )
      .describe('Always the four entities, in this order: deals, contacts, companies, leads'),
  })
  .meta({ id: 'SearchResults' });
export type SearchResults = z.infer<typeof searchResultsSchema>;
