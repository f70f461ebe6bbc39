// The deal filters shared by the kanban and the list. They live in the page's URL query, so a reload
// keeps them and a link shares them: ?q=…&responsible=a,b&noTask=1&overdue=1&tags=x,y&closeFrom=2026-04-01
// &closeTo=2026-04-30 — plus the view (?view=list), the pipeline (?pipeline=…) and the list's sort
// (?sort=amount&order=asc). Close dates are calendar days, both bounds inclusive.
import type { Pipeline, SavedView, SavedViewFilter } from '@voronka/contracts';

export interface DealFilters {
  search: string;
  responsible: string[];
  noTask: boolean;
  overdue: boolean;
  tags: string[];
  /** The expected close date's range (`2026-04-01`; empty: open-ended). */
  closeDateFrom: string;
  closeDateTo: string;
}

export type DealsView = 'kanban' | 'list';
export const LIST_SORTS = ['createdAt', 'name', 'amount', 'closeDate', 'updatedAt'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export const EMPTY_FILTERS: DealFilters = {
  search: '',
  responsible: [],
  noTask: false,
  overdue: false,
  tags: [],
  closeDateFrom: '',
  closeDateTo: '',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayOr = (value: string | null | undefined) =>
  value !== null && value !== undefined && DAY.test(value) ? value : '';

const listParam = (params: URLSearchParams, name: string): string[] =>
  (params.get(name) ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');

export function readFilters(params: URLSearchParams): DealFilters {
  return {
    search: params.get('q') ?? '',
    responsible: listParam(params, 'responsible'),
    noTask: params.get('noTask') === '1',
    overdue: params.get('overdue') === '1',
    tags: listParam(params, 'tags'),
    closeDateFrom: dayOr(params.get('closeFrom')),
    closeDateTo: dayOr(params.get('closeTo')),
  };
}

/** `params` with the filters written in (and empty ones removed); other parameters are kept. */
export function writeFilters(params: URLSearchParams, filters: DealFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string) => {
    if (value === '') next.delete(name);
    else next.set(name, value);
  };
  set('q', filters.search);
  set('responsible', filters.responsible.join(','));
  set('noTask', filters.noTask ? '1' : '');
  set('overdue', filters.overdue ? '1' : '');
  set('tags', filters.tags.join(','));
  set('closeFrom', filters.closeDateFrom);
  set('closeTo', filters.closeDateTo);
  return next;
}

export function hasFilters(filters: DealFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.responsible.length > 0 ||
    filters.noTask ||
    filters.overdue ||
    filters.tags.length > 0 ||
    filters.closeDateFrom !== '' ||
    filters.closeDateTo !== ''
  );
}

/** The filters as the deals API takes them (`/api/deals`, `/api/deals/kanban`, its columns). */
export function apiFilterParams(filters: DealFilters): URLSearchParams {
  const params = new URLSearchParams();
  const search = filters.search.trim();
  if (search !== '') params.set('search', search.slice(0, 200));
  if (filters.responsible.length > 0) params.set('responsibleUserIds', filters.responsible.join(','));
  if (filters.noTask) params.set('noTask', 'true');
  if (filters.overdue) params.set('overdueTask', 'true');
  // Commas separate tags in the API, so a tag is sent as a parameter of its own.
  for (const tag of filters.tags) params.append('tags', tag);
  if (filters.closeDateFrom !== '') params.set('closeDateFrom', filters.closeDateFrom);
  if (filters.closeDateTo !== '') params.set('closeDateTo', filters.closeDateTo);
  return params;
}

/** A stable string of the filters, for query keys. */
export const filtersKey = (filters: DealFilters): string => apiFilterParams(filters).toString();

export function readView(params: URLSearchParams): DealsView {
  return params.get('view') === 'list' ? 'list' : 'kanban';
}

export function readSort(params: URLSearchParams): { sort: ListSort; order: SortOrder } {
  const raw = params.get('sort');
  const sort = LIST_SORTS.find((s) => s === raw) ?? 'createdAt';
  const order = params.get('order');
  return { sort, order: order === 'asc' || order === 'desc' ? order : defaultOrder(sort) };
}

/** The API's default direction: newest and largest first; names and dates ascending. */
export function defaultOrder(sort: ListSort): SortOrder {
  return sort === 'createdAt' || sort === 'updatedAt' || sort === 'amount' ? 'desc' : 'asc';
}

/** The pipeline to show: the one in the address, else the last one chosen here, else the default. */
export function choosePipeline(
  pipelines: readonly Pick<Pipeline, 'id' | 'isDefault'>[],
  fromUrl: string | null,
  stored: string | null,
) {
  const exists = (id: string | null) => id !== null && pipelines.some((pipeline) => pipeline.id === id);
  if (exists(fromUrl)) return fromUrl;
  if (exists(stored)) return stored;
  return (pipelines.find((pipeline) => pipeline.isDefault) ?? pipelines[0])?.id ?? null;
}

// ---- saved views (features/views) ----------------------------------------------------------------------

/** The list's columns, in their default order; `name` (the link to the card) is always shown. */
export const DEAL_COLUMNS = [
  'name',
  'stage',
  'amount',
  'responsible',
  'contact',
  'company',
  'createdAt',
  'closeDate',
] as const;
export type DealColumn = (typeof DEAL_COLUMNS)[number];
export const REQUIRED_DEAL_COLUMNS: readonly DealColumn[] = ['name'];

/** The filters as a saved view keeps them: the deals API's parameters, with the pipeline. */
export function viewFilterOf(filters: DealFilters, pipelineId: string | null): SavedViewFilter {
  const filter: SavedViewFilter = {};
  const params = apiFilterParams(filters);
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    filter[key] = key === 'tags' || values.length > 1 ? values : (values[0] ?? '');
  }
  if (pipelineId !== null) filter.pipelineId = pipelineId;
  return filter;
}

const valuesOf = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : (value ?? '').split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** A saved view's filter as the page's filters (ones the page has no control for are left out). */
export function filtersOfView(filter: SavedViewFilter): DealFilters {
  const one = (value: string | string[] | undefined) =>
    Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  return {
    search: one(filter.search),
    responsible: valuesOf(filter.responsibleUserIds),
    noTask: one(filter.noTask) === 'true',
    overdue: one(filter.overdueTask) === 'true',
    tags: Array.isArray(filter.tags) ? filter.tags : valuesOf(filter.tags),
    closeDateFrom: dayOr(one(filter.closeDateFrom)),
    closeDateTo: dayOr(one(filter.closeDateTo)),
  };
}

export { readColumns } from '../../components/list';

/** The address with a saved view's filters, pipeline, sort, mode and columns (other parameters kept). */
export function writeView(
  params: URLSearchParams,
  view: Pick<SavedView, 'id' | 'filter' | 'sort' | 'mode' | 'columns'>,
): URLSearchParams {
  const next = writeFilters(params, filtersOfView(view.filter));
  const pipelineId = view.filter.pipelineId;
  if (typeof pipelineId === 'string' && pipelineId !== '') next.set('pipeline', pipelineId);
  const sort = LIST_SORTS.find((s) => s === view.sort?.field);
  if (sort !== undefined && view.sort !== null) {
    next.set('sort', sort);
    next.set('order', view.sort.order);
  } else {
    next.delete('sort');
    next.delete('order');
  }
  if (view.mode === 'kanban') next.delete('view');
  else if (view.mode !== null) next.set('view', view.mode);
  next.set('columns', view.columns.join(','));
  next.set('savedView', view.id);
  return next;
}

/** The known deal columns among `keys`, in their order. */
export const dealColumnsOf = (keys: readonly string[]): DealColumn[] =>
  keys.filter((key): key is DealColumn => (DEAL_COLUMNS as readonly string[]).includes(key));
