// /api/spreadsheet-imports: upload a CSV / XLSX file (multipart, part "file") as an import draft, map its
// columns, preview, start, follow, read the report (JSON pages or CSV), undo. /api/exports/<entity>.csv|.xlsx:
// the entity's list (same query parameters) as a file.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  companyListQuerySchema,
  contactListQuerySchema,
  dealListQuerySchema,
  exportParamsSchema,
  leadListQuerySchema,
  problemSchema,
  spreadsheetImportListQuerySchema,
  spreadsheetImportPageSchema,
  spreadsheetImportParamsSchema,
  spreadsheetImportSchema,
  spreadsheetMappingBodySchema,
  spreadsheetPreviewQuerySchema,
  spreadsheetPreviewSchema,
  spreadsheetReportQuerySchema,
  spreadsheetReportSchema,
  spreadsheetUploadBodySchema,
  spreadsheetUploadQuerySchema,
  type SpreadsheetEntity,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import { AppError, invalidField } from '../../platform/errors.js';
import type { ExportsService } from './exports.service.js';
import type { ImportsService } from './imports.service.js';
import { langOf } from './labels.js';

const MULTIPART_OVERHEAD = 64 * 1024;

const tooLarge = (limit: number) =>
  new AppError(413, 'file_too_large', `The file is larger than the limit of ${limit} bytes`, {
    errors: [{ field: 'body.file', reason: `must be at most ${limit} bytes` }],
  });

/** The one file of a multipart request, in memory (spreadsheets are read whole). */
async function receiveFile(request: FastifyRequest, limit: number) {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data', {
      errors: [{ field: 'body.file', reason: 'send it in a multipart/form-data part named "file"' }],
    });
  }
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > limit + MULTIPART_OVERHEAD) throw tooLarge(limit);
  let file: { name: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.files({
      limits: { fileSize: limit, files: 1, fields: 20, parts: 21 },
    })) {
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw invalidField('body.file', `send the file in a part named "file", not "${part.fieldname}"`);
      }
      file = { name: part.filename || 'import.csv', bytes: await part.toBuffer() };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(limit);
    throw new AppError(400, 'malformed_multipart', 'The multipart body is malformed', {
      errors: [{ field: 'body', reason: 'is not well-formed multipart/form-data' }],
    });
  }
  if (!file) throw invalidField('body.file', 'is required: send the file in a part named "file"');
  return file;
}

const exportQuery = (schema: z.ZodObject) =>
  schema.omit({ cursor: true, limit: true }).extend({
    lang: z.enum(['en', 'ru']).optional().describe('Language of the headers; default: Accept-Language'),
  });

const EXPORTS = {
  contacts: exportQuery(contactListQuerySchema),
  companies: exportQuery(companyListQuerySchema),
  deals: exportQuery(dealListQuerySchema),
  leads: exportQuery(leadListQuerySchema),
} as const;

const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

const fileResponse = (description: string) => ({
  description,
  content: { 'application/octet-stream': { schema: z.file() } },
});

export function registerSpreadsheetsRoutes(
  app: App,
  { imports, exports, sizeLimit }: { imports: ImportsService; exports: ExportsService; sizeLimit: number },
) {
  app.post(
    '/api/spreadsheet-imports',
    {
      schema: {
        tags: ['spreadsheet imports'],
        summary: `Upload a CSV (UTF-8 or Windows-1251, any delimiter) or XLSX file as an import draft (multipart, part "file"; at most ${sizeLimit} bytes)`,
        consumes: ['multipart/form-data'],
        querystring: spreadsheetUploadQuerySchema,
        body: spreadsheetUploadBodySchema,
        response: {
          201: spreadsheetImportSchema,
          413: problemSchema,
          415: problemSchema,
          ...problemResponses,
        },
      },
      // The body is a stream read by the handler, not a parsed document.
      validatorCompiler: (route) =>
        route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as never),
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { entity } = request.query;
      const file = await receiveFile(request, sizeLimit);
      return reply.code(201).send(await imports.upload(actor, entity, file.name, file.bytes));
    },
  );
  app.get(
    '/api/spreadsheet-imports',
    {
      schema: {
        tags: ['spreadsheet imports'],
        summary: 'Recent imports, newest first (a member sees their own; an administrator every one)',
        querystring: spreadsheetImportListQuerySchema,
        response: { 200: spreadsheetImportPageSchema, ...problemResponses },
      },
    },
    (request) => imports.list(actorOf(request), request.query),
  );
  app.get(
    '/api/spreadsheet-imports/:id',
    {
      schema: {
        tags: ['spreadsheet imports'],
        summary: 'An import: columns with sample values, mapping, status, progress and counters',
        params: spreadsheetImportParamsSchema,
        response: { 200: spreadsheetImportSchema, ...problemResponses },
      },
    },
    (request) => imports.get(actorOf(request), request.params.id),
  );
  app.put(
    '/api/spreadsheet-imports/:id/mapping',
    {
      schema: {
        tags: ['spreadsheet imports'],
        summary:
          'Map each column to a field (or none) and choose the duplicate rule; saved for files with the same headers',
        params: spreadsheetImportParamsSchema,
        body: spreadsheetMappingBodySchema,
        response: { 200: spreadsheetImportSchema, ...problemResponses },
      },
    },
    (request) => imports.setMapping(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/spreadsheet-imports/:id/preview',
    {
      schema: {
        tags: ['spreadsheet imports'],
        summary: 'The first rows as they would be written, with every error per cell; nothing is written',
        params: spreadsheetImportParamsSchema,
        querystring: spreadsheetPreviewQuerySchema,
        response: { 200: spreadsheetPreviewSchema, ...problemResponses },
      },
    },
    (request) => imports.preview(actorOf(request), request.params.id, request.query.limit),
  );
  // Start and undo each hand the import to a background job and answer 202 with it.
  const jobs = {
    start: 'Start writing the rows (a background job; follow the import for progress)',
    undo: 'Undo a finished import: delete what it created, restore what it updated (a background job)',
  } as const;
  for (const action of ['start', 'undo'] as const) {
    app.post(
      `/api/spreadsheet-imports/:id/${action}`,
      {
        schema: {
          tags: ['spreadsheet imports'],
          summary: jobs[action],
          params: spreadsheetImportParamsSchema,
          response: { 202: spreadsheetImportSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await imports[action](actorOf(request), request.params.id)),
    );
  }
  app.get(
    '/api/spreadsheet-imports/:id/report',
    {
      schema: {
        tags: ['spreadsheet imports'],
        summary: 'What happened to each row: created, updated, skipped or failed, and why',
        params: spreadsheetImportParamsSchema,
        querystring: spreadsheetReportQuerySchema,
        response: { 200: spreadsheetReportSchema, ...problemResponses },
      },
    },
    (request) => imports.report(actorOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/spreadsheet-imports/:id/report.csv',
    {
      schema: {
        tags: ['spreadsheet imports'],
        summary: 'The report as CSV: row, outcome, record id, reason',
        params: spreadsheetImportParamsSchema,
        response: { 200: fileResponse('CSV, UTF-8 with a BOM'), ...problemResponses },
      },
    },
    async (request, typedReply) => {
      const reply = typedReply as unknown as FastifyReply;
      const actor = actorOf(request);
      const found = await imports.get(actor, request.params.id);
      const rows = imports.reportRows(actor, found.id);
      const csv = stringify({ bom: true, header: true, columns: ['row', 'outcome', 'recordId', 'reason'] });
      void (async () => {
        try {
          for await (const r of rows)
            csv.write({
              row: r.row_number,
              outcome: r.outcome,
              recordId: r.record_id ?? '',
              reason: r.reason ?? '',
            });
          csv.end();
        } catch (error) {
          csv.destroy(error as Error);
        }
      })();
      return reply
        .type(MIME.csv)
        .header('content-disposition', `attachment; filename="import-report-${found.id}.csv"`)
        .send(csv);
    },
  );

  for (const entity of Object.keys(EXPORTS) as SpreadsheetEntity[]) {
    const querystring = EXPORTS[entity];
    app.get(
      `/api/exports/${entity}.:format`,
      {
        schema: {
          tags: ['exports'],
          summary: `The ${entity} list as CSV or XLSX: the list's filters, search and sort; headers in the user's language`,
          params: exportParamsSchema,
          querystring,
          response: { 200: fileResponse('CSV (UTF-8 with a BOM) or XLSX'), ...problemResponses },
        },
      },
      async (request, typedReply) => {
        const reply = typedReply as unknown as FastifyReply;
        const { lang, ...query } = request.query as { lang?: string } & Record<string, unknown>;
        const { format } = request.params;
        const stream = await exports.export(
          actorOf(request),
          entity,
          format,
          query,
          langOf(lang, request.headers['accept-language']),
        );
        const date = new Date().toISOString().slice(0, 10);
        return reply
          .type(MIME[format])
          .header('content-disposition', `attachment; filename="${entity}-${date}.${format}"`)
          .header('cache-control', 'no-store')
          .send(stream);
      },
    );
  }
}
