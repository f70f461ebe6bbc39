import { z } from 'zod';
import { idSchema } from './common.js';
import { companyListQuerySchema } from './companies.js';
import { contactListQuerySchema, recordSortSchema } from './contacts.js';
import { dealFilterQuerySchema, dealSortSchema } from './deals.js';
import { leadListQuerySchema, leadSortSchema } from './leads.js';

// Saved views (CORE-9 "saved filters"): a named set of list filters, a sort, the visible columns in order
// and, for deals, the mode (kanban, list or calendar). A view is its owner's; an administrator may share it
// with the whole account. Every user may pick one view per entity as their default.

export const savedViewEntitySchema = z.enum(['deals', 'leads', 'contacts', 'companies']);
export type SavedViewEntity = z.infer<typeof savedViewEntitySchema>;

export const savedViewModeSchema = z.enum(['kanban', 'list', 'calendar']);
export type SavedViewMode = z.infer<typeof savedViewModeSchema>;

/**
 * The filters of each entity's list API (its query parameters, without sort, paging and limit), kept as
 * sent: strings, or lists of strings where the API takes a repeated parameter. Unknown keys are refused.
 */
export const savedViewFilterSchemas = {
  deals: z.strictObject(dealFilterQuerySchema.shape),
  leads: z.strictObject(
    leadListQuerySchema.omit({ sort: true, order: true, cursor: true, limit: true }).shape,
  ),
  contacts: z.strictObject(
    contactListQuerySchema.omit({ sort: true, order: true, cursor: true, limit: true }).shape,
  ),
  companies: z.strictObject(
    companyListQuerySchema.omit({ sort: true, order: true, cursor: true, limit: true }).shape,
  ),
} as const;

/** The sorts each entity's list takes. */
export const savedViewSortFieldSchemas = {
  deals: dealSortSchema,
  leads: leadSortSchema,
  contacts: recordSortSchema,
  companies: recordSortSchema,
} as const;

export const savedViewFilterSchema = z
  .record(z.string().max(60), z.union([z.string().max(10_000), z.array(z.string().max(200)).max(100)]))
  .refine((filter) => Object.keys(filter).length <= 40, 'at most 40 filters')
  .describe(
    "The entity's list query parameters (e.g. deals: search, pipelineId, stageIds, responsibleUserIds, tags, " +
      'noTask, customFields…), as strings or lists of strings; unknown ones are refused',
  );
export type SavedViewFilter = z.infer<typeof savedViewFilterSchema>;

export const savedViewSortSchema = z
  .object({
    field: z.string().min(1).max(60).describe("A sort the entity's list takes, e.g. amount or cf:<field id>"),
    order: z.enum(['asc', 'desc']),
  })
  .nullable()
  .describe("null: the list's default order");
export type SavedViewSort = z.infer<typeof savedViewSortSchema>;

export const savedViewColumnsSchema = z
  .array(
    z
      .string()
      .regex(/^([a-zA-Z][a-zA-Z0-9]{0,59}|cf:[0-9a-f-]{36})$/, 'must be a column key or cf:<field id>'),
  )
  .max(100)
  .refine((columns) => new Set(columns).size === columns.length, 'columns must not repeat')
  .describe('The visible columns, in order; empty: the default columns');

const viewName = z.string().trim().min(1).max(100);

export const savedViewSchema = z
  .object({
    id: idSchema,
    entity: savedViewEntitySchema,
    name: z.string(),
    filter: savedViewFilterSchema,
    sort: savedViewSortSchema,
    columns: z.array(z.string()),
    mode: savedViewModeSchema.nullable().describe('Deals only: how the view shows them'),
    shared: z.boolean().describe('Seen by everyone in the account (only administrators share and change)'),
    ownerUserId: idSchema,
    isDefault: z.boolean().describe("The signed-in user's default view of this entity"),
    canEdit: z.boolean().describe('The signed-in user may rename, change, share or delete it'),
    version: z.number().int().describe('Send it back as If-Match: "v<version>"; a stale one gets 409'),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof savedViewSchema>;

export const createSavedViewBodySchema = z.strictObject({
  entity: savedViewEntitySchema,
  name: viewName,
  filter: savedViewFilterSchema.default({}),
  sort: savedViewSortSchema.default(null),
  columns: savedViewColumnsSchema.default([]),
  mode: savedViewModeSchema.nullable().default(null).describe('Deals only'),
  shared: z.boolean().default(false).describe('Administrators only'),
});
export type CreateSavedViewBody = z.input<typeof createSavedViewBodySchema>;

export const updateSavedViewBodySchema = z.strictObject({
  name: viewName.optional(),
  filter: savedViewFilterSchema.optional(),
  sort: savedViewSortSchema.optional(),
  columns: savedViewColumnsSchema.optional(),
  mode: savedViewModeSchema.nullable().optional(),
  shared: z.boolean().optional().describe('Administrators only'),
});
export type UpdateSavedViewBody = z.input<typeof updateSavedViewBodySchema>;

export const savedViewListQuerySchema = z.object({ entity: savedViewEntitySchema.optional() });

export const savedViewListSchema = z
  .object({ items: z.array(savedViewSchema).describe('Shared views first, then your own; by name') })
  .meta({ id: 'SavedViewList' });
