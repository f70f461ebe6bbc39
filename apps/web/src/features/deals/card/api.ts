// Server state of the deal card: the deal, its line items and the writes on them. Every save sends the
// version the user started from (If-Match), so a change made meanwhile by someone else is refused (409)
// rather than overwritten; the card then keeps the user's input and offers to reload.
import { createContext, useContext } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Company,
  Contact,
  Deal,
  DealItems,
  Product,
  ReferenceListItem,
  ReferenceListName,
} from '@voronka/contracts';
import { api, request, type ListResponse } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';

export const ifMatch = (version: number) => ({ 'if-match': `"v${version}"` });

export const useDeal = (id: string) =>
  useQuery({ queryKey: queryKeys.deal(id), queryFn: () => api.get<Deal>(`/api/deals/${id}`) });

export const useDealItems = (id: string) =>
  useQuery({
    queryKey: queryKeys.dealItems(id),
    queryFn: () => api.get<DealItems>(`/api/deals/${id}/items`),
  });

/** Every item of a reference list, archived ones too (a record may still use one). */
export const useReferenceItems = (list: ReferenceListName) =>
  useQuery({
    queryKey: queryKeys.referenceList(list, true),
    queryFn: async () =>
      (await api.get<ListResponse<ReferenceListItem>>(`/api/reference-lists/${list}?includeArchived=true`))
        .items,
    staleTime: 60_000,
  });

export type DealChanges = Partial<{
  name: string;
  amount: string;
  currency: string;
  pipelineId: string;
  stageId: string;
  responsibleUserId: string | null;
  companyId: string | null;
  sourceId: string | null;
  tags: string[];
  closeDate: string | null;
  lossReasonId: string | null;
  lossComment: string | null;
  contacts: { id: string; isPrimary?: boolean }[];
  customFields: Record<string, unknown>;
  isOpen: boolean;
}>;

/**
 * Versions the card's own saves moved the deal from → to. An editor opened at version 4 is not stale
 * when this tab itself saved 4 → 5 meanwhile (say, a stage move): only someone else's change is.
 */
export interface OwnVersions {
  record: (from: number, to: number) => void;
  /** The version an editor opened at `base` may save against: `base` followed through this tab's saves. */
  follow: (base: number) => number;
}

export function createOwnVersions(): OwnVersions {
  const moves = new Map<number, number>();
  return {
    record: (from, to) => {
      moves.set(from, to);
    },
    follow: (base) => {
      let version = base;
      for (let hops = 0; hops < 1000; hops++) {
        const next = moves.get(version);
        if (next === undefined) break;
        version = next;
      }
      return version;
    },
  };
}

export const OwnVersionsContext = createContext<OwnVersions>(createOwnVersions());
export const useOwnVersions = () => useContext(OwnVersionsContext);

/** Saves changes made from `version`; the answer replaces the cached deal at once. */
export function useSaveDeal(id: string) {
  const queryClient = useQueryClient();
  const own = useOwnVersions();
  return useMutation({
    mutationFn: ({ changes, version }: { changes: DealChanges; version: number }) =>
      api.patch<Deal>(`/api/deals/${id}`, changes, ifMatch(own.follow(version))),
    onSuccess: (deal, { version }) => {
      own.record(own.follow(version), deal.version);
      queryClient.setQueryData(queryKeys.deal(id), deal);
      void queryClient.invalidateQueries({ queryKey: queryKeys.deals, refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timelineFeed('deal', id) });
    },
  });
}

/** Deletes the deal as the card shows it (If-Match): a change made meanwhile is refused (409). */
export function useDeleteDeal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deal: Pick<Deal, 'id' | 'version'>) =>
      request('DELETE', `/api/deals/${deal.id}`, undefined, ifMatch(deal.version)),
    // Marked stale, not refetched: the card leaves for the list, which loads afresh (the card would 404).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.deals, refetchType: 'none' }),
  });
}

export interface ItemInput {
  productId: string | null;
  name?: string;
  quantity: string;
  price: string;
  discountPercent: string;
  vatRate: string;
  vatIncluded: boolean;
}

export function useSaveItems(id: string) {
  const queryClient = useQueryClient();
  const own = useOwnVersions();
  return useMutation({
    mutationFn: ({ items, version }: { items: ItemInput[]; version: number }) =>
      request<DealItems>('PUT', `/api/deals/${id}/items`, { items }, ifMatch(own.follow(version))),
    onSuccess: (result, { version }) => {
      own.record(own.follow(version), result.version);
      queryClient.setQueryData(queryKeys.dealItems(id), result);
      return queryClient.invalidateQueries({ queryKey: queryKeys.deal(id) });
    },
  });
}

/** Records to pick from, by words typed (contacts, companies, products). */
export async function searchContacts(search: string): Promise<Contact[]> {
  const params = new URLSearchParams({ limit: '20' });
  if (search.trim() !== '') params.set('search', search.trim());
  return (await api.get<ListResponse<Contact>>(`/api/contacts?${params.toString()}`)).items;
}

export async function searchCompanies(search: string): Promise<Company[]> {
  const params = new URLSearchParams({ limit: '20' });
  if (search.trim() !== '') params.set('search', search.trim());
  return (await api.get<ListResponse<Company>>(`/api/companies?${params.toString()}`)).items;
}

export async function searchProducts(search: string): Promise<Product[]> {
  const params = new URLSearchParams({ limit: '20', active: 'true' });
  if (search.trim() !== '') params.set('search', search.trim());
  return (await api.get<ListResponse<Product>>(`/api/products?${params.toString()}`)).items;
}
