// Server state of the webhooks settings (administrators only). Mutations refetch the list; the delivery
// log is paged by cursor, newest first.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEventType,
  WebhookWithSecret,
} from '@voronka/contracts';
import { api, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export interface WebhookInput {
  url: string;
  eventTypes: string[];
  active: boolean;
  description: string;
}

export const useWebhooks = () =>
  useQuery({
    queryKey: queryKeys.webhooks,
    queryFn: async () => (await api.get<ListResponse<Webhook>>('/api/webhooks')).items,
  });

export const useWebhookEventTypes = () =>
  useQuery({
    queryKey: [...queryKeys.webhooks, 'event-types'],
    queryFn: async () => (await api.get<ListResponse<WebhookEventType>>('/api/webhooks/event-types')).items,
    staleTime: Infinity,
  });

export const useWebhookDeliveries = (id: string) =>
  useInfiniteQuery({
    queryKey: queryKeys.webhookDeliveries(id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api.get<WebhookDeliveryPage>(
        `/api/webhooks/${id}/deliveries?limit=25${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (page) => page.nextCursor,
  });

function useWebhookMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

export const useCreateWebhook = () =>
  useWebhookMutation((input: WebhookInput) => api.post<WebhookWithSecret>('/api/webhooks', input));

export const useUpdateWebhook = () =>
  useWebhookMutation(({ id, ...changes }: Partial<WebhookInput> & { id: string }) =>
    api.patch<Webhook>(`/api/webhooks/${id}`, changes),
  );

export const useDeleteWebhook = () => useWebhookMutation((id: string) => api.delete(`/api/webhooks/${id}`));

export const useRotateWebhookSecret = () =>
  useWebhookMutation((id: string) => api.post<WebhookWithSecret>(`/api/webhooks/${id}/rotate-secret`));

export const useTestWebhook = () =>
  useWebhookMutation((id: string) => api.post<WebhookDelivery>(`/api/webhooks/${id}/test`));

export const useRetryDelivery = () =>
  useWebhookMutation(({ id, deliveryId }: { id: string; deliveryId: string }) =>
    api.post<WebhookDelivery>(`/api/webhooks/${id}/deliveries/${deliveryId}/retry`),
  );
