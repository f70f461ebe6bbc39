// /api/timeline: a record's feed (entries, tasks, system events; pinned on top) and its entries — comments,
// notes, calls, meetings, e-mails — written, edited (If-Match), pinned and deleted.
import { z } from 'zod';
import {
  createTimelineEntryBodySchema,
  idParamsSchema,
  timelineEntrySchema,
  timelineFeedSchema,
  timelineQuerySchema,
  updateTimelineEntryBodySchema,
} from '@voronka/contracts';
import {
  actorOf,
  ifMatchHeadersSchema,
  problemResponses,
  sendVersioned,
  versionedUpdate,
  type App,
} from '../../platform/http/index.js';
import type { TimelineService } from './timeline.service.js';

export function registerTimelineRoutes(app: App, service: TimelineService) {
  app.get(
    '/api/timeline',
    {
      schema: {
        tags: ['timeline'],
        summary:
          'A record’s feed, newest first, in keyset pages: its entries, tasks (created, completed) and system events; pinned entries on the first page',
        querystring: timelineQuerySchema,
        response: { 200: timelineFeedSchema, ...problemResponses },
      },
    },
    (request) => service.feed(actorOf(request), request.query),
  );
  app.post(
    '/api/timeline',
    {
      schema: {
        tags: ['timeline'],
        summary: 'Write a comment or note, or log a call, meeting or e-mail, on a record',
        body: createTimelineEntryBodySchema,
        response: { 201: timelineEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.create(actorOf(request), request.body), 201),
  );
  app.get(
    '/api/timeline/:id',
    {
      schema: {
        tags: ['timeline'],
        summary: 'One timeline entry',
        params: idParamsSchema,
        response: { 200: timelineEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/timeline/:id',
    {
      schema: {
        tags: ['timeline'],
        summary: 'Change an entry (its author or an administrator); If-Match refuses a stale write',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateTimelineEntryBodySchema,
        response: { 200: timelineEntrySchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.post(
    '/api/timeline/:id/pin',
    {
      schema: {
        tags: ['timeline'],
        summary: 'Pin an entry to the top of the card (several may be pinned; the newest pin first)',
        params: idParamsSchema,
        response: { 200: timelineEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.pin(actorOf(request), request.params.id)),
  );
  app.post(
    '/api/timeline/:id/unpin',
    {
      schema: {
        tags: ['timeline'],
        summary: 'Unpin an entry',
        params: idParamsSchema,
        response: { 200: timelineEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.unpin(actorOf(request), request.params.id)),
  );
  app.delete(
    '/api/timeline/:id',
    {
      schema: {
        tags: ['timeline'],
        summary: 'Delete an entry (its author or an administrator); its files stay uploaded',
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
