import { z } from 'zod';
import { idSchema, nameSchema } from './common.js';

export const stageKindSchema = z
  .enum(['unsorted', 'open', 'won', 'lost'])
  .describe('System stages: `unsorted` (incoming requests), `won`, `lost`; `open` for the rest');
export type StageKind = z.infer<typeof stageKindSchema>;

/** `#rrggbb`; upper-case input is accepted and stored lower-case. */
export const colorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #99ccff')
  .transform((c) => c.toLowerCase());

export const stageSchema = z
  .object({
    id: idSchema,
    pipelineId: idSchema,
    name: z.string(),
    color: z.string(),
    kind: stageKindSchema,
    position: z.number().int(),
  })
  .meta({ id: 'Stage' });
export type Stage = z.infer<typeof stageSchema>;

export const pipelineSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    position: z.number().int(),
    isDefault: z.boolean(),
    version: z.number().int().describe('Send it back as If-Match: "v<version>"; a stale one gets 409'),
    stages: z.array(stageSchema),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Pipeline' });
export type Pipeline = z.infer<typeof pipelineSchema>;

const newStageSchema = z.object({ name: nameSchema, color: colorSchema.default('#99ccff') });

export const createPipelineBodySchema = z.object({
  name: nameSchema,
  stages: z
    .array(newStageSchema)
    .max(50)
    .optional()
    .describe('Open stages, in order; Unsorted, Won and Lost are added by the system'),
});

export const updatePipelineBodySchema = z.object({
  name: nameSchema.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  isDefault: z.literal(true).optional().describe('Make this the default pipeline'),
});

export const createStageBodySchema = newStageSchema.extend({
  position: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('Place among the open stages, 1 = first; default: after the last open stage'),
});

export const updateStageBodySchema = z.object({
  name: nameSchema.optional(),
  color: colorSchema.optional(),
  position: z.number().int().min(1).max(1000).optional().describe('Open stages only'),
});

export const reorderStagesBodySchema = z.object({
  stageIds: z.array(idSchema).max(200).describe('Every open stage of the pipeline, in the new order'),
});

export const deleteStageQuerySchema = z.object({
  moveTo: idSchema.optional().describe('Where the stage’s records go (required when it has any)'),
});
