// /api/contacts: people, with their phones, e-mails, sites and messengers. ETag / If-Match guards changes.
import { z } from 'zod';
import {
  contactDuplicatesSchema,
  contactListQuerySchema,
  contactPageSchema,
  contactSchema,
  createContactBodySchema,
  idParamsSchema,
  updateContactBodySchema,
} from '@voronka/contracts';
import {
  actorOf,
  sendVersioned,
  ifMatchHeadersSchema,
  problemResponses,
  versionedDelete,
  versionedUpdate,
  type App,
} from '../../platform/http/index.js';
import type { ContactsService } from './contacts.service.js';

export function registerContactsRoutes(app: App, service: ContactsService) {
  app.get(
    '/api/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary:
          'Contacts in sorted keyset pages (newest first by default); search by words or phone digits; ' +
          'filter by phone, e-mail, responsible, type, company, custom fields',
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
    async (request, reply) => sendVersioned(reply, await service.create(actorOf(request), request.body), 201),
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
    async (request, reply) => sendVersioned(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.get(
    '/api/contacts/:id/duplicates',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Likely duplicates: the same phone or e-mail however written, or the same full name',
        params: idParamsSchema,
        response: { 200: contactDuplicatesSchema, ...problemResponses },
      },
    },
    (request) => service.duplicates(actorOf(request), request.params.id),
  );
  app.patch(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary:
          'Change a contact (lists of phones, e-mails, companies… replace the old ones); If-Match refuses a stale write',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateContactBodySchema,
        response: { 200: contactSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary:
          'Delete a contact (its responsible user or an administrator); If-Match refuses a stale delete',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    versionedDelete(service),
  );
}
