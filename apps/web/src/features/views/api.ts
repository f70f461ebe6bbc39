// Server state of saved views (/api/saved-views): one query per entity, refreshed after every change here
// (and by realtime `saved_view.*` events, lib/queryKeys.ts).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateSavedViewBody,
  SavedView,
  SavedViewEntity,
  UpdateSavedViewBody,
} from '@voronka/contracts';
import { api, request, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export const savedViewsKey = (entity: SavedViewEntity) => [...queryKeys.savedViews, entity] as const;

export const savedViewsQuery = (entity: SavedViewEntity) =>
  queryOptions({
    queryKey: savedViewsKey(entity),
    queryFn: async () => (await api.get<ListResponse<SavedView>>(`/api/saved-views?entity=${entity}`)).items,
  });

export function useSavedViews(entity: SavedViewEntity) {
  return useQuery(savedViewsQuery(entity));
}

function useRefresh(entity: SavedViewEntity) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: savedViewsKey(entity) });
}

export function useCreateView(entity: SavedViewEntity) {
  const refresh = useRefresh(entity);
  return useMutation({
    mutationFn: (body: Omit<CreateSavedViewBody, 'entity'>) =>
      api.post<SavedView>('/api/saved-views', { ...body, entity }),
    onSuccess: refresh,
  });
}

export function useUpdateView(entity: SavedViewEntity) {
  const refresh = useRefresh(entity);
  return useMutation({
    mutationFn: ({ view, change }: { view: SavedView; change: UpdateSavedViewBody }) =>
      api.patch<SavedView>(`/api/saved-views/${view.id}`, change, { 'if-match': `"v${view.version}"` }),
    onSettled: refresh,
  });
}

export function useDeleteView(entity: SavedViewEntity) {
  const refresh = useRefresh(entity);
  return useMutation({
    mutationFn: (view: SavedView) =>
      request<undefined>('DELETE', `/api/saved-views/${view.id}`, undefined, {
        'if-match': `"v${view.version}"`,
      }),
    onSettled: refresh,
  });
}

/** Makes the view the user's default of its entity, or stops it being that. */
export function useToggleDefaultView(entity: SavedViewEntity) {
  const refresh = useRefresh(entity);
  return useMutation({
    mutationFn: (view: SavedView) =>
      view.isDefault
        ? api.delete(`/api/saved-views/${view.id}/default`)
        : api.put<SavedView>(`/api/saved-views/${view.id}/default`, undefined),
    onSettled: refresh,
  });
}
