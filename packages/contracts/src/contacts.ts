import { z } from 'zod';
import { idSchema, queryListSchema } from './common.js';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const phoneTypeSchema = z.enum(['work', 'mobile', 'home', 'fax', 'other']);
export const emailTypeSchema = z.enum(['work', 'personal', 'other']);
export const messengerServiceSchema = z.enum([
  'telegram',
  'whatsapp',
  'viber',
  'vk',
  'max',
  'skype',
  'other',
]);

export const phoneInputSchema = z.object({
  value: z
    .string()
    .trim()
    .min(3)
    .max(50)
    .describe('As written: "8 (916) 123-45-67", "+7 916 1234567 доб. 12"'),
  type: phoneTypeSchema.default('work'),
});
export const emailInputSchema = z.object({
  value: z.string().trim().min(3).max(254),
  type: emailTypeSchema.default('work'),
});
export const siteInputSchema = z.object({ value: z.string().trim().min(3).max(500) });
export const messengerInputSchema = z.object({
  service: messengerServiceSchema,
  value: z.string().trim().min(1).max(200).describe('Username, phone or link'),
});

const channels = {
  phones: z.array(phoneInputSchema).max(20),
  emails: z.array(emailInputSchema).max(20),
  sites: z.array(siteInputSchema).max(20),
  messengers: z.array(messengerInputSchema).max(20),
};

/** Typed multi-value channels of a create body (contacts and companies alike): absent means none. */
export const channelsCreateFields = {
  phones: channels.phones.default([]),
  emails: channels.emails.default([]),
  sites: channels.sites.default([]),
  messengers: channels.messengers.default([]),
};

/** Typed multi-value channels of an update body: a list given replaces all of that kind. */
export const channelsUpdateFields = {
  phones: channels.phones.optional().describe('Replaces all phones'),
  emails: channels.emails.optional().describe('Replaces all e-mails'),
  sites: channels.sites.optional(),
  messengers: channels.messengers.optional(),
};

/** The channels as a record shows them. */
export const channelsOutputFields = {
  phones: z.array(
    z.object({
      value: z.string(),
      type: phoneTypeSchema,
      e164: z.string().describe('Normalized, for search'),
    }),
  ),
  emails: z.array(z.object({ value: z.string(), type: emailTypeSchema })),
  sites: z.array(z.object({ value: z.string() })),
  messengers: z.array(z.object({ service: messengerServiceSchema, value: z.string() })),
};

/** A list of record ids: at most `max`, each once. */
export const idListSchema = (max: number) =>
  z
    .array(idSchema)
    .max(max)
    .superRefine((ids, ctx) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i], message: 'is listed twice' });
        seen.add(id);
      });
    });

/** `customFields` of a create or update body: field id → value; null clears a field. */
export const customFieldsInputSchema = z
  .record(idSchema, z.unknown())
  .describe('Field id → value (see the custom fields API); null clears a field');

/** `?customFields=` of a list: JSON {"<field id>": {"op": "eq", "value": …}}. */
export const customFieldsFilterSchema = z
  .string()
  .max(10_000)
  .optional()
  .describe('JSON {"<field id>": {"op": "eq", "value": …}} (see the custom fields API)');

/** `sort` of contact and company lists, with `order`; empty values go last either way. */
export const recordSortSchema = z
  .union([
    z.enum(['createdAt', 'updatedAt', 'name']),
    z.string().regex(/^cf:[0-9a-f-]{36}$/, 'must be createdAt, updatedAt, name or cf:<field id>'),
  ])
  .default('createdAt')
  .describe('createdAt (default), updatedAt, name or cf:<sortable custom field id>');
export const recordOrderSchema = z
  .enum(['asc', 'desc'])
  .optional()
  .describe('Default: desc for createdAt and updatedAt, asc otherwise. Empty values go last');

const contactFields = {
  firstName: optionalText(100),
  lastName: optionalText(100),
  middleName: optionalText(100),
  position: optionalText(200),
  address: optionalText(1000),
  comment: optionalText(10_000),
  responsibleUserId: idSchema.nullable().optional().describe('Default: the user creating the contact'),
  typeId: idSchema.nullable().optional().describe('An item of the contact_types reference list'),
};

export const createContactBodySchema = z
  .object({
    ...contactFields,
    ...channelsCreateFields,
    companyIds: idListSchema(50).default([]).describe('Companies the person works for (many-to-many)'),
    customFields: customFieldsInputSchema.optional(),
  })
  .refine((c) => Boolean(c.firstName ?? c.lastName), {
    path: ['firstName'],
    message: 'a contact needs a first or last name',
  });

export const updateContactBodySchema = z.object({
  ...contactFields,
  ...channelsUpdateFields,
  companyIds: idListSchema(50).optional().describe('Replaces all links to companies'),
  customFields: customFieldsInputSchema.optional().describe('Only the fields given change'),
});

export const contactSchema = z
  .object({
    id: idSchema,
    name: z.string().describe('Last, first and middle name as one line'),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    middleName: z.string().nullable(),
    position: z.string().nullable(),
    address: z.string().nullable(),
    comment: z.string().nullable(),
    responsibleUserId: idSchema.nullable(),
    typeId: idSchema.nullable(),
    ...channelsOutputFields,
    companyIds: z.array(idSchema).describe('Linked companies, oldest link first'),
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contactSchema>;

export const contactListQuerySchema = z.object({
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words of the name, position or e-mail; or 5+ digits of a phone'),
  phone: z.string().trim().min(3).max(50).optional().describe('Any way of writing the number'),
  email: z.string().trim().min(3).max(254).optional(),
  responsibleUserId: queryListSchema(idSchema, 100)
    .optional()
    .describe('Contacts of any of these users: one id, comma-separated or repeated'),
  typeId: idSchema.optional(),
  companyId: idSchema.optional().describe('Contacts linked to this company'),
  customFields: customFieldsFilterSchema,
  sort: recordSortSchema,
  order: recordOrderSchema,
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const contactPageSchema = z
  .object({ items: z.array(contactSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ContactPage' });

export const duplicateReasonSchema = z.enum(['phone', 'email', 'name']);

export const contactDuplicatesSchema = z
  .object({
    items: z.array(z.object({ contact: contactSchema, reasons: z.array(duplicateReasonSchema) })),
  })
  .meta({ id: 'ContactDuplicates' });
