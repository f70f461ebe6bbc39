import { z } from 'zod';
import { idSchema } from './common.js';
import { copyDealBodySchema } from './deal-copy.js';

// Robots and triggers (AUTO-1, AUTO-2; ADR 0017). A robot belongs to a stage of a pipeline and runs for a
// deal that enters the stage; a trigger fires on an event of a deal. Both do one action, at a time given by
// their timing, when their conditions hold. Texts may use placeholders: {{deal.title}}, {{deal.amount}},
// {{deal.responsible.name}}, {{contact.name}}, {{contact.email}}, {{deal.cf.<field id>}}.

const text = (max: number) => z.string().trim().min(1).max(max);

/** A deal's field a condition, a date timing or a "set field" action names: built-in or `cf:<id>`. */
export const automationFieldSchema = z
  .string()
  .regex(
    /^(name|amount|stageId|responsibleUserId|sourceId|tags|startDate|closeDate|cf:[0-9a-f-]{36})$/,
    'must be name, amount, stageId, responsibleUserId, sourceId, tags, startDate, closeDate or cf:<field id>',
  );

export const automationActionTypes = [
  'create_task',
  'notify_user',
  'send_email',
  'set_field',
  'change_stage',
  'change_responsible',
  'call_webhook',
  'add_comment',
  'copy_deal',
] as const;
export const automationActionTypeSchema = z.enum(automationActionTypes);
export type AutomationActionType = z.infer<typeof automationActionTypeSchema>;

export const automationActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('create_task'),
    text: text(2000).describe('The task; placeholders allowed'),
    taskType: z.enum(['call', 'meeting', 'email', 'other']).default('call'),
    deadlineInMinutes: z.number().int().min(0).max(525_600).default(1440),
    responsibleUserId: idSchema.nullable().default(null).describe('null: the deal’s responsible user'),
  }),
  z.object({
    type: z.literal('notify_user'),
    userId: idSchema.nullable().default(null).describe('null: the deal’s responsible user'),
    text: text(2000),
  }),
  z.object({
    type: z.literal('send_email'),
    subject: text(300),
    body: text(20_000).describe('Plain text, placeholders allowed; sent to the deal’s primary contact'),
  }),
  z.object({
    type: z.literal('set_field'),
    field: automationFieldSchema,
    value: z.unknown().describe('The value as the deal API takes it; a string may use placeholders'),
  }),
  z.object({ type: z.literal('change_stage'), stageId: idSchema }),
  z.object({
    type: z.literal('change_responsible'),
    userIds: z
      .array(idSchema)
      .min(1)
      .max(100)
      .describe('One user, or a round-robin queue: each run takes the next in turn'),
  }),
  z.object({
    type: z.literal('call_webhook'),
    url: z.url().max(2000),
    body: z.string().max(20_000).optional().describe('JSON text with placeholders; default: the deal'),
  }),
  z.object({ type: z.literal('add_comment'), text: text(5000) }),
  z.object({
    type: z.literal('copy_deal'),
    options: copyDealBodySchema
      .default({})
      .describe(
        'As the card’s Copy dialog: a preset and/or inline options (ADR 0016); default: a plain copy',
      ),
  }),
]);
export type AutomationAction = z.infer<typeof automationActionSchema>;

export const automationUnitSchema = z.enum(['minutes', 'hours', 'days']);

const workingHours = {
  workingHours: z
    .enum(['off', 'account', 'responsible'])
    .default('off')
    .describe(
      'Only in working hours: the account’s, or the deal’s responsible user’s (with the production calendar)',
    ),
};

export const automationTimingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('immediately'), ...workingHours }),
  z.object({
    kind: z.literal('delay'),
    amount: z.number().int().min(1).max(100_000),
    unit: automationUnitSchema,
    ...workingHours,
  }),
  z.object({
    kind: z.literal('date_field'),
    field: automationFieldSchema,
    direction: z.enum(['before', 'after']),
    amount: z.number().int().min(0).max(100_000),
    unit: automationUnitSchema,
    ...workingHours,
  }),
  z.object({ kind: z.literal('exact'), at: z.iso.datetime({ offset: true }), ...workingHours }),
  z.object({ kind: z.literal('after_previous'), ...workingHours }),
]);
export type AutomationTiming = z.infer<typeof automationTimingSchema>;

export const automationOperators = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'empty',
  'not_empty',
] as const;

export const automationConditionSchema = z.object({
  field: automationFieldSchema,
  operator: z.enum(automationOperators),
  value: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]).optional(),
});
export type AutomationCondition = z.infer<typeof automationConditionSchema>;

export interface AutomationConditionGroup {
  op: 'and' | 'or';
  items: (AutomationCondition | AutomationConditionGroup)[];
}
export const automationConditionGroupSchema: z.ZodType<AutomationConditionGroup> = z.lazy(() =>
  z.object({
    op: z.enum(['and', 'or']),
    items: z.array(z.union([automationConditionSchema, automationConditionGroupSchema])).max(50),
  }),
);

export const automationTriggerEvents = [
  'deal_created',
  'stage_entered',
  'field_changed',
  'task_done',
  'comment_added',
] as const;
export const automationTriggerEventSchema = z.enum(automationTriggerEvents);

const ruleFields = {
  name: text(200),
  action: automationActionSchema,
  timing: automationTimingSchema.default({ kind: 'immediately', workingHours: 'off' }),
  conditions: automationConditionGroupSchema.nullable().default(null),
  active: z.boolean().default(true),
};

export const createAutomationRuleBodySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('robot'),
    pipelineId: idSchema,
    stageId: idSchema,
    ...ruleFields,
  }),
  z.object({
    kind: z.literal('trigger'),
    event: automationTriggerEventSchema,
    pipelineId: idSchema.nullable().default(null).describe('Only deals of this pipeline; null: any'),
    stageId: idSchema
      .nullable()
      .default(null)
      .describe('stage_entered: only this stage; null: any stage of the pipeline'),
    field: automationFieldSchema.nullable().default(null).describe('field_changed: only this field'),
    ...ruleFields,
  }),
]);
export type CreateAutomationRuleBody = z.infer<typeof createAutomationRuleBodySchema>;

export const updateAutomationRuleBodySchema = z.object({
  name: text(200).optional(),
  stageId: idSchema.optional().describe('A robot moved to another stage of its pipeline'),
  position: z.number().int().min(0).max(10_000).optional(),
  action: automationActionSchema.optional(),
  timing: automationTimingSchema.optional(),
  conditions: automationConditionGroupSchema.nullable().optional(),
  active: z.boolean().optional(),
  field: automationFieldSchema.nullable().optional(),
});

export const automationRuleSchema = z.object({
  id: idSchema,
  kind: z.enum(['robot', 'trigger']),
  event: automationTriggerEventSchema.nullable(),
  pipelineId: idSchema.nullable(),
  stageId: idSchema.nullable(),
  field: z.string().nullable(),
  name: z.string(),
  position: z.number().int(),
  action: automationActionSchema,
  timing: automationTimingSchema,
  conditions: automationConditionGroupSchema.nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AutomationRule = z.infer<typeof automationRuleSchema>;

export const automationRuleListSchema = z.object({ items: z.array(automationRuleSchema) });
export const automationRuleQuerySchema = z.object({
  kind: z.enum(['robot', 'trigger']).optional(),
  pipelineId: idSchema.optional(),
});

export const automationRunStatusSchema = z.enum([
  'waiting',
  'planned',
  'done',
  'failed',
  'skipped',
  'cancelled',
]);

export const automationRunSchema = z.object({
  id: idSchema,
  ruleId: idSchema,
  ruleName: z.string(),
  kind: z.enum(['robot', 'trigger']),
  actionType: automationActionTypeSchema,
  dealId: idSchema,
  status: automationRunStatusSchema,
  depth: z.number().int(),
  attempt: z.number().int(),
  plannedAt: z.iso.datetime().nullable(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type AutomationRun = z.infer<typeof automationRunSchema>;
export const automationRunListSchema = z.object({ items: z.array(automationRunSchema) });
