// history — owns the change history of every record (CORE-7). A projection of every domain event, written
// in the transaction that records it (ADR 0015); emits none. GET /api/history?entity=&entityId= reads a record's history; `service.feed`
// gives it by time to the timeline module, which merges it into a record's feed. `records` (from the
// composition root) says whether the user may read the record: a hidden one's history is an empty page.
import { historyPageSchema, historyQuerySchema } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { ReadableRecords } from '../access/index.js';
import { createHistoryRepository } from './history.repository.js';
import { createHistoryService } from './history.service.js';

export type { HistoryService, HistoryFeedBefore } from './history.service.js';

export function createHistoryModule(deps: { db: Db; records: ReadableRecords }) {
  const service = createHistoryService({
    db: deps.db,
    repo: createHistoryRepository(),
    records: deps.records,
  });
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
