// /api/deals: deals, their stage history and line items, the kanban and bulk actions. ETag / If-Match guards
// every change of a deal (line items included).
import { z } from 'zod';
import {
  bulkDealsBodySchema,
  bulkDealsResultSchema,
  createDealBodySchema,
  dealItemsSchema,
  dealListQuerySchema,
  dealPageSchema,
  dealSchema,
  dealStageVisitsSchema,
  idParamsSchema,
  kanbanColumnPageSchema,
  kanbanColumnQuerySchema,
  kanbanQuerySchema,
  kanbanSchema,
  replaceDealItemsBodySchema,
  updateDealBodySchema,
} from '@voronka/contracts';
import {
  actorOf,
  etagOf,
  ifMatchHeadersSchema,
  problemResponses,
  sendVersioned,
  versionFromIfMatch,
  versionedDelete,
  versionedUpdate,
  type App,
} from '../../platform/http/index.js';
import type { DealsService } from './deals.service.js';

export function registerDealsRoutes(app: App, service: DealsService) {
  app.get(
    '/api/deals',
    {
      schema: {
        tags: ['deals'],
        summary:
          'Deals in keyset pages: search, filters (pipeline, stages, responsible, company, contact, status, amount, dates, tags, tasks, custom fields), any sort',
        querystring: dealListQuerySchema,
        response: { 200: dealPageSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  );
  app.post(
    '/api/deals',
    {
      schema: {
        tags: ['deals'],
        summary: 'Create a deal',
        body: createDealBodySchema,
        response: { 201: dealSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.create(actorOf(request), request.body), 201),
  );
  app.get(
    '/api/deals/kanban',
    {
      schema: {
        tags: ['deals'],
        summary:
          "A pipeline's kanban: every stage in order with its count, sums per currency and first cards (list filters apply)",
        querystring: kanbanQuerySchema,
        response: { 200: kanbanSchema, ...problemResponses },
      },
    },
    (request) => service.kanban(actorOf(request), request.query),
  );
  app.get(
    '/api/deals/kanban/column',
    {
      schema: {
        tags: ['deals'],
        summary: 'Further cards of one kanban column, newest first (the same filters)',
        querystring: kanbanColumnQuerySchema,
        response: { 200: kanbanColumnPageSchema, ...problemResponses },
      },
    },
    (request) => service.kanbanColumn(actorOf(request), request.query),
  );
  app.post(
    '/api/deals/bulk',
    {
      schema: {
        tags: ['deals'],
        summary:
          'Move, reassign or delete up to 500 deals at once: all or nothing; problems named per deal at body.ids.<n>',
        body: bulkDealsBodySchema,
        response: { 200: bulkDealsResultSchema, ...problemResponses },
      },
    },
    (request) => service.bulk(actorOf(request), request.body),
  );
  app.get(
    '/api/deals/:id',
    {
      schema: {
        tags: ['deals'],
        summary: 'One deal',
        params: idParamsSchema,
        response: { 200: dealSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/deals/:id',
    {
      schema: {
        tags: ['deals'],
        summary:
          'Change a deal (move it to another stage, contacts and tags replace the old ones); If-Match refuses a stale write',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateDealBodySchema,
        response: { 200: dealSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/deals/:id',
    {
      schema: {
        tags: ['deals'],
        summary: 'Delete a deal (its responsible user or an administrator)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    versionedDelete(service),
  );
  app.get(
    '/api/deals/:id/stages',
    {
      schema: {
        tags: ['deals'],
        summary: "The deal's stage history: every visit with the time spent (the current one until now)",
        params: idParamsSchema,
        response: { 200: dealStageVisitsSchema, ...problemResponses },
      },
    },
    (request) => service.stages(actorOf(request), request.params.id),
  );
  app.get(
    '/api/deals/:id/items',
    {
      schema: {
        tags: ['deals'],
        summary: "The deal's line items with exact per-line and total net, VAT and total",
        params: idParamsSchema,
        response: { 200: dealItemsSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const items = await service.items(actorOf(request), request.params.id);
      return reply.header('etag', etagOf(items.version)).send(items);
    },
  );
  app.put(
    '/api/deals/:id/items',
    {
      schema: {
        tags: ['deals'],
        summary:
          "Replace the deal's line items (defaults from the catalogue); the deal's amount becomes their total. If-Match is the deal's ETag",
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: replaceDealItemsBodySchema,
        response: { 200: dealItemsSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const items = await service.replaceItems(
        actorOf(request),
        request.params.id,
        request.body.items,
        versionFromIfMatch(request.headers['if-match']),
      );
      return reply.header('etag', etagOf(items.version)).send(items);
    },
  );
}
