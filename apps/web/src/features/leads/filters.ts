// The lead filters of the list and the calendar. They live in the page's URL query, so a reload keeps them
// and a link shares them: ?q=…&status=…&responsible=…&source=…&from=2026-01-01&to=2026-01-31 — plus the
// view (?view=calendar). Dates are whole days of the browser's calendar; `to` is inclusive.
export interface LeadFilters {
  search: string;
  /** A status id, or `open` for every lead still being worked on. */
  status: string;
  responsible: string;
  source: string;
  createdFrom: string;
  createdTo: string;
}

export type LeadsView = 'list' | 'calendar';

export const EMPTY_FILTERS: LeadFilters = {
  search: '',
  status: '',
  responsible: '',
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

export function readFilters(params: URLSearchParams): LeadFilters {
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  return {
    search: params.get('q') ?? '',
    status: params.get('status') ?? '',
    responsible: params.get('responsible') ?? '',
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
  set('responsible', filters.responsible);
  set('source', filters.source);
  set('from', filters.createdFrom);
  set('to', filters.createdTo);
  return next;
}

export function hasFilters(filters: LeadFilters): boolean {
  return Object.values<string>({ ...filters }).some((value) => value.trim() !== '');
}

/** The filters as `/api/leads` takes them. */
export function apiFilterParams(filters: LeadFilters): URLSearchParams {
  const params = new URLSearchParams();
  const search = filters.search.trim();
  if (search !== '') params.set('search', search.slice(0, 200));
  if (filters.status === 'open') params.set('statusKind', 'open');
  else if (filters.status !== '') params.set('statusId', filters.status);
  if (filters.responsible !== '') params.set('responsibleUserId', filters.responsible);
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
