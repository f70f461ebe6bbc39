import { z } from 'zod';
import { idSchema, nameSchema, queryListSchema } from './common.js';
import {
  channelsCreateFields,
  channelsOutputFields,
  channelsUpdateFields,
  customFieldsFilterSchema,
  customFieldsInputSchema,
} from './contacts.js';
import { decimalSchema } from './custom-fields/decimal.js';
import { currencyCodeSchema } from './custom-fields/settings.js';
import { colorSchema } from './pipelines.js';

// Leads (CORE-2): requests that are not yet deals, with statuses of their own — open ones in the account's
// order, then exactly one `converted` (a good lead, turned into a deal / contact / company) and one `junk`.

export const leadStatusKindSchema = z
  .enum(['open', 'converted', 'junk'])
  .describe('`open` statuses are ordered by the account; `converted` and `junk` are the two final ones');
export type LeadStatusKind = z.infer<typeof leadStatusKindSchema>;

export const leadStatusSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    color: z.string(),
    kind: leadStatusKindSchema,
    position: z.number().int().describe('0-based: open statuses first in order, then converted, then junk'),
  })
  .meta({ id: 'LeadStatus' });
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const leadStatusListSchema = z
  .object({ items: z.array(leadStatusSchema) })
  .meta({ id: 'LeadStatusList' });

const statusPosition = z
  .number()
  .int()
  .min(1)
  .max(1000)
  .describe('Place among the open statuses, 1 = first; default: after the last open status');

export const createLeadStatusBodySchema = z.object({
  name: nameSchema,
  color: colorSchema.default('#99ccff'),
  position: statusPosition.optional(),
});

export const updateLeadStatusBodySchema = z.object({
  name: nameSchema.optional(),
  color: colorSchema.optional(),
  position: statusPosition.optional().describe('Open statuses only'),
});

export const reorderLeadStatusesBodySchema = z.object({
  statusIds: z.array(idSchema).max(200).describe('Every open status, in the new order'),
});

export const deleteLeadStatusQuerySchema = z.object({
  moveTo: idSchema
    .optional()
    .describe('The open status the deleted status’s leads go to (required when it has any)'),
});

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const amountSchema = decimalSchema(2).refine((v) => !v.startsWith('-'), 'must not be negative');

const leadFields = {
  statusId: idSchema.optional(),
  firstName: optionalText(100),
  lastName: optionalText(100),
  middleName: optionalText(100),
  position: optionalText(200),
  companyName: optionalText(300).describe('The company as the client named it (no company record yet)'),
  address: optionalText(1000),
  comment: optionalText(10_000),
  amount: amountSchema.nullable().optional().describe('Exact decimal, e.g. "150000.50"'),
  currency: currencyCodeSchema.optional().describe('Default: the account’s currency'),
  sourceId: idSchema.nullable().optional().describe('An item of the `sources` reference list'),
  responsibleUserId: idSchema.nullable().optional().describe('Default: the user creating the lead'),
  contactId: idSchema
    .nullable()
    .optional()
    .describe('An existing contact this request comes from (a repeat lead)'),
  companyId: idSchema.nullable().optional().describe('An existing company this request comes from'),
  customFields: customFieldsInputSchema.optional(),
};

export const createLeadBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'The title; default: built from the person’s and the company’s names, or the first phone / e-mail',
    ),
  ...leadFields,
  statusId: leadFields.statusId.describe('An open status; default: the first one'),
  ...channelsCreateFields,
});

export const updateLeadBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .describe('null: build the title again from the person’s and the company’s names'),
  ...leadFields,
  statusId: leadFields.statusId.describe(
    'An open status or the junk status. Converted leads keep their status; a junk lead may go back to an open one',
  ),
  ...channelsUpdateFields,
});

export const leadSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    statusId: idSchema,
    statusKind: leadStatusKindSchema,
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    middleName: z.string().nullable(),
    personName: z.string().describe('Last, first and middle name as one line ("" when none)'),
    position: z.string().nullable(),
    companyName: z.string().nullable(),
    address: z.string().nullable(),
    comment: z.string().nullable(),
    amount: z.string().nullable(),
    currency: z.string(),
    sourceId: idSchema.nullable(),
    responsibleUserId: idSchema.nullable(),
    contactId: idSchema.nullable(),
    companyId: idSchema.nullable(),
    repeat: z.boolean().describe('Linked to an existing contact or company: the client came back'),
    ...channelsOutputFields,
    customFields: z.record(z.string(), z.unknown()),
    convertedAt: z.iso.datetime({ offset: true }).nullable(),
    convertedDealId: idSchema.nullable(),
    convertedContactId: idSchema.nullable(),
    convertedCompanyId: idSchema.nullable(),
    nextTaskAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .describe('Deadline of the earliest open task of the lead'),
    noTaskPlanned: z.boolean().describe('An open lead without an open task (flag it in lists)'),
    createdBy: idSchema.nullable(),
    version: z.number().int().describe('Send it back as If-Match: "v<version>"; a stale one gets 409'),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Lead' });
export type Lead = z.infer<typeof leadSchema>;

/** `sort` of the leads list, with `order`; empty values go last either way. */
export const leadSortSchema = z
  .union([
    z.enum(['createdAt', 'updatedAt', 'name', 'amount']),
    z.string().regex(/^cf:[0-9a-f-]{36}$/, 'must be createdAt, updatedAt, name, amount or cf:<field id>'),
  ])
  .default('createdAt')
  .describe('createdAt (default), updatedAt, name, amount or cf:<sortable custom field id>');

export const leadListQuerySchema = z.object({
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words of the title, names, company, position or e-mail; or 5+ digits of a phone'),
  statusId: idSchema.optional(),
  statusKind: leadStatusKindSchema.optional().describe('`open`: leads still being worked on'),
  responsibleUserId: queryListSchema(idSchema, 100)
    .optional()
    .describe('Leads of any of these users: one id, comma-separated or repeated'),
  sourceId: idSchema.optional(),
  phone: z.string().trim().min(3).max(50).optional().describe('Any way of writing the number'),
  email: z.string().trim().min(3).max(254).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional().describe('Created at or after'),
  createdTo: z.iso.datetime({ offset: true }).optional().describe('Created before'),
  customFields: customFieldsFilterSchema,
  sort: leadSortSchema,
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe('Default: desc for createdAt, updatedAt and amount; asc otherwise. Empty values go last'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const leadPageSchema = z
  .object({ items: z.array(leadSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'LeadPage' });

const target = (what: string) =>
  z
    .union([
      z.strictObject({ id: idSchema.describe(`An existing ${what} of the account`) }),
      z.strictObject({
        create: z.literal(true).describe(`Create a ${what} from the lead`),
        customFields: customFieldsInputSchema
          .optional()
          .describe(
            `${what} field id → value, over the values carried from the lead’s fields with the same code`,
          ),
      }),
    ])
    .optional();

export const convertLeadBodySchema = z.object({
  deal: z
    .strictObject({
      pipelineId: idSchema,
      stageId: idSchema.optional().describe('Default: the first open stage of the pipeline'),
      name: nameSchema.optional().describe('Default: the lead’s title'),
      customFields: customFieldsInputSchema
        .optional()
        .describe('Deal field id → value, over the values carried from the lead’s fields with the same code'),
    })
    .optional()
    .describe('Create a deal: amount, source, responsible and same-code custom fields come from the lead'),
  contact: target('contact').describe(
    'Create a contact from the person (with the lead’s phones, e-mails…) or use an existing one',
  ),
  company: target('company').describe('Create a company from the company name or use an existing one'),
});

export const leadConversionSchema = z
  .object({
    lead: leadSchema,
    dealId: idSchema.nullable(),
    contactId: idSchema.nullable(),
    companyId: idSchema.nullable(),
  })
  .meta({ id: 'LeadConversion' });
export type LeadConversion = z.infer<typeof leadConversionSchema>;

// ---- bulk ----------------------------------------------------------------------------------------------

const bulkLeadIds = z
  .array(idSchema)
  .min(1)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'lists a lead twice');

export const bulkLeadsBodySchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('status'),
    ids: bulkLeadIds,
    statusId: idSchema.describe('An open or the junk status (conversion makes a lead converted)'),
  }),
  z.object({ action: z.literal('assign'), ids: bulkLeadIds, responsibleUserId: idSchema }),
  z.object({ action: z.literal('delete'), ids: bulkLeadIds }),
]);
export type BulkLeadsBody = z.output<typeof bulkLeadsBodySchema>;

export const bulkLeadsResultSchema = z
  .object({
    action: z.enum(['status', 'assign', 'delete']),
    changed: z.array(idSchema).describe('Leads changed (a lead already as asked is left alone)'),
    count: z.number().int(),
  })
  .meta({ id: 'LeadsBulkResult' });
export type BulkLeadsResult = z.infer<typeof bulkLeadsResultSchema>;
