// /api/imports/amocrm: connecting amoCRM portals for a migration (MIGR-1). Administrators only; tokens
// never leave the server.
import { z } from 'zod';
import {
  amoConnectBodySchema,
  amoRedirectUrlSchema,
  idParamsSchema,
  importConnectionListSchema,
  importConnectionSchema,
  problemSchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import { AMO_REDIRECT_PATH, type ConnectionsService } from './connections.service.js';

const origin = (request: { protocol: string; host: string }) => `${request.protocol}://${request.host}`;

const callbackQuerySchema = z.object({
  code: z.string().max(4000).optional(),
  referer: z.string().max(300).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  client_id: z.string().max(100).optional(),
  from_widget: z.string().max(10).optional(),
});

export function registerConnectionsRoutes(app: App, service: ConnectionsService) {
  app.get(
    '/api/imports/amocrm/redirect-url',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'The redirect link to paste into the amoCRM integration',
        response: { 200: amoRedirectUrlSchema, ...problemResponses },
      },
    },
    (request) => service.redirectUrl(origin(request)),
  );
  app.get(
    AMO_REDIRECT_PATH,
    {
      config: { auth: 'public' },
      schema: {
        tags: ['imports'],
        summary:
          'Where amoCRM sends the browser after "Allow": hands the code and the portal to the connect form',
        querystring: callbackQuerySchema,
        response: { 302: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const params = new URLSearchParams();
      const { code, referer, error } = request.query;
      if (code) params.set('code', code);
      if (referer) params.set('portal', referer);
      if (error) params.set('error', error);
      return reply.code(302).header('location', `/imports/amocrm?${params.toString()}`).send(null);
    },
  );
  app.post(
    '/api/imports/amocrm/connections',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Connect an amoCRM portal with the integration’s keys and authorization code',
        description:
          'Exchanges the code (valid 20 minutes, single use) for tokens kept encrypted; connecting the same portal again replaces its credentials (200).',
        body: amoConnectBodySchema,
        response: {
          200: importConnectionSchema,
          201: importConnectionSchema,
          ...problemResponses,
          502: problemSchema.describe('amoCRM answered with an error of its own: try again later'),
        },
      },
    },
    async (request, reply) => {
      const { connection, created } = await service.connect(actorOf(request), request.body, origin(request));
      return reply.code(created ? 201 : 200).send(connection);
    },
  );
  app.get(
    '/api/imports/amocrm/connections',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Connected amoCRM portals',
        response: { 200: importConnectionListSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request)),
  );
  app.get(
    '/api/imports/amocrm/connections/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'One connection',
        params: idParamsSchema,
        response: { 200: importConnectionSchema, ...problemResponses },
      },
    },
    (request) => service.get(actorOf(request), request.params.id),
  );
  app.delete(
    '/api/imports/amocrm/connections/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Disconnect (forget the tokens)',
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
