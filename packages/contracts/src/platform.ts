import { z } from 'zod';
import { idSchema } from './common.js';

export const eventSourceSchema = z.enum(['ui', 'api', 'import', 'automation', 'integration', 'system']);
export type EventSource = z.infer<typeof eventSourceSchema>;

/** A domain event as streamed over SSE and delivered to subscribers. */
export const domainEventSchema = z
  .object({
    id: idSchema,
    accountId: idSchema,
    type: z.string().describe('`<entity>.<past_tense>`, e.g. `user.deactivated`'),
    entity: z.string(),
    entityId: z.string().nullable(),
    actorUserId: idSchema.nullable(),
    source: eventSourceSchema,
    payload: z.record(z.string(), z.unknown()),
    occurredAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'DomainEvent' });
export type DomainEvent = z.infer<typeof domainEventSchema>;

const componentHealth = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number(),
  detail: z.string().optional(),
});

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    database: componentHealth.extend({ kind: z.enum(['pglite', 'postgres']) }),
    queue: componentHealth.extend({ workerInProcess: z.boolean() }),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof healthSchema>;

export const historyEntrySchema = z
  .object({
    id: idSchema,
    type: z.string().describe('The event, e.g. `user.updated`'),
    entity: z.string(),
    entityId: z.string().nullable(),
    actorUserId: idSchema.nullable(),
    source: eventSourceSchema,
    changes: z
      .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
      .nullable()
      .describe('For changes: each field’s old and new value'),
    details: z.record(z.string(), z.unknown()),
    occurredAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'HistoryEntry' });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyQuerySchema = z.object({
  entity: z.string().regex(/^[a-z_]{1,40}$/, 'must be an entity name such as user'),
  entityId: z.string().min(1).max(100),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'must be a cursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const historyPageSchema = z
  .object({
    items: z.array(historyEntrySchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next (older) page; null at the end'),
  })
  .meta({ id: 'HistoryPage' });
