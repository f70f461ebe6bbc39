// /api/contacts: people, with their phones, e-mails, sites and messengers. ETag / If-Match guards changes.
import { z } from 'zod';
import {
  contactListQuerySchema,
  contactPageSchema,
  contactSchema,
  createContactBodySchema,
  idParamsSchema,
  updateContactBodySchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { ContactsService } from './contacts.service.js';

const ifMatchHeaders = z
  .object({
    'if-match': z
      .string()
      .regex(/^"v\d{1,9}"$/, 'must be an ETag from this API, like "v3"')
      .optional(),
  })
  .loose();

export function registerContactsRoutes(app: App, service: ContactsService) {
  app.get(
    '/api/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary:
          'Contacts, newest first, in keyset pages; search by words or phone digits, filter by phone, e-mail, responsible',
        querystring: contactListQuerySchema,
        response: { 200: contactPageSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  );
  app.post(
    '/api/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Create a contact',
        body: createContactBodySchema,
        response: { 201: contactSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const contact = await service.create(actorOf(request), request.body);
      return reply.code(201).header('etag', `"v${contact.version}"`).send(contact);
    },
  );
  app.get(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'One contact',
        params: idParamsSchema,
        response: { 200: contactSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const contact = await service.get(actorOf(request), request.params.id);
      return reply.header('etag', `"v${contact.version}"`).send(contact);
    },
  );
  app.patch(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary:
          'Change a contact (lists of phones, e-mails… replace the old ones); If-Match refuses a stale write',
        params: idParamsSchema,
        headers: ifMatchHeaders,
        body: updateContactBodySchema,
        response: { 200: contactSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      const contact = await service.update(
        actorOf(request),
        request.params.id,
        request.body,
        ifMatch ? Number(ifMatch.slice(2, -1)) : undefined,
      );
      return reply.header('etag', `"v${contact.version}"`).send(contact);
    },
  );
  app.delete(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Delete a contact (its responsible user or an administrator)',
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
