// /api/imports/amocrm/runs: choosing what to migrate, the data check, the run (start, stop, continue,
// cancel, delete migrated data, confirm), its live log and report, and the delta re-sync (MIGR-2..5).
// Administrators only.
import { z } from 'zod';
import {
  amoSourceSchema,
  createImportRunBodySchema,
  idParamsSchema,
  importRunFailuresQuerySchema,
  importRunFailuresSchema,
  importRunReportQuerySchema,
  importRunListSchema,
  importRunLogQuerySchema,
  importRunLogSchema,
  importRunSchema,
  updateImportRunBodySchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { RunsService } from './runs.service.js';

const BASE = '/api/imports/amocrm';
const actions = {
  start:
    'Start the migration (after the data check): it runs in the background, also with the browser closed',
  stop: 'Stop: pauses after the current page; Continue resumes from there',
  continue: 'Continue a stopped run (or one a server error interrupted) from where it stopped',
  cancel: 'Cancel the run; "Delete migrated data" (rollback) can then remove what it brought over',
  rollback:
    'Delete migrated data: removes what this run created and restores what it updated (after Cancel, a server error, or before confirming)',
  confirm: 'Confirm a completed run (done automatically 7 days after completion)',
} as const;

export function registerRunsRoutes(app: App, service: RunsService) {
  app.get(
    `${BASE}/connections/:id/source`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'The source’s users (matched by e-mail), pipelines and stages, and custom fields',
        params: idParamsSchema,
        response: { 200: amoSourceSchema, ...problemResponses },
      },
    },
    (request) => service.source(actorOf(request), request.params.id),
  );
  app.post(
    `${BASE}/runs`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Choose what to migrate; the data check starts at once',
        body: createImportRunBodySchema,
        response: { 201: importRunSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  );
  app.get(
    `${BASE}/runs`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Migration runs, newest first',
        response: { 200: importRunListSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request)),
  );
  app.get(
    `${BASE}/runs/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'A run: status, step, progress, counters, the data check',
        params: idParamsSchema,
        response: { 200: importRunSchema, ...problemResponses },
      },
    },
    (request) => service.get(actorOf(request), request.params.id),
  );
  app.patch(
    `${BASE}/runs/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Change the selection before starting; the data check runs again',
        params: idParamsSchema,
        body: updateImportRunBodySchema,
        response: { 200: importRunSchema, ...problemResponses },
      },
      // Another account's run is absent (404) whatever the body says: looked up before the body is checked.
      preValidation: async (request) => {
        const { id } = request.params as { id?: unknown };
        if (idParamsSchema.safeParse({ id }).success) await service.get(actorOf(request), id as string);
      },
    },
    (request) => service.update(actorOf(request), request.params.id, request.body),
  );
  for (const [action, summary] of Object.entries(actions) as [keyof typeof actions, string][]) {
    app.post(
      `${BASE}/runs/:id/${action}`,
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['imports'],
          summary,
          params: idParamsSchema,
          response: { 200: importRunSchema, ...problemResponses },
        },
      },
      (request) => service[action](actorOf(request), request.params.id),
    );
  }
  app.post(
    `${BASE}/runs/:id/sync`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary:
          'Delta re-sync: a new run with the same selection, reading only what changed in amoCRM since',
        params: idParamsSchema,
        response: { 201: importRunSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await service.sync(actorOf(request), request.params.id)),
  );
  app.get(
    `${BASE}/runs/:id/log`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'The run’s live log, after a seq (keyset)',
        params: idParamsSchema,
        querystring: importRunLogQuerySchema,
        response: { 200: importRunLogSchema, ...problemResponses },
      },
    },
    (request) => service.log(actorOf(request), request.params.id, request.query),
  );
  app.get(
    `${BASE}/runs/:id/failures`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'The records not migrated and why',
        params: idParamsSchema,
        querystring: importRunFailuresQuerySchema,
        response: { 200: importRunFailuresSchema, ...problemResponses },
      },
    },
    (request) => service.failures(actorOf(request), request.params.id, request.query),
  );
  app.get(
    `${BASE}/runs/:id/report.csv`,
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'The records not migrated and why, as CSV',
        params: idParamsSchema,
        querystring: importRunReportQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV, UTF-8 with BOM'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const csv = await service.reportCsv(actorOf(request), request.params.id, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="migration-${request.params.id}-report.csv"`)
        .send(csv);
    },
  );
}
