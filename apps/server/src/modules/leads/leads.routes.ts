// /api/lead-statuses (everyone reads, administrators change) and /api/leads with conversion. ETag / If-Match
// guards changes of leads.
import { z } from 'zod';
import {
  bulkLeadsBodySchema,
  bulkLeadsResultSchema,
  convertLeadBodySchema,
  createLeadBodySchema,
  createLeadStatusBodySchema,
  deleteLeadStatusQuerySchema,
  idParamsSchema,
  leadConversionSchema,
  leadListQuerySchema,
  leadPageSchema,
  leadSchema,
  leadStatusListSchema,
  leadStatusSchema,
  reorderLeadStatusesBodySchema,
  updateLeadBodySchema,
  updateLeadStatusBodySchema,
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
import type { LeadConversionService } from './conversion.service.js';
import type { LeadStatusesService } from './lead-statuses.service.js';
import type { LeadsService } from './leads.service.js';

export function registerLeadsRoutes(
  app: App,
  services: { statuses: LeadStatusesService; leads: LeadsService; conversion: LeadConversionService },
) {
  const { statuses, leads, conversion } = services;

  app.get(
    '/api/lead-statuses',
    {
      schema: {
        tags: ['leads'],
        summary: 'Lead statuses in order: the open ones, then Converted and Junk',
        response: { 200: leadStatusListSchema, ...problemResponses },
      },
    },
    async (request) => ({ items: await statuses.list(actorOf(request)) }),
  );
  app.post(
    '/api/lead-statuses',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['leads'],
        summary: 'Add an open lead status',
        body: createLeadStatusBodySchema,
        response: { 201: leadStatusSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await statuses.create(actorOf(request), request.body)),
  );
  app.put(
    '/api/lead-statuses/order',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['leads'],
        summary: 'Put the open lead statuses in a new order',
        body: reorderLeadStatusesBodySchema,
        response: { 200: leadStatusListSchema, ...problemResponses },
      },
    },
    async (request) => ({ items: await statuses.reorder(actorOf(request), request.body.statusIds) }),
  );
  app.patch(
    '/api/lead-statuses/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['leads'],
        summary:
          'Rename, recolour or move a lead status (Converted and Junk are only renamed and recoloured)',
        params: idParamsSchema,
        body: updateLeadStatusBodySchema,
        response: { 200: leadStatusSchema, ...problemResponses },
      },
    },
    (request) => statuses.update(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/lead-statuses/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['leads'],
        summary: 'Delete an open lead status; its leads go to `moveTo` (required when it has any)',
        params: idParamsSchema,
        querystring: deleteLeadStatusQuerySchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await statuses.remove(actorOf(request), request.params.id, request.query.moveTo);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/leads',
    {
      schema: {
        tags: ['leads'],
        summary:
          'Leads, newest first or by `sort`, in keyset pages; search by words or phone digits; filter by status, responsible users, source, phone, e-mail, creation time, custom fields',
        querystring: leadListQuerySchema,
        response: { 200: leadPageSchema, ...problemResponses },
      },
    },
    (request) => leads.list(actorOf(request), request.query),
  );
  app.post(
    '/api/leads',
    {
      schema: {
        tags: ['leads'],
        summary: 'Create a lead (409 leads_disabled when the account works without leads)',
        body: createLeadBodySchema,
        response: { 201: leadSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await leads.create(actorOf(request), request.body), 201),
  );
  app.post(
    '/api/leads/bulk',
    {
      schema: {
        tags: ['leads'],
        summary:
          'Change the status or the responsible of up to 500 leads, or delete them: all or nothing; problems named per lead at body.ids.<n>',
        body: bulkLeadsBodySchema,
        response: { 200: bulkLeadsResultSchema, ...problemResponses },
      },
    },
    (request) => leads.bulk(actorOf(request), request.body),
  );
  app.get(
    '/api/leads/:id',
    {
      schema: {
        tags: ['leads'],
        summary: 'One lead',
        params: idParamsSchema,
        response: { 200: leadSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await leads.get(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/leads/:id',
    {
      schema: {
        tags: ['leads'],
        summary:
          'Change a lead (lists of phones, e-mails… replace the old ones); a converted lead changes only its comment, a junk one only its comment until reopened; If-Match refuses a stale write',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateLeadBodySchema,
        response: { 200: leadSchema, ...problemResponses },
      },
    },
    versionedUpdate(leads),
  );
  app.delete(
    '/api/leads/:id',
    {
      schema: {
        tags: ['leads'],
        summary: 'Delete a lead (its responsible user or an administrator)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    versionedDelete(leads),
  );
  app.post(
    '/api/leads/:id/convert',
    {
      schema: {
        tags: ['leads'],
        summary:
          'Convert a lead into a deal, a contact and / or a company in one transaction (all or nothing); its open tasks and timeline move to the deal (or the contact)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: convertLeadBodySchema,
        response: { 200: leadConversionSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await conversion.convert(
        actorOf(request),
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers['if-match']),
      );
      return reply.header('etag', etagOf(result.lead.version)).send(result);
    },
  );
}
