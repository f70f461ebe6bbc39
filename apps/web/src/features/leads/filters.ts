// The lead filters of the list and the calendar. They live in the page's URL query, so a reload keeps them
// and a link shares them: ?q=…&status=…&responsible=a,b&source=…&from=2026-01-01&to=2026-01-31 — plus the
// view (?view=calendar), the list's sort (?sort=amount&order=desc), its columns and the saved view. Dates
// are whole days of the browser's calendar; `to` is inclusive.
import type { SavedView, SavedViewFilter } from '@voronka/contracts';
import { writeViewBasics, type SortOrder } from '../../components/list';

export interface LeadFilters {
  search: string;
  /** A status id, or `open` for every lead still being worked on. */
  status: string;
  /** Leads of any of these users. */
  responsible: string[];
  source: string;
  createdFrom: string;
  createdTo: string;
}

export type LeadsView = 'list' | 'calendar';

export const EMPTY_FILTERS: LeadFilters = {
  search: '',
  status: '',
  responsible: [],
  source: '',
  createdFrom: '',
  createdTo: '',
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-03-05` → the instant that day starts in the browser's time zone (null when not a date). */
export function dayStart(day: string, addDays = 0): string | null {
  const match = DAY.exec(day);
  if (match === null) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An instant → its day in the browser's time zone (`2026-03-05`), moved by `addDays`; '' when invalid. */
export function dayOf(instant: string, addDays = 0): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  date.setDate(date.getDate() + addDays);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const listOf = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

export function readFilters(params: URLSearchParams): LeadFilters {
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  return {
    search: params.get('q') ?? '',
    status: params.get('status') ?? '',
    responsible: listOf(params.get('responsible')),
    source: params.get('source') ?? '',
    createdFrom: day('from'),
    createdTo: day('to'),
  };
}

/** `params` with the filters written in (and empty ones removed); other parameters are kept. */
export function writeFilters(params: URLSearchParams, filters: LeadFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string) => {
    if (value === '') next.delete(name);
    else next.set(name, value);
  };
  set('q', filters.search);
  set('status', filters.status);
  set('responsible', filters.responsible.join(','));
  set('source', filters.source);
  set('from', filters.createdFrom);
  set('to', filters.createdTo);
  return next;
}

export function hasFilters(filters: LeadFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.status !== '' ||
    filters.responsible.length > 0 ||
    filters.source !== '' ||
    filters.createdFrom !== '' ||
    filters.createdTo !== ''
  );
}

/** The filters as `/api/leads` takes them. */
export function apiFilterParams(filters: LeadFilters): URLSearchParams {
  const params = new URLSearchParams();
  const search = filters.search.trim();
  if (search !== '') params.set('search', search.slice(0, 200));
  if (filters.status === 'open') params.set('statusKind', 'open');
  else if (filters.status !== '') params.set('statusId', filters.status);
  if (filters.responsible.length > 0) params.set('responsibleUserId', filters.responsible.join(','));
  if (filters.source !== '') params.set('sourceId', filters.source);
  const from = dayStart(filters.createdFrom);
  if (from !== null) params.set('createdFrom', from);
  // The API's bound is exclusive: leads created before the day after `to`.
  const to = dayStart(filters.createdTo, 1);
  if (to !== null) params.set('createdTo', to);
  return params;
}

/** A stable string of the filters, for query keys. */
export const filtersKey = (filters: LeadFilters): string => apiFilterParams(filters).toString();

export function readView(params: URLSearchParams): LeadsView {
  return params.get('view') === 'calendar' ? 'calendar' : 'list';
}

// ---- sort ----------------------------------------------------------------------------------------------

export const LEAD_SORTS = ['createdAt', 'updatedAt', 'name', 'amount'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export const isLeadSort = (value: string): value is LeadSort =>
  (LEAD_SORTS as readonly string[]).includes(value);

/** The API's default direction: newest and largest first; names ascending. */
export const defaultLeadOrder = (sort: LeadSort): SortOrder => (sort === 'name' ? 'asc' : 'desc');

export function readSort(params: URLSearchParams): { sort: LeadSort; order: SortOrder } {
  const raw = params.get('sort') ?? '';
  const sort = isLeadSort(raw) ? raw : 'createdAt';
  const order = params.get('order');
  return { sort, order: order === 'asc' || order === 'desc' ? order : defaultLeadOrder(sort) };
}

// ---- saved views (features/views) ----------------------------------------------------------------------

/** The list's columns, in their default order; `name` (the link to the card) is always shown. */
export const LEAD_COLUMNS = [
  'name',
  'status',
  'person',
  'company',
  'amount',
  'responsible',
  'source',
  'createdAt',
  'updatedAt',
] as const;
export type LeadColumn = (typeof LEAD_COLUMNS)[number];
export const REQUIRED_LEAD_COLUMNS: readonly LeadColumn[] = ['name'];

/** The known lead columns among `keys`, in their order. */
export const leadColumnsOf = (keys: readonly string[]): LeadColumn[] =>
  keys.filter((key): key is LeadColumn => (LEAD_COLUMNS as readonly string[]).includes(key));

/** The filters as a saved view keeps them: the leads API's parameters. */
export function viewFilterOf(filters: LeadFilters): SavedViewFilter {
  const filter: SavedViewFilter = {};
  for (const [key, value] of apiFilterParams(filters)) filter[key] = value;
  return filter;
}

/** A saved view's filter as the page's filters (ones the page has no control for are left out). */
export function filtersOfView(filter: SavedViewFilter): LeadFilters {
  const one = (value: string | string[] | undefined) =>
    Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  const from = one(filter.createdFrom);
  const to = one(filter.createdTo);
  const responsible = filter.responsibleUserId;
  return {
    search: one(filter.search),
    status: one(filter.statusKind) === 'open' ? 'open' : one(filter.statusId),
    responsible: Array.isArray(responsible) ? responsible : listOf(responsible ?? null),
    source: one(filter.sourceId),
    createdFrom: from === '' ? '' : dayOf(from),
    // The API's bound is the start of the day after the last one.
    createdTo: to === '' ? '' : dayOf(to, -1),
  };
}

/** The address with a saved view's filters, sort and columns (other parameters kept). */
export function writeView(params: URLSearchParams, view: SavedView): URLSearchParams {
  return writeViewBasics(writeFilters(params, filtersOfView(view.filter)), view, isLeadSort);
}
