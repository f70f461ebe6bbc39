// The global search's server state: one query per search text, kept while the next one loads.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SearchResults } from '@voronka/contracts';
import { api } from '../../lib/api';

/** Results per entity the box shows. */
export const SEARCH_LIMIT = 5;

export function useGlobalSearch(text: string) {
  return useQuery({
    queryKey: ['search', text],
    queryFn: () =>
      api.get<SearchResults>(
        `/api/search?${new URLSearchParams({ q: text, limit: String(SEARCH_LIMIT) }).toString()}`,
      ),
    enabled: text !== '',
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
