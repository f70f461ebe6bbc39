// /api/reference-lists: sources, contact and company types, industries, loss reasons.
import { z } from 'zod';
import {
  createReferenceListItemBodySchema,
  idParamsSchema,
  referenceListItemSchema,
  referenceListParamsSchema,
  referenceListQuerySchema,
  reorderReferenceListBodySchema,
  updateReferenceListItemBodySchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { ReferenceListsService } from './reference-lists.service.js';

const items = z.object({ items: z.array(referenceListItemSchema) });

export function registerReferenceListsRoutes(app: App, service: ReferenceListsService) {
  app.get(
    '/api/reference-lists',
    {
      schema: {
        tags: ['reference lists'],
        summary: 'Every reference list’s items, in order',
        querystring: referenceListQuerySchema,
        response: { 200: items, ...problemResponses },
      },
    },
    async (request) => ({
      items: await service.list(actorOf(request), undefined, request.query.includeArchived),
    }),
  );
  app.get(
    '/api/reference-lists/:list',
    {
      schema: {
        tags: ['reference lists'],
        summary: 'One reference list, in order',
        params: referenceListParamsSchema,
        querystring: referenceListQuerySchema,
        response: { 200: items, ...problemResponses },
      },
    },
    async (request) => ({
      items: await service.list(actorOf(request), request.params.list, request.query.includeArchived),
    }),
  );
  app.post(
    '/api/reference-lists/:list',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['reference lists'],
        summary: 'Add an item at the end of the list',
        params: referenceListParamsSchema,
        body: createReferenceListItemBodySchema,
        response: { 201: referenceListItemSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.add(actorOf(request), request.params.list, request.body.name)),
  );
  app.put(
    '/api/reference-lists/:list/order',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['reference lists'],
        summary: 'Put the list’s items in a new order',
        params: referenceListParamsSchema,
        body: reorderReferenceListBodySchema,
        response: { 200: items, ...problemResponses },
      },
    },
    async (request) => ({
      items: await service.reorder(actorOf(request), request.params.list, request.body.itemIds),
    }),
  );
  app.patch(
    '/api/reference-list-items/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['reference lists'],
        summary: 'Rename an item',
        params: idParamsSchema,
        body: updateReferenceListItemBodySchema,
        response: { 200: referenceListItemSchema, ...problemResponses },
      },
    },
    (request) => service.rename(actorOf(request), request.params.id, request.body.name),
  );
  app.delete(
    '/api/reference-list-items/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['reference lists'],
        summary: 'Archive an item (records that use it keep it)',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.archive(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
