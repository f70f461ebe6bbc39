import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/api';
import { queryKeys } from '../lib/queryKeys';

/** Retry only what can succeed on a retry: network failures and server errors, twice. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return true;
  return error.status === 0 || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  // A 401 anywhere means the session ended (signed out elsewhere, expired, user deactivated):
  // re-check "me", whose 401 sends the app to the sign-in page.
  const onError = (error: unknown, key?: readonly unknown[]) => {
    const signedIn = client.getQueryData(queryKeys.me) !== undefined;
    if (signedIn && isApiError(error) && error.status === 401 && key?.[0] !== queryKeys.me[0]) {
      void client.invalidateQueries({ queryKey: queryKeys.me });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => onError(error) }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
  return client;
}
