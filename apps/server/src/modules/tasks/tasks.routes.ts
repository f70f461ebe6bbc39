// /api/tasks: the salesperson's to-do list — by responsible, record, state and deadline range, earliest
// deadline first; complete with a result, reopen. ETag / If-Match guards changes.
import { z } from 'zod';
import {
  completeTaskBodySchema,
  createTaskBodySchema,
  idParamsSchema,
  taskListQuerySchema,
  taskPageSchema,
  taskSchema,
  updateTaskBodySchema,
} from '@voronka/contracts';
import {
  actorOf,
  ifMatchHeadersSchema,
  problemResponses,
  sendVersioned,
  versionFromIfMatch,
  versionedUpdate,
  type App,
} from '../../platform/http/index.js';
import type { TasksService } from './tasks.service.js';

export function registerTasksRoutes(app: App, service: TasksService) {
  app.get(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Tasks, earliest deadline first, in keyset pages; by responsible, creator, record, state (open, completed, overdue), type and deadline range',
        querystring: taskListQuerySchema,
        response: { 200: taskPageSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  );
  app.post(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Create a task (for a deal, lead, contact or company, or for nothing in particular)',
        body: createTaskBodySchema,
        response: { 201: taskSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.create(actorOf(request), request.body), 201),
  );
  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'One task',
        params: idParamsSchema,
        response: { 200: taskSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change a task (text, type, deadline, responsible, record; the result of a completed one)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateTaskBodySchema,
        response: { 200: taskSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Complete a task with its result (409 when it is already completed)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: completeTaskBodySchema.nullish(),
        response: { 200: taskSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(
        reply,
        await service.complete(
          actorOf(request),
          request.params.id,
          request.body ?? {},
          versionFromIfMatch(request.headers['if-match']),
        ),
      ),
  );
  app.post(
    '/api/tasks/:id/reopen',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Reopen a completed task (its result is cleared)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 200: taskSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(
        reply,
        await service.reopen(
          actorOf(request),
          request.params.id,
          versionFromIfMatch(request.headers['if-match']),
        ),
      ),
  );
  app.delete(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Delete a task (its creator, its responsible user or an administrator)',
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
