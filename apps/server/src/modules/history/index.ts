// history — owns the change history of every record (CORE-7). A projection of every domain event, written
// in the transaction that records it (ADR 0015); emits none. GET /api/history?entity=&entityId= reads a record's history; `service.feed`
// gives it by time to the timeline module, which merges it into a record's feed.
import { historyPageSchema, historyQuerySchema } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import { createHistoryRepository } from './history.repository.js';
import { createHistoryService } from './history.service.js';

export type { HistoryService, HistoryFeedBefore } from './history.service.js';

export function createHistoryModule(deps: { db: Db }) {
  const service = createHistoryService({ db: deps.db, repo: createHistoryRepository() });
  return {
    service,
    projection: service.projection,
    registerRoutes(app: App) {
      app.get(
        '/api/history',
        {
          schema: {
            tags: ['history'],
            summary: 'A record’s change history, newest first',
            querystring: historyQuerySchema,
            response: { 200: historyPageSchema, ...problemResponses },
          },
        },
        (request) => service.page(actorOf(request), request.query),
      );
    },
  };
}
