// /api/search: one search box across deals, contacts, companies and leads.
import { searchQuerySchema, searchResultsSchema } from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { SearchService } from './search.service.js';

export function registerSearchRoutes(app: App, service: SearchService) {
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search deals, contacts, companies and leads at once (words, an e-mail, digits of a phone)',
        querystring: searchQuerySchema,
        response: { 200: searchResultsSchema, ...problemResponses },
      },
    },
    (request) => service.search(actorOf(request), request.query),
  );
}
