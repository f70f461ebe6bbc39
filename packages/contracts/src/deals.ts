import { z } from 'zod';
import { idSchema, nameSchema } from './common.js';
import { decimalSchema } from './custom-fields/decimal.js';
import { currencyCodeSchema } from './custom-fields/settings.js';
import { stageKindSchema } from './pipelines.js';
import { vatRateSchema } from './products.js';

// Deals (CORE-3), their line items (CORE-10), stage history, the kanban (CORE-9) and bulk actions.
// Money and quantities travel as exact decimal strings; totals are computed on the server in minor units.

const nonNegative = (scale: number) =>
  decimalSchema(scale).refine((v) => !v.startsWith('-'), 'must not be negative');

export const dealStatusSchema = z
  .enum(['open', 'won', 'lost'])
  .describe('From the stage: Won and Lost stages close the deal; every other stage (Unsorted too) is open');
export type DealStatus = z.infer<typeof dealStatusSchema>;

export const dealContactInputSchema = z.object({
  id: idSchema,
  isPrimary: z
    .boolean()
    .optional()
    .describe('At most one; when none is marked, the first contact is primary'),
});

const contactsInput = z
  .array(dealContactInputSchema)
  .max(50)
  .superRefine((contacts, ctx) => {
    const seen = new Set<string>();
    contacts.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'is listed twice' });
      seen.add(c.id);
    });
    const primaries = contacts.flatMap((c, i) => (c.isPrimary ? [i] : []));
    for (const i of primaries.slice(1))
      ctx.addIssue({ code: 'custom', path: [i, 'isPrimary'], message: 'only one contact can be primary' });
  })
  .describe('Replaces all contacts of the deal, in this order');

/** Trimmed, empty ones dropped, the same tag (any case) kept once in its first spelling. */
export const tagsSchema = z
  .array(z.string().trim().max(100))
  .max(50)
  .transform((tags) => {
    const seen = new Set<string>();
    return tags.filter((tag) => {
      const key = tag.toLowerCase();
      if (!tag || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  })
  .describe('At most 50; trimmed, duplicates (any case) removed');

const dealFields = {
  name: nameSchema,
  amount: nonNegative(2).describe(
    'Exact decimal, e.g. "150000.00"; when the deal has line items it is their total and cannot be set',
  ),
  currency: currencyCodeSchema.describe("Default: the account's currency"),
  pipelineId: idSchema,
  stageId: idSchema.describe('A stage of the pipeline'),
  responsibleUserId: idSchema.nullable(),
  companyId: idSchema.nullable(),
  sourceId: idSchema.nullable().describe('An item of the reference list `sources`'),
  tags: tagsSchema,
  startDate: z.iso.date().nullable(),
  closeDate: z.iso.date().nullable().describe('Expected close date'),
  lossReasonId: idSchema
    .nullable()
    .describe('An item of the reference list `loss_reasons`; only on a deal in a Lost stage'),
  lossComment: z.string().trim().max(2000).nullable().describe('Only on a deal in a Lost stage'),
  contacts: contactsInput,
  customFields: z.record(idSchema, z.unknown()).describe('Field id → value; null clears a field'),
  isOpen: z
    .boolean()
    .describe('Open to all ("Доступен для всех"): roles with the level `open` see it whoever is responsible'),
};

export const createDealBodySchema = z.object({
  name: dealFields.name,
  amount: dealFields.amount.optional().describe('Default 0'),
  currency: dealFields.currency.optional(),
  pipelineId: dealFields.pipelineId
    .optional()
    .describe("Default: the stage's pipeline, or the account's default pipeline"),
  stageId: dealFields.stageId
    .optional()
    .describe("Default: the pipeline's first open stage (Unsorted is for incoming requests)"),
  responsibleUserId: dealFields.responsibleUserId.optional().describe('Default: the user creating the deal'),
  companyId: dealFields.companyId.optional(),
  sourceId: dealFields.sourceId.optional(),
  tags: dealFields.tags.optional(),
  startDate: dealFields.startDate.optional(),
  closeDate: dealFields.closeDate.optional(),
  lossReasonId: dealFields.lossReasonId.optional(),
  lossComment: dealFields.lossComment.optional(),
  contacts: dealFields.contacts.optional(),
  customFields: dealFields.customFields.optional(),
  isOpen: dealFields.isOpen.optional().describe('Default false'),
});
export type CreateDealBody = z.input<typeof createDealBodySchema>;

export const updateDealBodySchema = z.object({
  name: dealFields.name.optional(),
  amount: dealFields.amount.optional(),
  currency: dealFields.currency.optional(),
  pipelineId: dealFields.pipelineId
    .optional()
    .describe('Moving to another pipeline: give stageId too, or the deal goes to its first open stage'),
  stageId: dealFields.stageId.optional(),
  responsibleUserId: dealFields.responsibleUserId.optional(),
  companyId: dealFields.companyId.optional(),
  sourceId: dealFields.sourceId.optional(),
  tags: dealFields.tags.optional().describe('Replaces all tags'),
  startDate: dealFields.startDate.optional(),
  closeDate: dealFields.closeDate.optional(),
  lossReasonId: dealFields.lossReasonId.optional(),
  lossComment: dealFields.lossComment.optional(),
  contacts: dealFields.contacts.optional(),
  customFields: dealFields.customFields.optional().describe('Only the fields given change'),
  isOpen: dealFields.isOpen.optional(),
});

export const dealContactSchema = z.object({
  id: idSchema,
  name: z.string().describe('Last, first and middle name'),
  isPrimary: z.boolean(),
});

export const dealSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    amount: z.string().describe('Exact decimal'),
    currency: z.string(),
    pipelineId: idSchema,
    stageId: idSchema,
    status: dealStatusSchema,
    responsibleUserId: idSchema.nullable(),
    createdBy: idSchema.nullable(),
    companyId: idSchema.nullable(),
    companyName: z.string().nullable(),
    contacts: z.array(dealContactSchema).describe('In order; exactly one is primary when there are any'),
    sourceId: idSchema.nullable(),
    tags: z.array(z.string()),
    startDate: z.string().nullable(),
    closeDate: z.string().nullable(),
    closedAt: z.iso.datetime({ offset: true }).nullable().describe('When it entered Won or Lost'),
    lossReasonId: idSchema.nullable(),
    lossComment: z.string().nullable(),
    stageEnteredAt: z.iso.datetime({ offset: true }),
    nextTaskAt: z.iso.datetime({ offset: true }).nullable().describe('Deadline of the earliest open task'),
    noTaskPlanned: z.boolean().describe('An open deal with no open task'),
    hasItems: z.boolean().describe('When true, amount is the total of the line items'),
    leadId: idSchema.nullable().describe('The lead it was converted from'),
    customFields: z.record(z.string(), z.unknown()),
    isOpen: dealFields.isOpen,
    version: z.number().int().describe('Send it back as If-Match: "v<version>"; a stale one gets 409'),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Deal' });
export type Deal = z.infer<typeof dealSchema>;

// ---- lists and filters ---------------------------------------------------------------------------------

/** `a,b` or a repeated parameter → a list of distinct values. */
const listOf = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .preprocess((value: unknown) => {
      const values: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value];
      return values
        .flatMap((v): unknown[] => (typeof v === 'string' ? v.split(',') : [v]))
        .map((v) => (typeof v === 'string' ? v.trim() : v))
        .filter((v) => v !== '');
    }, z.array(item).min(1).max(max))
    .transform((values) => [...new Set(values)] as z.output<T>[]);

const moment = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe("An instant, or a date (a whole day in the account's time zone)");

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

export const dealFilterQuerySchema = z.object({
  search: z.string().trim().min(1).max(200).optional().describe('Words of the name or tags, as typed'),
  pipelineId: idSchema.optional(),
  stageIds: listOf(idSchema, 100).optional().describe('Comma-separated or repeated'),
  responsibleUserIds: listOf(idSchema, 100).optional().describe('Comma-separated or repeated'),
  companyId: idSchema.optional(),
  contactId: idSchema.optional(),
  status: listOf(dealStatusSchema, 3).optional().describe('open, won, lost; comma-separated'),
  amountFrom: nonNegative(2).optional(),
  amountTo: nonNegative(2).optional(),
  createdFrom: moment.optional(),
  createdTo: moment.optional().describe('Inclusive'),
  closedFrom: moment.optional(),
  closedTo: moment.optional().describe('Inclusive'),
  closeDateFrom: moment.optional().describe('Expected close date on or after this day'),
  closeDateTo: moment.optional().describe('Expected close date on or before this day (inclusive)'),
  tags: listOf(z.string().max(100), 50).optional().describe('Deals with any of these tags (any case)'),
  noTask: flag.describe('true: open deals with no open task'),
  overdueTask: flag.describe('true: deals with an open task past its deadline'),
  customFields: z
    .string()
    .max(10_000)
    .optional()
    .describe('JSON {"<field id>": {"op": "eq", "value": …}} (see the custom fields API)'),
});
export type DealFilterQuery = z.output<typeof dealFilterQuerySchema>;

export const dealSortSchema = z
  .union([
    z.enum(['createdAt', 'updatedAt', 'amount', 'name', 'closeDate']),
    z
      .string()
      .regex(/^cf:[0-9a-f-]{36}$/, 'must be createdAt, updatedAt, amount, name, closeDate or cf:<field id>'),
  ])
  .default('createdAt')
  .describe('createdAt (default), updatedAt, amount, name, closeDate or cf:<sortable custom field id>');

export const dealListQuerySchema = dealFilterQuerySchema.extend({
  sort: dealSortSchema,
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe('Default: desc for createdAt, updatedAt and amount; asc otherwise. Empty values go last'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const dealPageSchema = z
  .object({ items: z.array(dealSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'DealPage' });

// ---- kanban --------------------------------------------------------------------------------------------

export const dealCardSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    stageId: idSchema,
    amount: z.string(),
    currency: z.string(),
    responsibleUserId: idSchema.nullable(),
    primaryContactName: z.string().nullable(),
    companyName: z.string().nullable(),
    nextTaskAt: z.iso.datetime({ offset: true }).nullable(),
    noTaskPlanned: z.boolean(),
    tags: z.array(z.string()),
    stageEnteredAt: z.iso.datetime({ offset: true }),
    createdAt: z.iso.datetime({ offset: true }),
    version: z.number().int(),
  })
  .meta({ id: 'DealCard' });
export type DealCard = z.infer<typeof dealCardSchema>;

export const amountSumSchema = z.object({ currency: z.string(), amount: z.string() });

export const kanbanQuerySchema = dealFilterQuerySchema.omit({ pipelineId: true, stageIds: true }).extend({
  pipelineId: idSchema.optional().describe("Default: the account's default pipeline"),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Cards per column'),
});

export const kanbanColumnQuerySchema = dealFilterQuerySchema
  .omit({ pipelineId: true, stageIds: true })
  .extend({
    stageId: idSchema,
    cursor: z.string().max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  });

export const kanbanColumnPageSchema = z
  .object({ stageId: idSchema, items: z.array(dealCardSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'DealKanbanColumnPage' });

export const kanbanSchema = z
  .object({
    pipelineId: idSchema,
    columns: z.array(
      z.object({
        stage: z.object({ id: idSchema, name: z.string(), color: z.string(), kind: stageKindSchema }),
        count: z.number().int().describe('Deals in the stage that pass the filters'),
        sums: z.array(amountSumSchema).describe('Sum of their amounts, one per currency'),
        items: z.array(dealCardSchema).describe('The first page, newest first'),
        nextCursor: z.string().nullable().describe('For GET /api/deals/kanban/column'),
      }),
    ),
  })
  .meta({ id: 'DealKanban' });

// ---- stage history -------------------------------------------------------------------------------------

export const dealStageVisitsSchema = z
  .object({
    items: z.array(
      z.object({
        pipelineId: idSchema,
        stageId: idSchema,
        stageName: z.string().nullable().describe('null when the stage was deleted since'),
        enteredAt: z.iso.datetime({ offset: true }),
        leftAt: z.iso.datetime({ offset: true }).nullable().describe('null: the deal is there now'),
        movedByUserId: idSchema.nullable(),
        seconds: z.number().int().describe('Time in the stage (until now for the current one)'),
      }),
    ),
  })
  .meta({ id: 'DealStageVisits' });

// ---- line items ----------------------------------------------------------------------------------------

export const dealItemInputSchema = z.object({
  productId: idSchema
    .nullable()
    .optional()
    .describe('A product of the catalogue; name, SKU, unit, price and VAT default from it'),
  name: nameSchema.optional().describe('Required without a product'),
  sku: z.string().trim().min(1).max(100).nullable().optional(),
  unit: z.string().trim().min(1).max(20).optional().describe('Default: the product’s unit, or шт'),
  quantity: decimalSchema(3).refine((v) => !v.startsWith('-') && v !== '0', 'must be more than 0'),
  price: nonNegative(2).optional().describe('Per unit, in the deal’s currency; required without a product'),
  discountPercent: decimalSchema(2)
    .refine((v) => !v.startsWith('-') && Number(v) <= 100, 'must be from 0 to 100')
    .default('0'),
  vatRate: vatRateSchema.optional().describe("Default: the product's rate, or none"),
  vatIncluded: z.boolean().default(true).describe('true: the price includes VAT; false: VAT is added on top'),
});

export const replaceDealItemsBodySchema = z.object({
  items: z.array(dealItemInputSchema).max(500).describe('Replaces every line item, in this order'),
});

export const dealItemSchema = z.object({
  id: idSchema,
  productId: idSchema.nullable(),
  name: z.string(),
  sku: z.string().nullable(),
  unit: z.string(),
  quantity: z.string(),
  price: z.string(),
  discountPercent: z.string(),
  vatRate: vatRateSchema,
  vatIncluded: z.boolean(),
  discount: z.string().describe('price × quantity − the line amount'),
  net: z.string().describe('Without VAT'),
  vat: z.string(),
  total: z.string().describe('With VAT'),
});
export type DealItem = z.infer<typeof dealItemSchema>;

export const dealItemsSchema = z
  .object({
    dealId: idSchema,
    currency: z.string(),
    items: z.array(dealItemSchema),
    totals: z.object({ discount: z.string(), net: z.string(), vat: z.string(), total: z.string() }),
    version: z.number().int().describe("The deal's version (its ETag)"),
  })
  .meta({ id: 'DealItems' });
export type DealItems = z.infer<typeof dealItemsSchema>;

// ---- bulk ----------------------------------------------------------------------------------------------

const bulkIds = z
  .array(idSchema)
  .min(1)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'lists a deal twice');

export const bulkDealsBodySchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('move'),
    ids: bulkIds,
    stageId: idSchema,
    lossReasonId: dealFields.lossReasonId
      .optional()
      .describe('Only with a Lost stage: the loss reason given to every deal moved (`loss_reasons`)'),
    lossComment: dealFields.lossComment.optional().describe('Only with a Lost stage'),
  }),
  z.object({ action: z.literal('assign'), ids: bulkIds, responsibleUserId: idSchema }),
  z.object({ action: z.literal('delete'), ids: bulkIds }),
]);
export type BulkDealsBody = z.output<typeof bulkDealsBodySchema>;

export const bulkDealsResultSchema = z
  .object({
    action: z.enum(['move', 'assign', 'delete']),
    changed: z.array(idSchema).describe('Deals changed (a deal already as asked is left alone)'),
    count: z.number().int(),
  })
  .meta({ id: 'DealsBulkResult' });
