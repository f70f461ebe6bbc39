// Optimistic concurrency over HTTP: a record's version goes out as `ETag: "v<version>"`; a change that sends
// `If-Match` with an older one is refused with 409 by the service, and nothing is overwritten.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const ifMatchHeadersSchema = z
  .object({
    'if-match': z
      .string()
      .regex(/^"v\d{1,9}"$/, 'must be an ETag from this API, like "v3"')
      .optional(),
  })
  .loose();

export const etagOf = (version: number) => `"v${version}"`;

/** The version an If-Match header names, or undefined when the client sent none. */
export const versionFromIfMatch = (header: string | undefined) =>
  header ? Number(header.slice(2, -1)) : undefined;

/** Sends a versioned record with its ETag (and the status, 201 for a created one). */
export const sendVersioned = (reply: FastifyReply, record: { version: number }, status = 200) =>
  reply.code(status).header('etag', etagOf(record.version)).send(record);
