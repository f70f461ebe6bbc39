import { z } from 'zod';
import { idSchema } from './common.js';
import type { CustomFieldType } from './custom-fields/types.js';

// Deal copy (AUTO-3, seed 002): a new deal made from an existing one — in the same or another pipeline, with a
// chosen responsible and a chosen part of the data — linked to its original both ways. An anonymized copy
// (for partners and contractors) carries no personal data and no way back to the original. Presets are named
// sets of options stored per account, so a person in the card dialog and a robot or trigger use the same ones.

/**
 * Custom-field types whose values may name or reach a person: names and free text (string, text), phones,
 * e-mails, addresses, links and files (documents, profile pages) and links to records (a contact). An
 * anonymized copy leaves them out unless the options list the field by id.
 */
export const DEAL_COPY_PERSONAL_FIELD_TYPES: readonly CustomFieldType[] = [
  'string',
  'text',
  'phone',
  'email',
  'address',
  'url',
  'file',
  'crm_link',
];
export const isPersonalFieldType = (type: CustomFieldType) => DEAL_COPY_PERSONAL_FIELD_TYPES.includes(type);

/** How the copy is titled. `{name}` is the original's title, `{id}` the first 8 characters of the copy's id. */
export const dealCopyTitleSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('same').describe("The original's title") }),
    z.object({
      kind: z.literal('template'),
      text: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .describe('The title, with `{name}` (the original’s title) and `{id}` (the copy’s short id)'),
    }),
  ])
  .describe('The title of the copy');
export type DealCopyTitle = z.infer<typeof dealCopyTitleSchema>;

const selectionSchema = z.union([z.literal('all'), z.array(idSchema).max(500)]);

/**
 * What to copy and where. Absent keys take the defaults: the original's pipeline, stage and responsible;
 * everything copied in a plain copy; in an anonymized copy no contacts, company, amount, tags, source or
 * personal fields (phone, e-mail, address, text, link, file, record link), unless a field is listed by id.
 */
export const dealCopyOptionsSchema = z.strictObject({
  pipelineId: idSchema.optional().describe("Target pipeline (default: the original's)"),
  stageId: idSchema
    .optional()
    .describe(
      "Target stage, of the target pipeline (default: the original's, or the target's first open stage)",
    ),
  responsibleUserId: idSchema
    .nullable()
    .optional()
    .describe("The copy's responsible (default: the original's); null: nobody"),
  items: selectionSchema
    .optional()
    .describe("Line items (products): 'all' or the ids of the original's items to copy; [] copies none"),
  contacts: z.boolean().optional().describe('Copy the contacts (default: yes; never in an anonymized copy)'),
  company: z.boolean().optional().describe('Copy the company (default: yes; never in an anonymized copy)'),
  amount: z
    .boolean()
    .optional()
    .describe('Copy the amount of a deal without items (default: yes; no in an anonymized copy)'),
  tags: z.boolean().optional().describe('Copy the tags (default: yes; no in an anonymized copy)'),
  source: z.boolean().optional().describe('Copy the source (default: yes; no in an anonymized copy)'),
  dates: z.boolean().optional().describe('Copy the start and close dates (default: yes)'),
  customFields: selectionSchema
    .optional()
    .describe(
      "Custom fields (single and multi-value 'lists'): 'all' or field ids. In an anonymized copy 'all' leaves " +
        'out the personal types; a personal field is copied only when listed by id (a whitelist)',
    ),
  title: dealCopyTitleSchema.optional(),
  anonymized: z.boolean().optional().describe('No personal data and no link back to the original'),
});
export type DealCopyOptions = z.infer<typeof dealCopyOptionsSchema>;

export const copyDealBodySchema = dealCopyOptionsSchema.extend({
  presetId: idSchema
    .optional()
    .describe("A preset whose options apply first; the request's own keys override them"),
});
export type CopyDealBody = z.infer<typeof copyDealBodySchema>;

export const dealCopyResultSchema = z.object({
  dealId: idSchema.describe('The copy'),
  name: z.string(),
  pipelineId: idSchema,
  stageId: idSchema,
  anonymized: z.boolean(),
});
export type DealCopyResult = z.infer<typeof dealCopyResultSchema>;

/** The links of one deal: where it was copied from and the copies made of it. */
export const dealCopyLinksSchema = z.object({
  copiedFrom: z
    .object({ dealId: idSchema, name: z.string(), createdAt: z.iso.datetime() })
    .nullable()
    .describe('The original (never shown on an anonymized copy)'),
  copies: z.array(
    z.object({
      dealId: idSchema.nullable().describe('null for an anonymized copy: the original does not point at it'),
      name: z.string().nullable(),
      anonymized: z.boolean(),
      createdAt: z.iso.datetime(),
    }),
  ),
});
export type DealCopyLinks = z.infer<typeof dealCopyLinksSchema>;

export const dealCopyPresetBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  options: dealCopyOptionsSchema,
});
export type DealCopyPresetBody = z.infer<typeof dealCopyPresetBodySchema>;

export const dealCopyPresetSchema = z.object({
  id: idSchema,
  name: z.string(),
  options: dealCopyOptionsSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type DealCopyPreset = z.infer<typeof dealCopyPresetSchema>;

export const dealCopyPresetListSchema = z.object({ items: z.array(dealCopyPresetSchema) });
