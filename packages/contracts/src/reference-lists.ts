import { z } from 'zod';
import { idSchema, nameSchema } from './common.js';

export const referenceListNameSchema = z.enum([
  'sources',
  'contact_types',
  'company_types',
  'industries',
  'loss_reasons',
]);
export type ReferenceListName = z.infer<typeof referenceListNameSchema>;

export const referenceListItemSchema = z
  .object({
    id: idSchema,
    list: referenceListNameSchema,
    name: z.string(),
    position: z.number().int(),
    archived: z.boolean().describe('Archived items stay on the records that use them but leave the pickers'),
  })
  .meta({ id: 'ReferenceListItem' });
export type ReferenceListItem = z.infer<typeof referenceListItemSchema>;

export const referenceListParamsSchema = z.object({ list: referenceListNameSchema });
export const referenceListQuerySchema = z.object({
  includeArchived: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const createReferenceListItemBodySchema = z.object({ name: nameSchema });
export const updateReferenceListItemBodySchema = z.object({ name: nameSchema });
export const reorderReferenceListBodySchema = z.object({
  itemIds: z.array(idSchema).max(1000).describe('Every live item of the list, in the new order'),
});
