// /api/departments: the account's department tree (a flat list with parentId).
import { z } from 'zod';
import {
  createDepartmentBodySchema,
  departmentSchema,
  idParamsSchema,
  updateDepartmentBodySchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { DepartmentsService } from './departments.service.js';

export function registerDepartmentsRoutes(app: App, service: DepartmentsService) {
  app.get(
    '/api/departments',
    {
      schema: {
        tags: ['departments'],
        summary: 'All departments of the account',
        response: { 200: z.object({ items: z.array(departmentSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.list(actorOf(request)) }),
  );
  app.post(
    '/api/departments',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['departments'],
        summary: 'Create a department',
        body: createDepartmentBodySchema,
        response: { 201: departmentSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  );
  app.patch(
    '/api/departments/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['departments'],
        summary: 'Rename, move or set the head of a department',
        params: idParamsSchema,
        body: updateDepartmentBodySchema,
        response: { 200: departmentSchema, ...problemResponses },
      },
    },
    (request) => service.update(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/departments/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['departments'],
        summary: 'Delete an empty department',
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
