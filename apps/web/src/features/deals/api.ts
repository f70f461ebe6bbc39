// Server state of the Deals section (kanban and list). Every query key starts with `deals`, so a
// realtime `deal.*` or `task.*` event refreshes them all (lib/queryKeys.ts). Writes that change the
// board at once (a move) hold back board refetches until they are saved, so a refresh that another
// user's change triggers can never show the board without the move and then with it again.
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import type { BulkDealsBody, CustomField, Deal, DealCard } from '@voronka/contracts';
import { api, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import {
  addCard,
  appendPage,
  mergeRefetch,
  moveCard,
  refetchLimit,
  updateCard,
  type Board,
  type BoardStage,
} from './board/boardModel';
import { apiFilterParams, filtersKey, type DealFilters, type ListSort, type SortOrder } from './filters';

// ---- writes in flight --------------------------------------------------------------------------------

const pendingWrites = new Set<Promise<void>>();

/** Marks a write as in flight until the returned function is called. */
function beginWrite(): () => void {
  let end = () => {};
  const done = new Promise<void>((resolve) => {
    end = resolve;
  });
  pendingWrites.add(done);
  void done.then(() => pendingWrites.delete(done));
  return end;
}

const writesSettled = () => Promise.all([...pendingWrites]);

// ---- shapes ------------------------------------------------------------------------------------------

/** The kanban card of a full deal (what a create or an update answers). */
export function cardOf(deal: Deal): DealCard {
  return {
    id: deal.id,
    name: deal.name,
    stageId: deal.stageId,
    amount: deal.amount,
    currency: deal.currency,
    responsibleUserId: deal.responsibleUserId,
    primaryContactName: deal.contacts.find((contact) => contact.isPrimary)?.name ?? null,
    companyName: deal.companyName,
    nextTaskAt: deal.nextTaskAt,
    noTaskPlanned: deal.noTaskPlanned,
    tags: deal.tags,
    stageEnteredAt: deal.stageEnteredAt,
    createdAt: deal.createdAt,
    version: deal.version,
  };
}

export const ifMatch = (version: number) => ({ 'if-match': `"v${version}"` });

// ---- kanban ------------------------------------------------------------------------------------------

export const boardKey = (pipelineId: string, filters: DealFilters) =>
  queryKeys.dealsKanban(pipelineId, filtersKey(filters));

/**
 * A pipeline's kanban: counts, sums and the first cards of every column. A refetch asks for as many
 * cards as are loaded (up to 100 a column) and keeps the pages scrolled through beyond that.
 */
export function useBoard(pipelineId: string | undefined, filters: DealFilters) {
  const queryClient = useQueryClient();
  const key = boardKey(pipelineId ?? '', filters);
  return useQuery({
    queryKey: key,
    enabled: pipelineId !== undefined,
    queryFn: async () => {
      await writesSettled();
      const params = apiFilterParams(filters);
      params.set('pipelineId', pipelineId ?? '');
      params.set('limit', String(refetchLimit(queryClient.getQueryData<Board>(key))));
      const fresh = await api.get<Board>(`/api/deals/kanban?${params.toString()}`);
      return mergeRefetch(fresh, queryClient.getQueryData<Board>(key));
    },
    // Changing a filter keeps the same pipeline's board on screen until the new one arrives.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === pipelineId ? previous : undefined,
  });
}

const COLUMN_PAGE = 50;

/** Loads the next page of one column into the board (nothing happens if the board moved on meanwhile). */
export function useLoadColumnPage(key: QueryKey, filters: DealFilters) {
  const queryClient = useQueryClient();
  return async (stageId: string, cursor: string) => {
    const params = apiFilterParams(filters);
    params.set('stageId', stageId);
    params.set('cursor', cursor);
    params.set('limit', String(COLUMN_PAGE));
    const page = await api.get<{ items: DealCard[]; nextCursor: string | null }>(
      `/api/deals/kanban/column?${params.toString()}`,
    );
    queryClient.setQueryData<Board>(key, (board) =>
      board === undefined ? board : appendPage(board, stageId, cursor, page),
    );
  };
}

export interface MoveVariables {
  card: DealCard;
  fromStageId: string;
  to: BoardStage;
  lossReasonId?: string | null;
  lossComment?: string | null;
}

/**
 * Moves a card to another stage at once (counts and sums too) and saves it with If-Match; when the
 * server refuses, the card goes back and the error is the caller's to explain.
 */
export function useMoveDeal(key: QueryKey) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ card, to, lossReasonId, lossComment }: MoveVariables) =>
      api.patch<Deal>(
        `/api/deals/${card.id}`,
        {
          stageId: to.id,
          ...(lossReasonId ? { lossReasonId } : {}),
          ...(lossComment ? { lossComment } : {}),
        },
        ifMatch(card.version),
      ),
    onMutate: async ({ card, fromStageId, to }) => {
      const end = beginWrite();
      await queryClient.cancelQueries({ queryKey: key });
      let shown = true;
      queryClient.setQueryData<Board>(key, (board) => {
        if (board === undefined) return board;
        const result = moveCard(board, card, fromStageId, to.id);
        shown = result.shown;
        return result.board;
      });
      return { end, shown };
    },
    onSuccess: (deal) => {
      queryClient.setQueryData<Board>(key, (board) =>
        board === undefined ? board : updateCard(board, cardOf(deal)),
      );
    },
    onError: (_error, { card, fromStageId, to }) => {
      queryClient.setQueryData<Board>(key, (board) =>
        board === undefined ? board : moveCard(board, { ...card, stageId: to.id }, to.id, fromStageId).board,
      );
    },
    onSettled: (_data, _error, _variables, context) => {
      context?.end();
      return queryClient.invalidateQueries({ queryKey: queryKeys.deals });
    },
  });
}

export interface NewDeal {
  name: string;
  amount: string;
  pipelineId: string;
  stageId: string;
}

/** Quick add: the new deal shows at the top of its column as soon as it is saved. */
export function useCreateDeal(key: QueryKey) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewDeal) => api.post<Deal>('/api/deals', body),
    onSuccess: (deal) => {
      queryClient.setQueryData<Board>(key, (board) =>
        board === undefined ? board : addCard(board, cardOf(deal)),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.deals });
    },
  });
}

// ---- list --------------------------------------------------------------------------------------------

export const LIST_PAGE = 50;

export function useDealList(
  pipelineId: string | undefined,
  filters: DealFilters,
  sort: ListSort,
  order: SortOrder,
) {
  return useInfiniteQuery({
    queryKey: queryKeys.dealsList(`${pipelineId ?? ''}|${filtersKey(filters)}`, sort, order),
    enabled: pipelineId !== undefined,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = apiFilterParams(filters);
      params.set('pipelineId', pipelineId ?? '');
      params.set('sort', sort);
      params.set('order', order);
      params.set('limit', String(LIST_PAGE));
      if (pageParam !== null) params.set('cursor', pageParam);
      return api.get<{ items: Deal[]; nextCursor: string | null }>(`/api/deals?${params.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export interface BulkResult {
  action: 'move' | 'assign' | 'delete';
  changed: string[];
  count: number;
}

/** Move, reassign or delete many deals: all or nothing; the server names each refused deal. */
export function useBulkDeals() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkDealsBody) => api.post<BulkResult>('/api/deals/bulk', body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.deals }),
  });
}

// ---- definitions -------------------------------------------------------------------------------------

/** The deal custom fields (to name a field the server says is required at a stage). */
export const dealCustomFieldsQuery = {
  queryKey: queryKeys.dealCustomFields,
  queryFn: async () => (await api.get<ListResponse<CustomField>>('/api/custom-fields?entity=deal')).items,
  staleTime: 60_000,
};

export const useDealCustomFields = () => useQuery(dealCustomFieldsQuery);
