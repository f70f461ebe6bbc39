// The signed-in user ("me") and the session-level actions around it.
import { createContext, useContext } from 'react';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Me } from '@voronka/contracts';
import { api, isApiError } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export const meQuery = queryOptions({
  queryKey: queryKeys.me,
  queryFn: () => api.get<Me>('/api/me'),
  staleTime: 60_000,
});

export function useMeQuery() {
  return useQuery(meQuery);
}

export function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.status === 401;
}

/** Set by `RequireAuth` for everything rendered inside the signed-in app. */
export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (me === null) throw new Error('useMe() is only available inside <RequireAuth>');
  return me;
}

export function useIsAdmin(): boolean {
  return useMe().account.role === 'admin';
}

export function looksLikeMe(value: unknown): value is Me {
  return (
    typeof value === 'object' &&
    value !== null &&
    'user' in value &&
    'account' in value &&
    'accounts' in value
  );
}

/** After sign-in, sign-up, accepting an invitation or switching accounts: start from a clean cache. */
export async function enterSession(queryClient: QueryClient, response: unknown): Promise<void> {
  await queryClient.cancelQueries();
  if (looksLikeMe(response)) queryClient.setQueryData(queryKeys.me, response);
  else
    await queryClient.query({ queryKey: queryKeys.me, queryFn: () => api.get<Me>('/api/me'), staleTime: 0 });
  // Nothing cached for another session or account may show: back to loading, refetched on use.
  void queryClient.resetQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
}

/** `enterSession`, then on to `path`: the signed-out page the visitor came from is not kept in history. */
export function useEnterSession(): (response: unknown, path: string) => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async (response, path) => {
    await enterSession(queryClient, response);
    await navigate(path, { replace: true });
  };
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<unknown>('/api/auth/sign-out'),
    onSettled: () => {
      // Whatever the server said, this tab forgets the session and its data.
      queryClient.removeQueries();
      void navigate('/sign-in', { replace: true });
    },
  });
}

export function useSwitchAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) => api.post<unknown>('/api/me/account', { accountId }),
    onSuccess: (response) => enterSession(queryClient, response),
  });
}
