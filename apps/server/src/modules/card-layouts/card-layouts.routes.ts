// /api/card-layouts/:entity: how the fields panel of the deal, lead, contact and company cards is arranged
// for the account. Everyone reads it; administrators change it (If-Match refuses a stale write).
import { cardLayoutParamsSchema, cardLayoutSchema, updateCardLayoutBodySchema } from '@voronka/contracts';
import {
  actorOf,
  ifMatchHeadersSchema,
  problemResponses,
  sendVersioned,
  versionFromIfMatch,
  type App,
} from '../../platform/http/index.js';
import type { CardLayoutsService } from './card-layouts.service.js';

export function registerCardLayoutsRoutes(app: App, service: CardLayoutsService) {
  app.get(
    '/api/card-layouts/:entity',
    {
      schema: {
        tags: ['card-layouts'],
        summary: "The account's layout of the entity's card (the default one, version 0, until one is saved)",
        params: cardLayoutParamsSchema,
        response: { 200: cardLayoutSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, await service.get(actorOf(request), request.params.entity)),
  );
  app.put(
    '/api/card-layouts/:entity',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['card-layouts'],
        summary:
          "Arrange the entity's card for the whole account (administrators; If-Match refuses a stale write)",
        params: cardLayoutParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateCardLayoutBodySchema,
        response: { 200: cardLayoutSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(
        reply,
        await service.update(
          actorOf(request),
          request.params.entity,
          request.body,
          versionFromIfMatch(request.headers['if-match']),
        ),
      ),
  );
}
