// /api/files: upload one file (multipart/form-data, part `file`), read its metadata, stream its bytes back,
// delete it. The bytes are served with the stored type, `X-Content-Type-Options: nosniff`, a sandboxing
// CSP, and `Content-Disposition` carrying the exact (UTF-8) name; only types a browser merely displays
// (images, PDF, plain text, audio, video) are `inline`, everything else is an `attachment`.
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  fileContentQuerySchema,
  fileUploadBodySchema,
  idParamsSchema,
  problemSchema,
  storedFileSchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import { AppError, invalidField } from '../../platform/errors.js';
import { contentDisposition, showsInline } from './file-names.js';
import type { FilesService, Upload } from './files.service.js';
import type { FileStorage } from './files.storage.js';

/** Room for the multipart framing and a few small fields around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const tooLarge = (limit: number) =>
  new AppError(413, 'file_too_large', `The file is larger than the limit of ${limit} bytes`, {
    errors: [{ field: 'body.file', reason: `must be at most ${limit} bytes` }],
  });

/** Errors of the multipart parser as problems naming the part (never a 500 for a bad request). */
function uploadProblem(error: unknown, limit: number): unknown {
  if (error instanceof AppError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(limit);
  if (code === 'FST_FILES_LIMIT') return invalidField('body.file', 'send one file per request');
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return invalidField('body', 'too many parts: send one part named "file"');
  const message = error instanceof Error ? error.message : 'malformed';
  return new AppError(400, 'malformed_multipart', `The multipart body is malformed: ${message}`, {
    errors: [{ field: 'body', reason: 'is not well-formed multipart/form-data' }],
  });
}

/** Reads the one file of a multipart request into temporary storage. */
async function receiveUpload(request: FastifyRequest, storage: FileStorage, limit: number): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data', {
      errors: [{ field: 'body.file', reason: 'send it in a multipart/form-data part named "file"' }],
    });
  }
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > limit + MULTIPART_OVERHEAD) throw tooLarge(limit);
  let upload: Upload | undefined;
  try {
    const files = request.files({
      limits: { fileSize: limit, files: 1, fields: 20, parts: 21 },
      throwFileSizeLimit: false,
    });
    for await (const part of files) {
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw invalidField('body.file', `send the file in a part named "file", not "${part.fieldname}"`);
      }
      const received = await storage.receive(part.file);
      if (received.truncated) throw tooLarge(limit);
      upload = { received, filename: part.filename, declaredMime: part.mimetype };
    }
  } catch (error) {
    if (upload) await storage.discard(upload.received.tempPath);
    throw uploadProblem(error, limit);
  }
  if (!upload) throw invalidField('body.file', 'is required: send the file in a part named "file"');
  return upload;
}

export function registerFilesRoutes(
  app: App,
  { service, storage, sizeLimit }: { service: FilesService; storage: FileStorage; sizeLimit: number },
) {
  // The multipart parser, for the whole server (it reads UTF-8 file names as browsers send them).
  void app.register(multipart);

  app.post(
    '/api/files',
    {
      schema: {
        tags: ['files'],
        summary: `Upload one file (multipart/form-data, part "file"; at most ${sizeLimit} bytes)`,
        consumes: ['multipart/form-data'],
        body: fileUploadBodySchema,
        response: { 201: storedFileSchema, 413: problemSchema, 415: problemSchema, ...problemResponses },
      },
      // The body is a stream read by the handler, not a parsed document: nothing to validate up front.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const upload = await receiveUpload(request, storage, sizeLimit);
      return reply.code(201).send(await service.create(actor, upload));
    },
  );
  app.get(
    '/api/files/:id',
    {
      schema: {
        tags: ['files'],
        summary: 'A file’s name, type, size and SHA-256',
        params: idParamsSchema,
        response: { 200: storedFileSchema, ...problemResponses },
      },
    },
    (request) => service.get(actorOf(request), request.params.id),
  );
  app.get(
    '/api/files/:id/content',
    {
      schema: {
        tags: ['files'],
        summary: 'The file’s bytes, with its type and name (Content-Disposition, RFC 6266)',
        params: idParamsSchema,
        querystring: fileContentQuerySchema,
        response: {
          200: {
            description: 'The bytes, as the stored type',
            content: { 'application/octet-stream': { schema: z.file() } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, typedReply) => {
      // The typed reply only knows JSON bodies; this one answers with a stream (or 304).
      const reply = typedReply as unknown as FastifyReply;
      const { file, open } = await service.content(actorOf(request), request.params.id);
      const etag = `"${file.sha256}"`;
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      const stream = await open();
      if (!stream) throw new AppError(410, 'content_missing', 'The bytes of this file are no longer stored');
      const inline = request.query.download !== 'true' && showsInline(file.mime);
      reply
        .type(file.mime)
        .header('content-length', file.size)
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name))
        .header('x-content-type-options', 'nosniff');
      // Nothing served from here may run script in our origin (browsers' PDF viewers need no sandbox).
      if (file.mime !== 'application/pdf') reply.header('content-security-policy', 'sandbox');
      return reply.send(stream);
    },
  );
  app.delete(
    '/api/files/:id',
    {
      schema: {
        tags: ['files'],
        summary: 'Delete a file (its uploader or an administrator) that no timeline entry has',
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
