// search — owns nothing in the database: the global search (GET /api/search) asks the deals, contacts,
// companies and leads services (handed in by app.ts) for their list search in parallel, each capped, and
// groups the results. Emits and consumes no events.
import type { App } from '../../platform/http/index.js';
import { registerSearchRoutes } from './search.routes.js';
import { createSearchService, type SearchSources } from './search.service.js';

export type { SearchService, SearchSources } from './search.service.js';

export function createSearchModule(deps: { sources: SearchSources }) {
  const service = createSearchService(deps.sources);
  return { service, registerRoutes: (app: App) => registerSearchRoutes(app, service) };
}
