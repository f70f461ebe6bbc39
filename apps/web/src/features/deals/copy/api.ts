// Server state of deal copies: a deal's copy links, the copy itself (with an Idempotency-Key, so a retried
// click never makes two copies) and the account's presets.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CopyDealBody,
  DealCopyLinks,
  DealCopyPreset,
  DealCopyPresetBody,
  DealCopyResult,
} from '@voronka/contracts';
import { api, request, type ListResponse } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';

export const useCopyLinks = (dealId: string) =>
  useQuery({
    queryKey: queryKeys.dealCopyLinks(dealId),
    queryFn: () => api.get<DealCopyLinks>(`/api/deals/${dealId}/copy-links`),
  });

export const useCopyPresets = () =>
  useQuery({
    queryKey: queryKeys.dealCopyPresets,
    queryFn: async () => (await api.get<ListResponse<DealCopyPreset>>('/api/deal-copy-presets')).items,
  });

export function useCopyDeal(dealId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CopyDealBody; key: string }) =>
      request<DealCopyResult>('POST', `/api/deals/${dealId}/copy`, body, { 'idempotency-key': key }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.deals });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timelineFeed('deal', dealId) });
    },
  });
}

export function useSavePreset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: DealCopyPresetBody }) =>
      id === null
        ? api.post<DealCopyPreset>('/api/deal-copy-presets', body)
        : api.put<DealCopyPreset>(`/api/deal-copy-presets/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.dealCopyPresets }),
  });
}

export function useDeletePreset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/deal-copy-presets/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.dealCopyPresets }),
  });
}
