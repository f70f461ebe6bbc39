import { z } from 'zod';
import { idSchema } from './common.js';

// Tasks (CORE-8): what a salesperson must do next and by when — call, meeting, e-mail or anything else —
// for a deal, lead, contact or company (or for nothing in particular), with a responsible user, a deadline
// (a moment, or a whole day in the account's time zone) and, once done, its result.

export const taskTypeSchema = z.enum(['call', 'meeting', 'email', 'other']);
export type TaskType = z.infer<typeof taskTypeSchema>;

/** The kinds of record a task (or a timeline entry) belongs to. */
export const taskEntitySchema = z.enum(['deal', 'lead', 'contact', 'company']);
export type TaskEntity = z.infer<typeof taskEntitySchema>;

export const taskStateSchema = z
  .enum(['open', 'completed', 'overdue'])
  .describe('overdue: open and past its deadline');

const taskText = z.string().trim().min(1).max(10_000);
const taskResult = z.string().trim().max(10_000);

/** A moment (date-time with offset) or a whole day (YYYY-MM-DD: due by its end in the account's time zone). */
export const taskDeadlineInputSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe(
    'A moment, e.g. "2026-12-05T15:00:00+03:00", or a whole day, e.g. "2026-12-05": then the task is all-day and due by the end of that day in the account’s time zone',
  );

const recordLink = {
  entity: taskEntitySchema.optional().describe('The record the task is for; with entityId'),
  entityId: idSchema.optional(),
};

const linkBothOrNone = (body: { entity?: unknown; entityId?: unknown }, ctx: z.RefinementCtx) => {
  if ((body.entity === undefined) !== (body.entityId === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [body.entity === undefined ? 'entity' : 'entityId'],
      message: 'entity and entityId go together',
    });
  }
};

export const createTaskBodySchema = z
  .object({
    type: taskTypeSchema.default('call'),
    text: taskText.describe('What to do'),
    deadline: taskDeadlineInputSchema,
    responsibleUserId: idSchema.optional().describe('Default: the user creating the task'),
    ...recordLink,
  })
  .superRefine(linkBothOrNone);

export const updateTaskBodySchema = z
  .object({
    type: taskTypeSchema.optional(),
    text: taskText.optional(),
    deadline: taskDeadlineInputSchema.optional(),
    responsibleUserId: idSchema.optional(),
    entity: taskEntitySchema.nullable().optional().describe('null (with entityId null) unlinks the task'),
    entityId: idSchema.nullable().optional(),
    result: taskResult.nullable().optional().describe('Only for a completed task'),
  })
  .superRefine((body, ctx) => {
    if ((body.entity === undefined) !== (body.entityId === undefined)) linkBothOrNone(body, ctx);
    else if ((body.entity === null) !== (body.entityId === null))
      ctx.addIssue({ code: 'custom', path: ['entityId'], message: 'entity and entityId are null together' });
  });

export const completeTaskBodySchema = z.object({
  result: taskResult.optional().describe('What came of it, e.g. "Договорились о встрече в пятницу"'),
});

export const taskSchema = z
  .object({
    id: idSchema,
    type: taskTypeSchema,
    text: z.string(),
    deadline: z.iso
      .datetime({ offset: true })
      .describe('The moment it is due (for all-day tasks, the day’s end)'),
    allDay: z.boolean(),
    deadlineDate: z.iso
      .date()
      .nullable()
      .describe('For all-day tasks: the day, in the account’s time zone; null for tasks due at a moment'),
    status: z.enum(['open', 'completed']),
    overdue: z.boolean().describe('Open and past its deadline'),
    result: z.string().nullable(),
    completedAt: z.iso.datetime({ offset: true }).nullable(),
    completedBy: idSchema.nullable(),
    responsibleUserId: idSchema,
    createdBy: idSchema.nullable(),
    entity: taskEntitySchema.nullable(),
    entityId: idSchema.nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof taskSchema>;

export const taskListQuerySchema = z
  .object({
    responsibleUserId: idSchema.optional(),
    createdBy: idSchema.optional(),
    entity: taskEntitySchema.optional().describe('With entityId: the tasks of that record'),
    entityId: idSchema.optional(),
    state: taskStateSchema.optional(),
    type: taskTypeSchema.optional(),
    deadlineFrom: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Due at or after (e.g. the start of today in the user’s zone)'),
    deadlineTo: z.iso.datetime({ offset: true }).optional().describe('Due before (exclusive)'),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .superRefine(linkBothOrNone);

export const taskPageSchema = z
  .object({
    items: z.array(taskSchema).describe('Earliest deadline first'),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'TaskPage' });
