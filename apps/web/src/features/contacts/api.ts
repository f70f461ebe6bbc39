// Server state of contacts and companies (one shape for both): keyset list pages, the card, its
// duplicates, creating, saving with If-Match and deleting. Every query key starts with the entity's root,
// so a realtime `contact.*` / `company.*` event refreshes lists and open cards (lib/queryKeys.ts); an
// open field editor keeps its draft meanwhile (InlineField).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Company, Contact, CustomField, Deal } from '@voronka/contracts';
import { api, request, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import { useOwnVersions } from '../deals/card/api';
import { apiFilterParams, type RecordFilters, type RecordSort, type SortOrder } from './filters';

export type RecordEntity = 'contact' | 'company';
export type RecordOf<E extends RecordEntity> = E extends 'contact' ? Contact : Company;
export interface Duplicate<E extends RecordEntity> {
  record: RecordOf<E>;
  reasons: string[];
}

export const ENTITIES = {
  contact: {
    api: '/api/contacts',
    section: '/contacts',
    root: queryKeys.contacts,
    list: queryKeys.contactsList,
    card: queryKeys.contact,
    duplicates: queryKeys.contactDuplicates,
    fields: queryKeys.contactCustomFields,
  },
  company: {
    api: '/api/companies',
    section: '/companies',
    root: queryKeys.companies,
    list: queryKeys.companiesList,
    card: queryKeys.company,
    duplicates: queryKeys.companyDuplicates,
    fields: queryKeys.companyCustomFields,
  },
} as const;

export const ifMatch = (version: number) => ({ 'if-match': `"v${version}"` });

export const LIST_PAGE = 50;

/** The entity's custom fields in their order (the same cache as the timeline's history wording). */
export function useRecordCustomFields(entity: RecordEntity) {
  return useQuery({
    queryKey: ENTITIES[entity].fields,
    queryFn: async () =>
      (await api.get<ListResponse<CustomField>>(`/api/custom-fields?entity=${entity}`)).items.toSorted(
        (a, b) => a.sort - b.sort || a.name.localeCompare(b.name),
      ),
    staleTime: 60_000,
  });
}

export function useRecordList<E extends RecordEntity>(
  entity: E,
  filters: RecordFilters,
  fields: readonly CustomField[],
  sort: RecordSort,
  order: SortOrder,
  enabled = true,
) {
  const params = apiFilterParams(filters, fields);
  params.set('sort', sort);
  params.set('order', order);
  params.set('limit', String(LIST_PAGE));
  const query = params.toString();
  return useInfiniteQuery({
    queryKey: ENTITIES[entity].list(query),
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const page = new URLSearchParams(query);
      if (pageParam !== null) page.set('cursor', pageParam);
      return api.get<{ items: RecordOf<E>[]; nextCursor: string | null }>(
        `${ENTITIES[entity].api}?${page.toString()}`,
      );
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export const useRecord = <E extends RecordEntity>(entity: E, id: string, enabled = true) =>
  useQuery({
    queryKey: ENTITIES[entity].card(id),
    enabled: enabled && id !== '',
    queryFn: () => api.get<RecordOf<E>>(`${ENTITIES[entity].api}/${id}`),
    retry: (count, error) =>
      !(error instanceof Error && 'status' in error && error.status === 404) && count < 2,
  });

export function useDuplicates<E extends RecordEntity>(entity: E, id: string, enabled: boolean) {
  return useQuery({
    queryKey: ENTITIES[entity].duplicates(id),
    enabled,
    queryFn: async (): Promise<Duplicate<E>[]> => {
      const result = await api.get<{ items: ({ reasons: string[] } & Record<string, unknown>)[] }>(
        `${ENTITIES[entity].api}/${id}/duplicates`,
      );
      return result.items.map((item) => ({
        record: item[entity] as RecordOf<E>,
        reasons: item.reasons,
      }));
    },
  });
}

export function useCreateRecord<E extends RecordEntity>(entity: E) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<RecordOf<E>>(ENTITIES[entity].api, body),
    onSuccess: (record) => {
      queryClient.setQueryData(ENTITIES[entity].card(record.id), record);
      // Links show on the other side too.
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.companies });
    },
  });
}

/** Saves changes made from `version` (If-Match); the answer replaces the cached record at once. */
export function useSaveRecord<E extends RecordEntity>(entity: E, id: string) {
  const queryClient = useQueryClient();
  const own = useOwnVersions();
  return useMutation({
    mutationFn: ({ changes, version }: { changes: Record<string, unknown>; version: number }) =>
      api.patch<RecordOf<E>>(`${ENTITIES[entity].api}/${id}`, changes, ifMatch(own.follow(version))),
    onSuccess: (record, { version }) => {
      own.record(own.follow(version), record.version);
      queryClient.setQueryData(ENTITIES[entity].card(id), record);
      void queryClient.invalidateQueries({ queryKey: ENTITIES[entity].root, refetchType: 'none' });
      // The other side of a link, and the feed's history entry.
      const other = entity === 'contact' ? queryKeys.companies : queryKeys.contacts;
      void queryClient.invalidateQueries({ queryKey: other });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timelineFeed(entity, id) });
    },
  });
}

/** Changes one record from a list (bulk actions run these one by one). */
export const patchRecord = <E extends RecordEntity>(
  entity: E,
  record: { id: string; version: number },
  changes: Record<string, unknown>,
) => api.patch<RecordOf<E>>(`${ENTITIES[entity].api}/${record.id}`, changes, ifMatch(record.version));

export const deleteRecord = (entity: RecordEntity, record: { id: string; version: number }) =>
  request<undefined>('DELETE', `${ENTITIES[entity].api}/${record.id}`, undefined, ifMatch(record.version));

/** The deals of a contact or a company, newest first (under the deals root: deal events refresh it). */
export function useLinkedDeals(entity: RecordEntity, id: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.linkedDeals(entity, id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({
        [entity === 'contact' ? 'contactId' : 'companyId']: id,
        limit: '20',
      });
      if (pageParam !== null) params.set('cursor', pageParam);
      return api.get<{ items: Deal[]; nextCursor: string | null }>(`/api/deals?${params.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export const otherEntity = (entity: RecordEntity): RecordEntity =>
  entity === 'contact' ? 'company' : 'contact';

/**
 * The records linked to a contact (its companies) or to a company (its people), up to 200, under the
 * linked entity's root so its events refresh them.
 */
export function useLinkedRecords(entity: RecordEntity, id: string) {
  const other = otherEntity(entity);
  return useQuery({
    queryKey: [...ENTITIES[other].root, 'linked', entity, id],
    queryFn: async () => {
      const params = new URLSearchParams({
        [entity === 'contact' ? 'contactId' : 'companyId']: id,
        sort: 'name',
        limit: '200',
      });
      return (await api.get<{ items: (Contact | Company)[] }>(`${ENTITIES[other].api}?${params.toString()}`))
        .items;
    },
  });
}
