import { z } from 'zod';
import { idSchema } from './common.js';

// Outbound webhooks (AUTO-7): an administrator subscribes a URL to some of the account's domain events;
// each matching event is POSTed to it as JSON `{type, timestamp, data}`, signed per the Standard Webhooks
// scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`), retried with
// backoff for up to 72 hours. The secret (`whsec_…`) is shown once: at creation and on rotation.

/** The domain events a webhook may subscribe to (the account's CRM records and their changes). */
export const webhookEventTypes = [
  'deal.created',
  'deal.updated',
  'deal.deleted',
  'deal.merged',
  'deal.restored',
  'lead.created',
  'lead.updated',
  'lead.deleted',
  'lead.converted',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.merged',
  'contact.restored',
  'company.created',
  'company.updated',
  'company.deleted',
  'company.merged',
  'company.restored',
  'task.created',
  'task.updated',
  'task.completed',
  'task.reopened',
  'task.deleted',
  'timeline.created',
  'timeline.updated',
  'timeline.deleted',
  'product.created',
  'product.updated',
  'product.deleted',
  'file.uploaded',
  'file.deleted',
] as const;
export const webhookEventTypeSchema = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/** The type of the event `POST /api/webhooks/{id}/test` sends. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const webhookEventTypeListSchema = z
  .object({ items: z.array(webhookEventTypeSchema) })
  .meta({ id: 'WebhookEventTypeList' });

const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }))
  .describe('Where events are POSTed; private, loopback and link-local addresses are refused unless allowed');

const eventTypesSchema = z
  .array(webhookEventTypeSchema)
  .min(1)
  .max(webhookEventTypes.length)
  .refine((types) => new Set(types).size === types.length, 'event types must not repeat');

const descriptionSchema = z.string().trim().max(500);

export const webhookSchema = z
  .object({
    id: idSchema,
    url: z.string(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    description: z.string(),
    disabledReason: z
      .string()
      .nullable()
      .describe('Why the server turned the webhook off (the receiver answered 410 Gone); null otherwise'),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof webhookSchema>;

/** A webhook with its secret: only the answers of creation and rotation carry it. */
export const webhookWithSecretSchema = webhookSchema
  .extend({
    secret: z
      .string()
      .describe('whsec_ + base64: verify signatures with it; shown only now, store it at the receiver'),
  })
  .meta({ id: 'WebhookWithSecret' });
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) }).meta({ id: 'WebhookList' });

export const createWebhookBodySchema = z.strictObject({
  url: webhookUrlSchema,
  eventTypes: eventTypesSchema,
  active: z.boolean().default(true),
  description: descriptionSchema.default(''),
});

export const updateWebhookBodySchema = z.strictObject({
  url: webhookUrlSchema.optional(),
  eventTypes: eventTypesSchema.optional(),
  active: z.boolean().optional(),
  description: descriptionSchema.optional(),
});

export const webhookDeliveryStatusSchema = z
  .enum(['pending', 'sending', 'delivered', 'failed', 'cancelled'])
  .describe(
    'pending: waiting for its (next) attempt; sending: an attempt is under way; delivered: a 2xx answer; ' +
      'failed: gave up (72 hours of retries, 410 Gone, or a test); cancelled: the webhook was turned off',
  );
export type WebhookDeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;

export const webhookDeliverySchema = z
  .object({
    id: idSchema.describe('Also the webhook-id header: the same for every attempt'),
    webhookId: idSchema,
    eventId: idSchema.nullable().describe('The domain event; null for a test'),
    eventType: z.string(),
    status: webhookDeliveryStatusSchema,
    attempts: z.number().int(),
    statusCode: z
      .number()
      .int()
      .nullable()
      .describe("The last attempt's HTTP status; null without an answer"),
    responseBody: z.string().nullable().describe("The start of the last answer's body (about 2 KB)"),
    error: z.string().nullable().describe('Why the last attempt failed, when it did'),
    createdAt: z.iso.datetime(),
    lastAttemptAt: z.iso.datetime().nullable(),
    nextAttemptAt: z.iso.datetime().nullable().describe('When the next attempt is due (pending only)'),
    deliveredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const webhookDeliveryPageSchema = z
  .object({
    items: z.array(webhookDeliverySchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next (older) page; null at the end'),
  })
  .meta({ id: 'WebhookDeliveryPage' });
export type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPageSchema>;

export const webhookDeliveryParamsSchema = z.object({ id: idSchema, deliveryId: idSchema });
