// amoCRM API v4 answers as we read them (shared/reference/amocrm-bitrix24-api-contract.md §2, §6). Loose
// objects: amoCRM adds fields over time and the importer keeps what it does not know (raw note params,
// event values); only what the migration relies on is checked.
import { z } from 'zod';

const unixSeconds = z.number().int();

export const tokenResponseSchema = z.looseObject({
  token_type: z.string(),
  expires_in: z.number().int().positive(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  server_time: z.number().int().optional(),
});

export const oauthProblemSchema = z.looseObject({
  hint: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  status: z.number().optional(),
});

export const accountSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  subdomain: z.string(),
  currency: z.string().optional(),
  country: z.string().optional(),
  /** The account's files service (with=drive_url), e.g. https://drive-b.amocrm.ru. */
  drive_url: z.string().nullish(),
});

/** A file of the files service (`GET {drive_url}/v1.0/files/{uuid}`), the parts the importer reads. */
export const driveFileSchema = z.looseObject({
  uuid: z.string(),
  name: z.string().nullish(),
  size: z.number().nullish(),
  version_uuid: z.string().nullish(),
  metadata: z.looseObject({ mime_type: z.string().nullish() }).nullish(),
  _links: z.looseObject({
    download: z.looseObject({ href: z.string() }),
    download_version: z.looseObject({ href: z.string() }).nullish(),
  }),
});

export const customFieldValueSchema = z.looseObject({
  field_id: z.number().int(),
  field_name: z.string().nullish(),
  field_code: z.string().nullish(),
  field_type: z.string().nullish(),
  values: z.array(z.record(z.string(), z.unknown())).nullable(),
});

const embeddedIds = z.array(z.looseObject({ id: z.number().int() })).optional();

const recordBase = {
  id: z.number().int(),
  name: z.string().nullish(),
  responsible_user_id: z.number().int().nullish(),
  created_by: z.number().int().nullish(),
  updated_by: z.number().int().nullish(),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  is_deleted: z.boolean().optional(),
  custom_fields_values: z.array(customFieldValueSchema).nullish(),
};

export const leadSchema = z.looseObject({
  ...recordBase,
  price: z.number().nullish(),
  status_id: z.number().int(),
  pipeline_id: z.number().int(),
  loss_reason_id: z.number().int().nullish(),
  closed_at: unixSeconds.nullish(),
  _embedded: z
    .looseObject({
      tags: z.array(z.looseObject({ id: z.number().int(), name: z.string() })).optional(),
      companies: embeddedIds,
      contacts: z.array(z.looseObject({ id: z.number().int(), is_main: z.boolean().optional() })).optional(),
    })
    .optional(),
});

export const contactSchema = z.looseObject({
  ...recordBase,
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  _embedded: z.looseObject({ companies: embeddedIds, leads: embeddedIds }).optional(),
});

export const companySchema = z.looseObject({
  ...recordBase,
  _embedded: z.looseObject({ contacts: embeddedIds, leads: embeddedIds }).optional(),
});

export const userSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  rights: z.looseObject({ is_admin: z.boolean().optional(), is_active: z.boolean().optional() }).optional(),
});

export const statusSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  sort: z.number().int(),
  pipeline_id: z.number().int(),
  type: z.number().int().describe('1: unsorted, 0: regular (142 won, 143 lost)'),
  is_editable: z.boolean().optional(),
});

export const pipelineSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  sort: z.number().int(),
  is_main: z.boolean(),
  is_archive: z.boolean().optional(),
  _embedded: z.looseObject({ statuses: z.array(statusSchema) }),
});

/** GET /api/v4/leads/loss_reasons: why lost deals were lost (amoCRM's own list). */
export const lossReasonSchema = z.looseObject({ id: z.number().int(), name: z.string() });
export type AmoLossReason = z.infer<typeof lossReasonSchema>;

export const customFieldSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
  code: z.string().nullish(),
  sort: z.number().int().nullish(),
  is_predefined: z.boolean().optional(),
  enums: z
    .array(z.looseObject({ id: z.number().int(), value: z.string(), sort: z.number().int().optional() }))
    .nullish(),
});

export const noteSchema = z.looseObject({
  id: z.number().int(),
  entity_id: z.number().int(),
  note_type: z.string(),
  params: z.record(z.string(), z.unknown()).nullish(),
  created_by: z.number().int().nullish(),
  responsible_user_id: z.number().int().nullish(),
  created_at: unixSeconds,
  updated_at: unixSeconds,
});

export const taskSchema = z.looseObject({
  id: z.number().int(),
  entity_id: z.number().int().nullish(),
  entity_type: z.string().nullish(),
  responsible_user_id: z.number().int().nullish(),
  created_by: z.number().int().nullish(),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  is_completed: z.boolean(),
  task_type_id: z.number().int().nullish(),
  text: z.string().nullish(),
  complete_till: unixSeconds.nullish(),
  duration: z.number().int().nullish(),
  // `[]` when empty, `{ text }` when filled (amoCRM quirk).
  result: z.union([z.array(z.unknown()), z.looseObject({ text: z.string().nullish() })]).nullish(),
});

export const eventSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  entity_id: z.number().int(),
  entity_type: z.string(),
  created_by: z.number().int().nullish(),
  created_at: unixSeconds,
  value_after: z.unknown().optional(),
  value_before: z.unknown().optional(),
});

export const linkSchema = z.looseObject({
  entity_id: z.number().int(),
  entity_type: z.string(),
  to_entity_id: z.number().int(),
  to_entity_type: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

export const halPageSchema = z.looseObject({
  _links: z.looseObject({ next: z.looseObject({ href: z.string() }).optional() }).optional(),
  _embedded: z.record(z.string(), z.array(z.unknown())),
});

export type AmoAccount = z.infer<typeof accountSchema>;
export type AmoLead = z.infer<typeof leadSchema>;
export type AmoContact = z.infer<typeof contactSchema>;
export type AmoCompany = z.infer<typeof companySchema>;
export type AmoUser = z.infer<typeof userSchema>;
export type AmoPipeline = z.infer<typeof pipelineSchema>;
export type AmoCustomField = z.infer<typeof customFieldSchema>;
export type AmoNote = z.infer<typeof noteSchema>;
export type AmoTask = z.infer<typeof taskSchema>;
export type AmoEvent = z.infer<typeof eventSchema>;
