// /api/custom-fields: the account's custom field definitions. Optimistic concurrency through ETag /
// If-Match: a stale If-Match gets 409 and nothing is overwritten.
import { z } from 'zod';
import {
  createCustomFieldBodySchema,
  customFieldEntitySchema,
  customFieldSchema,
  idParamsSchema,
  updateCustomFieldBodySchema,
} from '@voronka/contracts';
import type { FastifyReply } from 'fastify';
import {
  actorOf,
  etagOf,
  ifMatchHeadersSchema,
  problemResponses,
  versionFromIfMatch,
  type App,
} from '../../platform/http/index.js';
import type { CustomFieldsService, StoredField } from './custom-fields.service.js';

const withEtag = (reply: FastifyReply, stored: StoredField) => {
  reply.header('etag', etagOf(stored.version));
  return stored.field;
};

export function registerCustomFieldsRoutes(app: App, service: CustomFieldsService) {
  app.get(
    '/api/custom-fields',
    {
      schema: {
        tags: ['custom fields'],
        summary: 'Custom field definitions, by entity and sort order',
        querystring: z.object({ entity: customFieldEntitySchema.optional() }),
        response: { 200: z.object({ items: z.array(customFieldSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.list(actorOf(request), request.query.entity) }),
  );
  app.post(
    '/api/custom-fields',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['custom fields'],
        summary: 'Create a custom field (its type and "multiple" cannot be changed later)',
        body: createCustomFieldBodySchema,
        response: { 201: customFieldSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(withEtag(reply, await service.create(actorOf(request), request.body))),
  );
  app.get(
    '/api/custom-fields/:id',
    {
      schema: {
        tags: ['custom fields'],
        summary: 'One custom field (with its ETag)',
        params: idParamsSchema,
        response: { 200: customFieldSchema, ...problemResponses },
      },
    },
    async (request, reply) => withEtag(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/custom-fields/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['custom fields'],
        summary: 'Change a custom field (send If-Match with its ETag to refuse a stale write)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateCustomFieldBodySchema,
        response: { 200: customFieldSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      return withEtag(
        reply,
        await service.update(actorOf(request), request.params.id, request.body, version),
      );
    },
  );
  app.delete(
    '/api/custom-fields/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['custom fields'],
        summary: 'Delete a custom field and its values',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
