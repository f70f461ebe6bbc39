// /api/users: the people of the current account.
import { z } from 'zod';
import { idParamsSchema, updateUserBodySchema, userSchema } from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { UsersService } from './users.service.js';

export function registerUsersRoutes(app: App, service: UsersService) {
  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Users of the account, active and deactivated',
        response: { 200: z.object({ items: z.array(userSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.list(actorOf(request)) }),
  );
  app.get(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: idParamsSchema,
        response: { 200: userSchema, ...problemResponses },
      },
    },
    (request) => service.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user (administrators: name, role, department; anyone: their own name)',
        params: idParamsSchema,
        body: updateUserBodySchema,
        response: { 200: userSchema, ...problemResponses },
      },
    },
    (request) => service.update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/users/:id/deactivate',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Deactivate a user (history is kept)',
        params: idParamsSchema,
        response: { 200: userSchema, ...problemResponses },
      },
    },
    (request) => service.deactivate(actorOf(request), request.params.id),
  );
  app.post(
    '/api/users/:id/activate',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Activate a deactivated user again',
        params: idParamsSchema,
        response: { 200: userSchema, ...problemResponses },
      },
    },
    (request) => service.activate(actorOf(request), request.params.id),
  );
}
