// Server state of the Leads section: statuses, the list (keyset pages), one lead, its history, and the
// writes — create, change (If-Match), delete, convert, and the statuses' settings. Every lead query key
// starts with `leads`, so a realtime `lead.*` or `task.*` event refreshes them all (lib/queryKeys.ts).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccountSettings,
  BulkLeadsBody,
  BulkLeadsResult,
  CustomField,
  HistoryEntry,
  Lead,
  LeadConversion,
  LeadStatus,
  convertLeadBodySchema,
} from '@voronka/contracts';
import type { z } from 'zod';
import { api, request, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import type { OwnVersions } from '../deals/card/api';
import type { SortOrder } from '../../components/list';
import { apiFilterParams, filtersKey, type LeadFilters, type LeadSort } from './filters';

export const ifMatch = (version: number) => ({ 'if-match': `"v${version}"` });

// ---- statuses ----------------------------------------------------------------------------------------

export const useLeadStatuses = () =>
  useQuery({
    queryKey: queryKeys.leadStatuses,
    queryFn: async () => (await api.get<ListResponse<LeadStatus>>('/api/lead-statuses')).items,
    staleTime: 60_000,
  });

export function useSaveLeadStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string; name: string; color: string }) =>
      id === undefined
        ? api.post<LeadStatus>('/api/lead-statuses', body)
        : api.patch<LeadStatus>(`/api/lead-statuses/${id}`, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.leadStatuses }),
  });
}

export function useDeleteLeadStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, moveTo }: { id: string; moveTo: string | null }) =>
      api.delete<unknown>(
        `/api/lead-statuses/${id}${moveTo === null ? '' : `?moveTo=${encodeURIComponent(moveTo)}`}`,
      ),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.leadStatuses });
      await queryClient.invalidateQueries({ queryKey: queryKeys.leads });
    },
  });
}

/** The statuses with the open ones in the order of `openIds`; Converted and Junk stay last. */
export function withOpenOrder(statuses: readonly LeadStatus[], openIds: readonly string[]): LeadStatus[] {
  const open = statuses.filter((status) => status.kind === 'open');
  const byId = new Map(open.map((status) => [status.id, status]));
  const ordered = openIds.flatMap((id) => {
    const status = byId.get(id);
    return status === undefined ? [] : [status];
  });
  const rest = open.filter((status) => !openIds.includes(status.id));
  const finals = statuses.filter((status) => status.kind !== 'open');
  return [...ordered, ...rest, ...finals].map((status, position) => ({ ...status, position }));
}

/** Puts the open statuses in a new order at once (the list shows it while the server saves it). */
export function useReorderLeadStatuses() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (statusIds: string[]) =>
      api.put<ListResponse<LeadStatus>>('/api/lead-statuses/order', { statusIds }),
    onMutate: async (statusIds) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.leadStatuses });
      queryClient.setQueryData<LeadStatus[]>(queryKeys.leadStatuses, (statuses) =>
        statuses === undefined ? statuses : withOpenOrder(statuses, statusIds),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.leadStatuses }),
  });
}

/** Turns leads on or off for the account (administrators; old leads stay readable). */
export function useSetLeadsEnabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (leadsEnabled: boolean) => api.patch<AccountSettings>('/api/account', { leadsEnabled }),
    onSuccess: (account) => queryClient.setQueryData(queryKeys.account, account),
  });
}

// ---- list --------------------------------------------------------------------------------------------

export const LIST_PAGE = 50;

export interface LeadPage {
  items: Lead[];
  nextCursor: string | null;
}

export function useLeadList(
  filters: LeadFilters,
  sort: LeadSort = 'createdAt',
  order: SortOrder = 'desc',
  enabled = true,
) {
  return useInfiniteQuery({
    queryKey: queryKeys.leadsList(`${filtersKey(filters)}&sort=${sort}&order=${order}`),
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = apiFilterParams(filters);
      params.set('sort', sort);
      params.set('order', order);
      params.set('limit', String(LIST_PAGE));
      if (pageParam !== null) params.set('cursor', pageParam);
      return api.get<LeadPage>(`/api/leads?${params.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export interface NewLead {
  name?: string;
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  amount?: string | null;
  statusId?: string;
  sourceId?: string | null;
  responsibleUserId?: string | null;
  phones?: { value: string }[];
  emails?: { value: string }[];
}

export function useCreateLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewLead) => api.post<Lead>('/api/leads', body),
    onSuccess: (lead) => {
      queryClient.setQueryData(queryKeys.lead(lead.id), lead);
      return queryClient.invalidateQueries({ queryKey: queryKeys.leads });
    },
  });
}

/**
 * Changes the status or the responsible of the ticked leads, or deletes them, in one request: all or
 * nothing; a refusal names each lead it could not change at `ids.<n>`.
 */
export function useBulkLeads() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkLeadsBody) => api.post<BulkLeadsResult>('/api/leads/bulk', body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.leads }),
  });
}

// ---- one lead ----------------------------------------------------------------------------------------

export const useLead = (id: string) =>
  useQuery({ queryKey: queryKeys.lead(id), queryFn: () => api.get<Lead>(`/api/leads/${id}`) });

export type LeadChanges = Partial<{
  name: string | null;
  statusId: string;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  position: string | null;
  companyName: string | null;
  address: string | null;
  comment: string | null;
  amount: string | null;
  currency: string;
  sourceId: string | null;
  responsibleUserId: string | null;
  phones: { value: string; type?: string }[];
  emails: { value: string; type?: string }[];
  customFields: Record<string, unknown>;
}>;

/** Saves changes made from `version`; the answer replaces the cached lead at once. */
export function useSaveLead(id: string, own: OwnVersions) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ changes, version }: { changes: LeadChanges; version: number }) =>
      api.patch<Lead>(`/api/leads/${id}`, changes, ifMatch(own.follow(version))),
    onSuccess: (lead, { version }) => {
      own.record(own.follow(version), lead.version);
      queryClient.setQueryData(queryKeys.lead(id), lead);
      void queryClient.invalidateQueries({ queryKey: queryKeys.leads, refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timelineFeed('lead', id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.leadHistory(id) });
    },
  });
}

export function useDeleteLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lead: Pick<Lead, 'id' | 'version'>) =>
      request('DELETE', `/api/leads/${lead.id}`, undefined, ifMatch(lead.version)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.leads }),
  });
}

export type ConvertBody = z.input<typeof convertLeadBodySchema>;

/** One transaction on the server: the deal, the contact and the company, or nothing. */
export function useConvertLead(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: ConvertBody; version: number }) =>
      request<LeadConversion>('POST', `/api/leads/${id}/convert`, body, ifMatch(version)),
    onSuccess: (result) => {
      queryClient.setQueryData(queryKeys.lead(id), result.lead);
      void queryClient.invalidateQueries({ queryKey: queryKeys.leads });
      void queryClient.invalidateQueries({ queryKey: queryKeys.deals });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeline });
    },
  });
}

/** The lead's change history (who, when, old → new), newest first. */
export function useLeadHistory(id: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.leadHistory(id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ entity: 'lead', entityId: id, limit: '50' });
      if (pageParam !== null) params.set('cursor', pageParam);
      return api.get<{ items: HistoryEntry[]; nextCursor: string | null }>(
        `/api/history?${params.toString()}`,
      );
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export const useLeadCustomFields = () =>
  useQuery({
    queryKey: queryKeys.leadCustomFields,
    queryFn: async () => (await api.get<ListResponse<CustomField>>('/api/custom-fields?entity=lead')).items,
    staleTime: 60_000,
  });
