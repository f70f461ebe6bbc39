import { z } from 'zod';
import { idSchema, nameSchema } from './common.js';

// Incoming requests (INBOX-1..3, AUTO-5): web forms and their public intake API, the Unsorted inbox with its
// accept / decline / link actions, duplicate flags, repeat detection and the response SLA.

const datetime = z.iso.datetime({ offset: true });

// ---- web forms -----------------------------------------------------------------------------------------

/** Where a form field's value goes. `dealField` needs `customFieldId` (a custom field of deals). */
export const formFieldTargetSchema = z.enum(['name', 'phone', 'email', 'company', 'comment', 'dealField']);
export type FormFieldTarget = z.infer<typeof formFieldTargetSchema>;

export const formFieldSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case Latin letters, digits and _, starting with a letter')
      .describe('The name of the input in a submission'),
    label: z.string().trim().min(1).max(200),
    target: formFieldTargetSchema,
    customFieldId: idSchema.nullable().default(null).describe('A custom field of deals, for `dealField`'),
    required: z.boolean().default(false),
  })
  .meta({ id: 'FormField' });
export type FormField = z.output<typeof formFieldSchema>;

const RESERVED_KEYS = [
  'consent',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'referrer',
  'page_url',
];

const formFieldsSchema = z
  .array(formFieldSchema)
  .min(1)
  .max(50)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((field, i) => {
      if (seen.has(field.key))
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'is used by another field' });
      seen.add(field.key);
      if (RESERVED_KEYS.includes(field.key))
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'is reserved' });
      if (field.target === 'dealField' && !field.customFieldId)
        ctx.addIssue({ code: 'custom', path: [i, 'customFieldId'], message: 'is required for a deal field' });
      if (field.target !== 'dealField' && field.customFieldId)
        ctx.addIssue({ code: 'custom', path: [i, 'customFieldId'], message: 'only for a deal field' });
    });
    if (!fields.some((f) => f.target === 'phone' || f.target === 'email'))
      ctx.addIssue({ code: 'custom', path: [], message: 'a form needs a phone or an e-mail field' });
  });

export const formConsentSchema = z.object({
  required: z.boolean().describe('The submitter must tick the consent box (`consent` in a submission)'),
  text: z.string().trim().max(5000).describe('The policy text shown next to the box'),
});

const formFields = {
  name: nameSchema,
  pipelineId: idSchema.describe('Requests land in the Unsorted stage of this pipeline'),
  responsibleUserId: idSchema.describe('Who gets the requests (and their SLA)'),
  fields: formFieldsSchema,
  consent: formConsentSchema,
  thankYouText: z.string().trim().max(2000),
  active: z.boolean(),
};

export const createFormBodySchema = z.object({
  name: formFields.name,
  pipelineId: formFields.pipelineId,
  responsibleUserId: formFields.responsibleUserId.optional().describe('Default: you'),
  fields: formFields.fields,
  consent: formFields.consent.default({ required: false, text: '' }),
  thankYouText: formFields.thankYouText.default(''),
  active: formFields.active.default(true),
});

export const updateFormBodySchema = z.object({
  name: formFields.name.optional(),
  pipelineId: formFields.pipelineId.optional(),
  responsibleUserId: formFields.responsibleUserId.optional(),
  fields: formFields.fields.optional().describe('Replaces all fields'),
  consent: formFields.consent.optional(),
  thankYouText: formFields.thankYouText.optional(),
  active: formFields.active.optional(),
});

export const formSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    pipelineId: idSchema,
    responsibleUserId: idSchema,
    fields: z.array(formFieldSchema),
    consent: formConsentSchema,
    thankYouText: z.string(),
    active: z.boolean(),
    publicKey: z.string().describe('The key in the public URLs; rotating it breaks embedded copies'),
    submissionCount: z.number().int(),
    spamCount: z.number().int().describe('Submissions refused silently (the honeypot was filled)'),
    version: z.number().int(),
    createdAt: datetime,
    updatedAt: datetime,
  })
  .meta({ id: 'Form' });
export type Form = z.infer<typeof formSchema>;

export const formListSchema = z.object({ items: z.array(formSchema) });

export const formKeyParamsSchema = z.object({ key: z.string().min(1).max(100) });

/** What the hosted page and the embeddable snippet need: no ids of the account. */
export const publicFormSchema = z
  .object({
    name: z.string(),
    fields: z.array(formFieldSchema.pick({ key: true, label: true, target: true, required: true })),
    consent: formConsentSchema,
    thankYouText: z.string(),
    honeypotField: z.string().describe('Render this input hidden and leave it empty'),
  })
  .meta({ id: 'PublicForm' });
export type PublicForm = z.infer<typeof publicFormSchema>;

export const hostedPageQuerySchema = z.object({
  lang: z.enum(['ru', 'en']).optional().describe('The page language; default by Accept-Language, else ru'),
  embed: z.enum(['0', '1']).optional().describe('1: without the page frame, for the embeddable iframe'),
  utm_source: z.string().max(500).optional(),
  utm_medium: z.string().max(500).optional(),
  utm_campaign: z.string().max(500).optional(),
  utm_content: z.string().max(500).optional(),
  utm_term: z.string().max(500).optional(),
  page_url: z.string().max(2000).optional().describe('The page the form was embedded in'),
  referrer: z.string().max(2000).optional(),
});

/**
 * A submission: the form's field keys, `consent` (true, "on", "1" or "yes" when ticked), the UTM tags,
 * `referrer` and `page_url` — as JSON or `application/x-www-form-urlencoded`. Checked against the form.
 */
export const submissionBodySchema = z
  .record(z.string().max(100), z.union([z.string().max(10_000), z.boolean(), z.number()]))
  .meta({ id: 'FormSubmission' });
export type SubmissionBody = z.infer<typeof submissionBodySchema>;

export const submissionResultSchema = z
  .object({ ok: z.literal(true), thankYouText: z.string() })
  .meta({ id: 'SubmissionResult' });

// ---- requests and the inbox -----------------------------------------------------------------------------

export const utmSchema = z.object({
  source: z.string().nullable(),
  medium: z.string().nullable(),
  campaign: z.string().nullable(),
  content: z.string().nullable(),
  term: z.string().nullable(),
});
export type Utm = z.infer<typeof utmSchema>;

/** new: a new deal; repeat: a new deal of a client whose deals are all closed; joined: added to an active deal. */
export const requestKindSchema = z.enum(['new', 'repeat', 'joined']);
export type RequestKind = z.infer<typeof requestKindSchema>;

export const slaStatusSchema = z.enum(['none', 'pending', 'met', 'missed']);
export type SlaStatus = z.infer<typeof slaStatusSchema>;

export const intakeRequestSchema = z
  .object({
    id: idSchema,
    dealId: idSchema,
    dealName: z.string(),
    pipelineId: idSchema,
    stageId: idSchema,
    responsibleUserId: idSchema.nullable(),
    formId: idSchema.nullable(),
    source: z.string().describe('`form:<name>`'),
    kind: requestKindSchema,
    utm: utmSchema,
    referrer: z.string().nullable(),
    pageUrl: z.string().nullable(),
    message: z.string().describe('The submitted comment (the whole submission is on the timeline)'),
    contact: z
      .object({
        id: idSchema,
        name: z.string(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
      })
      .nullable(),
    duplicates: z
      .object({
        contactIds: z.array(idSchema).describe('Contacts with the same normalized phone or e-mail'),
        dealIds: z.array(idSchema).describe('Active deals of those contacts, other than this one'),
      })
      .describe('What this request probably duplicates'),
    receivedAt: datetime,
    sla: z.object({
      dueAt: datetime.nullable(),
      respondedAt: datetime.nullable(),
      status: slaStatusSchema,
      escalatedAt: datetime.nullable(),
    }),
  })
  .meta({ id: 'IntakeRequest' });
export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

export const inboxQuerySchema = z.object({
  pipelineId: idSchema.optional(),
  kind: requestKindSchema.optional().describe('new or repeat'),
  source: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .optional()
    .describe('Only requests of this source (`form:<name>`)'),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const inboxPageSchema = z
  .object({ items: z.array(intakeRequestSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'InboxPage' });
export type InboxPage = z.infer<typeof inboxPageSchema>;

export const dealRequestsSchema = z.object({ items: z.array(intakeRequestSchema) });

export const dealIdParamsSchema = z.object({ dealId: idSchema });

export const acceptRequestBodySchema = z.object({
  stageId: idSchema.optional().describe("Default: the pipeline's first open stage"),
  contactId: idSchema
    .optional()
    .describe(
      "The deal's primary contact: one of the request's duplicates or any contact of the account " +
        "(the request's own contact stays linked); default: the request's own",
    ),
  companyId: idSchema.optional().describe('Link this existing company (instead of `createCompany`)'),
  createCompany: z
    .boolean()
    .default(true)
    .describe('Create (or find by name) the company named in the request and link it'),
});

export const declineRequestBodySchema = z
  .object({
    lossReasonId: idSchema.nullable().default(null).describe('An item of the reference list `loss_reasons`'),
    comment: z.string().trim().max(2000).default(''),
  })
  .refine((b) => b.lossReasonId !== null || b.comment !== '', {
    path: ['comment'],
    message: 'give a reason or a comment',
  });

export const linkRequestBodySchema = z.object({
  targetDealId: idSchema.describe('The deal the request joins'),
});

// ---- settings, SLA policies and the report ---------------------------------------------------------------

export const intakeSettingsSchema = z
  .object({
    repeatDetection: z.boolean().describe('AUTO-5: requests of known clients join or repeat their deals'),
    repeatExceptions: z
      .array(z.string().trim().min(1).max(254))
      .max(1000)
      .describe('Contact ids, e-mails or phones for which repeat detection is off'),
  })
  .meta({ id: 'IntakeSettings' });
export type IntakeSettings = z.infer<typeof intakeSettingsSchema>;

export const slaPolicyBodySchema = z.object({
  minutes: z.number().int().min(1).max(10_080),
  workingHours: z.boolean().describe('Count only working hours (the responsible user’s or the account’s)'),
  reassignToHead: z.boolean().describe('When missed, make the head of the department responsible'),
});

export const slaPolicySchema = slaPolicyBodySchema.extend({ pipelineId: idSchema }).meta({ id: 'SlaPolicy' });
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const slaPolicyListSchema = z.object({ items: z.array(slaPolicySchema) });

export const pipelineIdParamsSchema = z.object({ pipelineId: idSchema });

export const slaReportQuerySchema = z.object({
  from: datetime.optional().describe('Requests received at or after'),
  to: datetime.optional().describe('Requests received before'),
});

const slaFigures = {
  total: z.number().int().describe('Requests with an SLA that were answered or are overdue'),
  answeredInTime: z.number().int(),
  shareInTime: z.number().min(0).max(1).nullable(),
  medianResponseSeconds: z.number().nullable(),
};

export const slaReportSchema = z
  .object({
    byManager: z.array(z.object({ userId: idSchema.nullable(), ...slaFigures })),
    bySource: z.array(z.object({ source: z.string(), ...slaFigures })),
  })
  .meta({ id: 'SlaReport' });
export type SlaReport = z.infer<typeof slaReportSchema>;
