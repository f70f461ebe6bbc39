// Merging duplicate contacts or companies and undoing a merge. After a merge the kept record's card, both
// lists and everything that pointed at the merged-away records (deals, tasks, the feed) are refreshed.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { RecordMerge } from '@voronka/contracts';
import { api, request } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import { ENTITIES, ifMatch, type RecordEntity } from '../contacts/api';

const refreshAfterMerge = (queryClient: QueryClient) =>
  Promise.all(
    [queryKeys.contacts, queryKeys.companies, queryKeys.deals, queryKeys.timeline, queryKeys.merges].map(
      (queryKey) => queryClient.invalidateQueries({ queryKey }),
    ),
  );

export interface MergeVariables {
  targetId: string;
  targetVersion: number;
  sourceIds: string[];
  values: Record<string, string>;
}

export function useMergeRecords(entity: RecordEntity) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ targetVersion, ...body }: MergeVariables) =>
      request<{ merge: RecordMerge }>('POST', `${ENTITIES[entity].api}/merge`, body, ifMatch(targetVersion)),
    onSuccess: () => refreshAfterMerge(queryClient),
  });
}

/** Undoes a merge (a plain function: the undo button lives in a notification, outside the query provider). */
export async function undoMerge(queryClient: QueryClient, mergeId: string): Promise<RecordMerge> {
  const merge = await api.post<RecordMerge>(`/api/merges/${mergeId}/undo`);
  await refreshAfterMerge(queryClient);
  return merge;
}

/**
 * The merge that took a record away, looked up among the account's latest merges of its kind (the address
 * of a merged-away record then explains where it went).
 */
export function useMergeOf(entity: RecordEntity, sourceId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.mergeOf(entity, sourceId),
    enabled,
    queryFn: async () => {
      const page = await api.get<{ items: RecordMerge[] }>(`/api/merges?entity=${entity}&limit=500`);
      return (
        page.items.find((merge) => merge.sourceIds.includes(sourceId) && merge.undoneAt === null) ?? null
      );
    },
  });
}
