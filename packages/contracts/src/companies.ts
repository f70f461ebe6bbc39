import { z } from 'zod';
import { idSchema, queryListSchema } from './common.js';
import {
  channelsCreateFields,
  channelsOutputFields,
  channelsUpdateFields,
  customFieldsFilterSchema,
  customFieldsInputSchema,
  idListSchema,
  recordOrderSchema,
  recordSortSchema,
} from './contacts.js';

// Companies (CORE-4): organisations with an INN, a type and an industry from the reference lists, the same
// typed channels as contacts, custom fields, and many-to-many links to contacts.

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** ИНН as typed: spaces and dashes are dropped; the checksum is checked by the server. */
export const innInputSchema = z
  .string()
  .trim()
  .max(20)
  .transform((v) => v.replace(/[\s-]/g, ''))
  .describe('ИНН: 10 digits (organisation) or 12 (individual entrepreneur), with a valid checksum');

const companyFields = {
  inn: innInputSchema.nullable().optional(),
  typeId: idSchema.nullable().optional().describe('An item of the company_types reference list'),
  industryId: idSchema.nullable().optional().describe('An item of the industries reference list'),
  address: optionalText(1000),
  comment: optionalText(10_000),
  responsibleUserId: idSchema.nullable().optional().describe('Default: the user creating the company'),
};

export const createCompanyBodySchema = z.object({
  name: z.string().trim().min(1).max(300),
  ...companyFields,
  ...channelsCreateFields,
  contactIds: idListSchema(200).default([]).describe('People working there (many-to-many)'),
  customFields: customFieldsInputSchema.optional(),
});

export const updateCompanyBodySchema = z.object({
  name: z.string().trim().min(1).max(300).optional(),
  ...companyFields,
  ...channelsUpdateFields,
  contactIds: idListSchema(200).optional().describe('Replaces all links to contacts'),
  customFields: customFieldsInputSchema.optional().describe('Only the fields given change'),
});

export const companySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    inn: z.string().nullable(),
    typeId: idSchema.nullable(),
    industryId: idSchema.nullable(),
    address: z.string().nullable(),
    comment: z.string().nullable(),
    responsibleUserId: idSchema.nullable(),
    ...channelsOutputFields,
    contactIds: z.array(idSchema).describe('Linked contacts, oldest link first'),
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Company' });
export type Company = z.infer<typeof companySchema>;

export const companyListQuerySchema = z.object({
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words of the name, the INN or an e-mail; or 5+ digits of a phone'),
  phone: z.string().trim().min(3).max(50).optional().describe('Any way of writing the number'),
  email: z.string().trim().min(3).max(254).optional(),
  inn: z.string().trim().min(1).max(20).optional(),
  responsibleUserId: queryListSchema(idSchema, 100)
    .optional()
    .describe('Companies of any of these users: one id, comma-separated or repeated'),
  typeId: idSchema.optional(),
  industryId: idSchema.optional(),
  contactId: idSchema.optional().describe('Companies linked to this contact'),
  customFields: customFieldsFilterSchema,
  sort: recordSortSchema,
  order: recordOrderSchema,
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const companyPageSchema = z
  .object({ items: z.array(companySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'CompanyPage' });

export const companyDuplicateReasonSchema = z.enum(['phone', 'email', 'inn', 'name']);

export const companyDuplicatesSchema = z
  .object({
    items: z.array(z.object({ company: companySchema, reasons: z.array(companyDuplicateReasonSchema) })),
  })
  .meta({ id: 'CompanyDuplicates' });
