// /api/webhooks: outbound webhook subscriptions, their secrets, test sends and delivery logs.
// Administrators only; another account's webhook is 404.
import { z } from 'zod';
import {
  createWebhookBodySchema,
  idParamsSchema,
  updateWebhookBodySchema,
  webhookDeliveryPageSchema,
  webhookDeliveryParamsSchema,
  webhookDeliveryQuerySchema,
  webhookDeliverySchema,
  webhookEventTypeListSchema,
  webhookListSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '@voronka/contracts';
import {
  actorOf,
  ifMatchHeadersSchema,
  problemResponses,
  sendVersioned,
  versionedDelete,
  versionedUpdate,
  type App,
} from '../../platform/http/index.js';
import type { WebhooksService } from './webhooks.service.js';

const admin = { auth: 'admin' as const };
const tags = ['webhooks'];

export function registerWebhooksRoutes(app: App, service: WebhooksService) {
  app.get(
    '/api/webhooks/event-types',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The event types a webhook can subscribe to',
        response: { 200: webhookEventTypeListSchema, ...problemResponses },
      },
    },
    () => service.eventTypes(),
  );
  app.get(
    '/api/webhooks',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The account’s webhooks',
        response: { 200: webhookListSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request)),
  );
  app.post(
    '/api/webhooks',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Subscribe a URL to events; the answer carries the signing secret (shown only now)',
        body: createWebhookBodySchema,
        response: { 201: webhookWithSecretSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.create(actorOf(request), request.body), 201),
  );
  app.get(
    '/api/webhooks/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'One webhook (without its secret)',
        params: idParamsSchema,
        response: { 200: webhookSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/webhooks/:id',
    {
      config: admin,
      schema: {
        tags,
        summary:
          'Change a webhook’s URL, event types, description or active flag (If-Match refuses a stale write)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateWebhookBodySchema,
        response: { 200: webhookSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/webhooks/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a webhook and its delivery log',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    versionedDelete(service),
  );
  app.post(
    '/api/webhooks/:id/rotate-secret',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Replace the signing secret; the answer carries the new one (shown only now)',
        params: idParamsSchema,
        response: { 200: webhookWithSecretSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, await service.rotateSecret(actorOf(request), request.params.id)),
  );
  app.post(
    '/api/webhooks/:id/test',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send a webhook.test event now, once, and answer with the delivery',
        params: idParamsSchema,
        response: { 200: webhookDeliverySchema, ...problemResponses },
      },
    },
    (request) => service.test(actorOf(request), request.params.id),
  );
  app.get(
    '/api/webhooks/:id/deliveries',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The webhook’s delivery log, newest first',
        params: idParamsSchema,
        querystring: webhookDeliveryQuerySchema,
        response: { 200: webhookDeliveryPageSchema, ...problemResponses },
      },
    },
    (request) => service.deliveries(actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/api/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send a failed or cancelled delivery again now (one attempt) and answer with the result',
        params: webhookDeliveryParamsSchema,
        response: { 200: webhookDeliverySchema, ...problemResponses },
      },
    },
    (request) => service.retry(actorOf(request), request.params.id, request.params.deliveryId),
  );
}
