// /api/access/me (the caller's own rights), /api/roles (the matrix), /api/role-assignments, /api/user-groups.
import { z } from 'zod';
import {
  accessAssignmentSchema,
  accessRoleSchema,
  createAccessAssignmentBodySchema,
  idParamsSchema,
  myAccessSchema,
  saveAccessRoleBodySchema,
  saveUserGroupBodySchema,
  userGroupSchema,
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
import type { AccessService } from './access.service.js';

const tags = ['access'];

export function registerAccessRoutes(app: App, service: AccessService) {
  app.get(
    '/api/access/me',
    {
      schema: {
        tags,
        summary: "The caller's effective rights (the UI hides what they do not allow)",
        response: { 200: myAccessSchema, ...problemResponses },
      },
    },
    (request) => service.me(actorOf(request)),
  );

  app.get(
    '/api/roles',
    {
      schema: {
        tags,
        summary: 'The roles of the account (the default four are created on first use)',
        response: { 200: z.object({ items: z.array(accessRoleSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.listRoles(actorOf(request)) }),
  );
  app.post(
    '/api/roles',
    {
      schema: {
        tags,
        summary: 'Add a role (needs "may change settings")',
        body: saveAccessRoleBodySchema,
        response: { 201: accessRoleSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, await service.createRole(actorOf(request), request.body), 201),
  );
  app.put(
    '/api/roles/:id',
    {
      schema: {
        tags,
        summary: 'Save a role as a whole: name and matrix (If-Match guards against lost edits)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: saveAccessRoleBodySchema,
        response: { 200: accessRoleSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/roles/:id',
    {
      schema: {
        tags,
        summary: 'Delete a role and its assignments',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    versionedDelete(service),
  );

  app.get(
    '/api/role-assignments',
    {
      schema: {
        tags,
        summary: 'Who has which role: users, departments (with or without sub-departments), groups, everyone',
        response: { 200: z.object({ items: z.array(accessAssignmentSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.listAssignments(actorOf(request)) }),
  );
  app.post(
    '/api/role-assignments',
    {
      schema: {
        tags,
        summary: 'Assign a role to a subject',
        body: createAccessAssignmentBodySchema,
        response: { 201: accessAssignmentSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await service.assign(actorOf(request), request.body)),
  );
  app.delete(
    '/api/role-assignments/:id',
    {
      schema: {
        tags,
        summary: 'Remove an assignment',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.unassign(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/user-groups',
    {
      schema: {
        tags,
        summary: 'User groups (subjects of role assignments)',
        response: { 200: z.object({ items: z.array(userGroupSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.listGroups(actorOf(request)) }),
  );
  app.post(
    '/api/user-groups',
    {
      schema: {
        tags,
        summary: 'Create a user group',
        body: saveUserGroupBodySchema,
        response: { 201: userGroupSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await service.createGroup(actorOf(request), request.body)),
  );
  app.put(
    '/api/user-groups/:id',
    {
      schema: {
        tags,
        summary: 'Rename a group and set its members',
        params: idParamsSchema,
        body: saveUserGroupBodySchema,
        response: { 200: userGroupSchema, ...problemResponses },
      },
    },
    (request) => service.updateGroup(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/user-groups/:id',
    {
      schema: {
        tags,
        summary: 'Delete a group and the roles assigned to it',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.removeGroup(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
