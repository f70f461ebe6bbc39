// /api/companies: organisations with an INN, type, industry, phones, e-mails, sites, messengers, custom fields
// and linked contacts. ETag / If-Match guards changes.
import { z } from 'zod';
import {
  companyDuplicatesSchema,
  companyListQuerySchema,
  companyPageSchema,
  companySchema,
  createCompanyBodySchema,
  idParamsSchema,
  updateCompanyBodySchema,
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
import type { CompaniesService } from './companies.service.js';

export function registerCompaniesRoutes(app: App, service: CompaniesService) {
  app.get(
    '/api/companies',
    {
      schema: {
        tags: ['companies'],
        summary:
          'Companies in sorted keyset pages (newest first by default); search by words, INN or phone digits; ' +
          'filter by phone, e-mail, INN, responsible, type, industry, contact, custom fields',
        querystring: companyListQuerySchema,
        response: { 200: companyPageSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  );
  app.post(
    '/api/companies',
    {
      schema: {
        tags: ['companies'],
        summary: 'Create a company (the INN’s checksum is checked)',
        body: createCompanyBodySchema,
        response: { 201: companySchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.create(actorOf(request), request.body), 201),
  );
  app.get(
    '/api/companies/:id',
    {
      schema: {
        tags: ['companies'],
        summary: 'One company',
        params: idParamsSchema,
        response: { 200: companySchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.get(
    '/api/companies/:id/duplicates',
    {
      schema: {
        tags: ['companies'],
        summary:
          'Likely duplicates: the same phone or e-mail however written, the same INN, or the same name',
        params: idParamsSchema,
        response: { 200: companyDuplicatesSchema, ...problemResponses },
      },
    },
    (request) => service.duplicates(actorOf(request), request.params.id),
  );
  app.patch(
    '/api/companies/:id',
    {
      schema: {
        tags: ['companies'],
        summary:
          'Change a company (lists of phones, e-mails, contacts… replace the old ones); If-Match refuses a stale write',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateCompanyBodySchema,
        response: { 200: companySchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/companies/:id',
    {
      schema: {
        tags: ['companies'],
        summary:
          'Delete a company (its responsible user or an administrator); If-Match refuses a stale delete',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    versionedDelete(service),
  );
}
