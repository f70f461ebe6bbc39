// Handlers of the routes every versioned record has: PATCH /…/:id and DELETE /…/:id, both guarded by
// If-Match (the route declares params: idParamsSchema and headers: ifMatchHeadersSchema in its schema, which
// stays at the route with its body, responses and summary).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, type Actor } from './auth.js';
import { sendVersioned, versionFromIfMatch } from './etag.js';

/** What the handlers read of a `/…/:id` request the route's schema has validated. */
type RecordRequest<Body = unknown> = FastifyRequest & {
  params: { id: string };
  body: Body;
  headers: { 'if-match'?: string | undefined };
};

/** PATCH: the service's `update(actor, id, body, If-Match version)`, then the record with its ETag. */
export const versionedUpdate =
  <Body>(service: {
    update: (
      actor: Actor,
      id: string,
      body: Body,
      ifMatch: number | undefined,
    ) => Promise<{ version: number }>;
  }) =>
  async (request: RecordRequest<Body>, reply: FastifyReply) =>
    sendVersioned(
      reply,
      await service.update(
        actorOf(request),
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers['if-match']),
      ),
    );

/** DELETE: the service's `remove(actor, id, If-Match version)`, then 204. */
export const versionedDelete =
  (service: { remove: (actor: Actor, id: string, ifMatch: number | undefined) => Promise<unknown> }) =>
  async (request: RecordRequest, reply: FastifyReply) => {
    await service.remove(
      actorOf(request),
      request.params.id,
      versionFromIfMatch(request.headers['if-match']),
    );
    return reply.code(204).send(null);
  };
