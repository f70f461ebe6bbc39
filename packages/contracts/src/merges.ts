import { z } from 'zod';
import { idSchema } from './common.js';
import { companySchema } from './companies.js';
import { contactSchema, idListSchema } from './contacts.js';

// Merging duplicate contacts or companies (CORE-4), and undoing a merge.

export const mergeEntitySchema = z.enum(['contact', 'company']);
export type MergeEntity = z.infer<typeof mergeEntitySchema>;

export const mergeBodySchema = z.object({
  targetId: idSchema.describe('The record that is kept'),
  sourceIds: idListSchema(9)
    .min(1)
    .describe('The duplicates merged into the target and then deleted (1 to 9)'),
  values: z
    .record(z.string().max(100), idSchema)
    .optional()
    .describe(
      'Field → id of the record (the target or a source) whose value the kept record takes. Fields: the ' +
        'record’s own (firstName, lastName, middleName, position, address, comment, responsibleUserId, typeId ' +
        'for contacts; name, inn, typeId, industryId, address, comment, responsibleUserId for companies) or a ' +
        'custom field id. Default: the target’s value, an empty one filled from the first source that has it',
    ),
});

export const recordMergeSchema = z
  .object({
    id: idSchema,
    entity: mergeEntitySchema,
    targetId: idSchema,
    sourceIds: z.array(idSchema),
    sources: z
      .array(z.object({ id: idSchema, name: z.string() }))
      .describe('The merged-away records as they were'),
    moved: z
      .record(z.string(), z.number().int())
      .describe('How many references to the sources were moved to the target, by table and column'),
    mergedBy: idSchema.nullable(),
    mergedAt: z.iso.datetime({ offset: true }),
    undoneAt: z.iso.datetime({ offset: true }).nullable(),
    undoneBy: idSchema.nullable(),
  })
  .meta({ id: 'RecordMerge' });
export type RecordMerge = z.infer<typeof recordMergeSchema>;

export const contactMergeResultSchema = z
  .object({ merge: recordMergeSchema, contact: contactSchema })
  .meta({ id: 'ContactMergeResult' });
export const companyMergeResultSchema = z
  .object({ merge: recordMergeSchema, company: companySchema })
  .meta({ id: 'CompanyMergeResult' });

export const mergeListQuerySchema = z.object({
  entity: mergeEntitySchema.optional(),
  targetId: idSchema.optional(),
  sourceId: idSchema.optional().describe('Merges that took this record away (one of their sourceIds)'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const mergePageSchema = z
  .object({ items: z.array(recordMergeSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'RecordMergePage' });
