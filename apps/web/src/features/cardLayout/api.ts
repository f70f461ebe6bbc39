// Server state of card layouts (/api/card-layouts/{entity}): one query per entity, refreshed after a save
// here and by the realtime `card_layout.updated` event (lib/queryKeys.ts), so every open card rearranges
// itself when an administrator changes the layout.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CardLayout, CardLayoutEntity, UpdateCardLayoutBody } from '@voronka/contracts';
import { api, request } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

const layoutQuery = (entity: CardLayoutEntity) => ({
  queryKey: queryKeys.cardLayout(entity),
  queryFn: () => api.get<CardLayout>(`/api/card-layouts/${entity}`),
});

export function useCardLayout(entity: CardLayoutEntity) {
  return useQuery({ ...layoutQuery(entity), staleTime: 60_000 });
}

/** Fetches the layout as stored now (after a refused save). */
export function useReloadCardLayout(entity: CardLayoutEntity) {
  const queryClient = useQueryClient();
  return () => queryClient.query({ ...layoutQuery(entity), staleTime: 0 });
}

export function useSaveCardLayout(entity: CardLayoutEntity) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: UpdateCardLayoutBody; version: number }) =>
      request<CardLayout>('PUT', `/api/card-layouts/${entity}`, body, { 'if-match': `"v${version}"` }),
    onSuccess: (layout) => queryClient.setQueryData(queryKeys.cardLayout(entity), layout),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cardLayout(entity) }),
  });
}
