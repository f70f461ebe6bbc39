import { z } from 'zod';
import { idSchema } from './common.js';

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

const contactFields = {
  firstName: optionalText(100),
  lastName: optionalText(100),
  middleName: optionalText(100),
  position: optionalText(200),
  address: optionalText(1000),
  comment: optionalText(10_000),
  responsibleUserId: idSchema.nullable().optional().describe('Default: the user creating the contact'),
};

export const createContactBodySchema = z
  .object({
    ...contactFields,
    phones: channels.phones.default([]),
    emails: channels.emails.default([]),
    sites: channels.sites.default([]),
    messengers: channels.messengers.default([]),
  })
  .refine((c) => Boolean(c.firstName ?? c.lastName), {
    path: ['firstName'],
    message: 'a contact needs a first or last name',
  });

export const updateContactBodySchema = z.object({
  ...contactFields,
  phones: channels.phones.optional().describe('Replaces all phones'),
  emails: channels.emails.optional().describe('Replaces all e-mails'),
  sites: channels.sites.optional(),
  messengers: channels.messengers.optional(),
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
  responsibleUserId: idSchema.optional(),
  cursor: z.string().max(200).optional(),
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
