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
