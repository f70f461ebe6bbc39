// /api/saved-views: saved filters, sorts and columns of the lists (own and shared), each user's default per
// entity. Rights are checked by the service (owners and administrators); If-Match guards changes.
import { z } from 'zod';
import {
  createSavedViewBodySchema,
  idParamsSchema,
  savedViewListQuerySchema,
  savedViewListSchema,
  savedViewSchema,
  updateSavedViewBodySchema,
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
import type { SavedViewsService } from './saved-views.service.js';

export function registerSavedViewsRoutes(app: App, service: SavedViewsService) {
  app.get(
    '/api/saved-views',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Your views and the shared ones, of one entity or all',
        querystring: savedViewListQuerySchema,
        response: { 200: savedViewListSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  );
  app.post(
    '/api/saved-views',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Save a view (only administrators share one)',
        body: createSavedViewBodySchema,
        response: { 201: savedViewSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.create(actorOf(request), request.body), 201),
  );
  app.get(
    '/api/saved-views/:id',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'One view',
        params: idParamsSchema,
        response: { 200: savedViewSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/saved-views/:id',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Change a view: yours, or a shared one as an administrator (If-Match refuses a stale write)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateSavedViewBodySchema,
        response: { 200: savedViewSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/saved-views/:id',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Delete a view: yours, or a shared one as an administrator',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    versionedDelete(service),
  );
  app.put(
    '/api/saved-views/:id/default',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Make the view your default for its entity',
        params: idParamsSchema,
        response: { 200: savedViewSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, await service.makeDefault(actorOf(request), request.params.id)),
  );
  app.delete(
    '/api/saved-views/:id/default',
    {
      schema: {
        tags: ['saved-views'],
        summary: 'Stop using the view as your default',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.clearDefault(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
