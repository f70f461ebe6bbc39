// /api/contacts/merge, /api/companies/merge: merge duplicates into one record; /api/merges: the merges made,
// and undoing one.
import {
  companyMergeResultSchema,
  contactMergeResultSchema,
  idParamsSchema,
  mergeBodySchema,
  mergeListQuerySchema,
  mergePageSchema,
  recordMergeSchema,
} from '@voronka/contracts';
import {
  actorOf,
  ifMatchHeadersSchema,
  problemResponses,
  versionFromIfMatch,
  type App,
} from '../../platform/http/index.js';
import type { MergesService } from './merges.service.js';

const mergeDescription =
  'The target takes the chosen values (default: its own, empty ones filled from the sources), the union of ' +
  'phones, e-mails, sites, messengers, links and custom-field values; deals, leads, tasks, timeline entries ' +
  'and crm_link values pointing at a source move to the target; the sources are deleted. If-Match applies to ' +
  'the target. An administrator, or the user responsible for every record, may merge. Undo: POST ' +
  '/api/merges/{id}/undo';

export function registerMergesRoutes(app: App, service: MergesService) {
  app.post(
    '/api/contacts/merge',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Merge duplicate contacts into one',
        description: mergeDescription,
        headers: ifMatchHeadersSchema,
        body: mergeBodySchema,
        response: { 200: contactMergeResultSchema, ...problemResponses },
      },
    },
    (request) =>
      service.mergeContacts(actorOf(request), request.body, versionFromIfMatch(request.headers['if-match'])),
  );
  app.post(
    '/api/companies/merge',
    {
      schema: {
        tags: ['companies'],
        summary: 'Merge duplicate companies into one',
        description: mergeDescription,
        headers: ifMatchHeadersSchema,
        body: mergeBodySchema,
        response: { 200: companyMergeResultSchema, ...problemResponses },
      },
    },
    (request) =>
      service.mergeCompanies(actorOf(request), request.body, versionFromIfMatch(request.headers['if-match'])),
  );
  app.get(
    '/api/merges',
    {
      schema: {
        tags: ['merges'],
        summary:
          'Merges of contacts and companies, newest first; filter by entity, kept record and merged-away record',
        querystring: mergeListQuerySchema,
        response: { 200: mergePageSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  );
  app.get(
    '/api/merges/:id',
    {
      schema: {
        tags: ['merges'],
        summary: 'One merge',
        params: idParamsSchema,
        response: { 200: recordMergeSchema, ...problemResponses },
      },
    },
    (request) => service.get(actorOf(request), request.params.id),
  );
  app.post(
    '/api/merges/:id/undo',
    {
      schema: {
        tags: ['merges'],
        summary:
          'Undo a merge: the merged-away records come back with their ids, channels, links and custom fields, ' +
          'the references move back, the kept record gets its previous values. 409 when undone already or ' +
          'when the kept record changed after the merge',
        params: idParamsSchema,
        response: { 200: recordMergeSchema, ...problemResponses },
      },
    },
    (request) => service.undo(actorOf(request), request.params.id),
  );
}
