// Server state of the Unsorted inbox (GET /api/inbox, accept / decline / link), of a deal's requests and of
// the SLA report (GET /api/intake/sla-report).
// Every query lives under the `inbox` root: realtime events of requests and deals refresh it, so a new
// submission appears without a reload.
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Deal, InboxPage, IntakeRequest, RequestKind, SlaReport } from '@voronka/contracts';
import { api, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export interface InboxFilters {
  pipelineId: string | null;
  source: string | null;
  kind: RequestKind | null;
}

const inboxPath = (filters: InboxFilters, cursor: string | null, limit: number) => {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filters.pipelineId) params.set('pipelineId', filters.pipelineId);
  if (filters.source) params.set('source', filters.source);
  if (filters.kind) params.set('kind', filters.kind);
  if (cursor) params.set('cursor', cursor);
  return `/api/inbox?${params.toString()}`;
};

export const useInbox = (filters: InboxFilters) =>
  useInfiniteQuery({
    queryKey: queryKeys.inboxList(JSON.stringify(filters)),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get<InboxPage>(inboxPath(filters, pageParam, 50)),
    getNextPageParam: (page) => page.nextCursor,
  });

/** The running deadlines of a pipeline's Unsorted deals (the kanban's countdowns), by deal id. */
export const useInboxDeadlines = (pipelineId: string) =>
  useQuery({
    queryKey: queryKeys.inboxDeadlines(pipelineId),
    queryFn: async () => {
      const page = await api.get<InboxPage>(inboxPath({ pipelineId, source: null, kind: null }, null, 200));
      const due = new Map<string, string>();
      for (const request of page.items)
        if (request.sla.dueAt !== null && request.sla.respondedAt === null)
          due.set(request.dealId, request.sla.dueAt);
      return due;
    },
  });

export const useDealRequests = (dealId: string) =>
  useQuery({
    queryKey: queryKeys.dealRequests(dealId),
    queryFn: async () =>
      (await api.get<ListResponse<IntakeRequest>>(`/api/intake/deals/${dealId}/requests`)).items,
  });

/**
 * The SLA report of the requests received in [from, to) (ISO instants; null leaves that side open). Kept
 * on screen while another period loads; `enabled` waits for the period to be known.
 */
export const useSlaReport = (period: { from: string | null; to: string | null }, enabled = true) =>
  useQuery({
    queryKey: queryKeys.inboxSlaReport(period.from, period.to),
    queryFn: () => {
      const params = new URLSearchParams();
      if (period.from !== null) params.set('from', period.from);
      if (period.to !== null) params.set('to', period.to);
      return api.get<SlaReport>(`/api/intake/sla-report?${params.toString()}`);
    },
    placeholderData: keepPreviousData,
    enabled,
  });

function useInboxMutation<V>(fn: (variables: V) => Promise<Deal>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.inbox });
      void queryClient.invalidateQueries({ queryKey: queryKeys.deals });
    },
  });
}

export const useAcceptRequest = () =>
  useInboxMutation(({ dealId, ...body }: { dealId: string; stageId?: string; createCompany: boolean }) =>
    api.post<Deal>(`/api/inbox/${dealId}/accept`, body),
  );

export const useDeclineRequest = () =>
  useInboxMutation(({ dealId, ...body }: { dealId: string; lossReasonId: string | null; comment: string }) =>
    api.post<Deal>(`/api/inbox/${dealId}/decline`, body),
  );

export const useLinkRequest = () =>
  useInboxMutation(({ dealId, targetDealId }: { dealId: string; targetDealId: string }) =>
    api.post<Deal>(`/api/inbox/${dealId}/link`, { targetDealId }),
  );
