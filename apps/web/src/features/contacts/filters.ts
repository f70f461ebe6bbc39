// The filters of the contact and company lists. They live in the page's URL query, so a reload keeps them
// and a link shares them: ?q=…&responsible=a,b&type=…&industry=…&cf.<field id>=<value>,<value> — plus the
// sort (?sort=name&order=asc), the columns (?columns=…) and the saved view. Pure, so the conversions are
// unit-tested.
import {
  customFieldRegistry,
  type CustomField,
  type SavedView,
  type SavedViewFilter,
} from '@voronka/contracts';
import { nextSort as nextListSort, writeViewBasics } from '../../components/list';

export interface RecordFilters {
  search: string;
  responsible: string[];
  typeId: string | null;
  /** Companies only. */
  industryId: string | null;
  /** Custom field id → the values chosen (list options, users, "true"/"false", or one text). */
  custom: Readonly<Record<string, readonly string[]>>;
}

export const EMPTY_FILTERS: RecordFilters = {
  search: '',
  responsible: [],
  typeId: null,
  industryId: null,
  custom: {},
};

export type RecordSort = 'createdAt' | 'updatedAt' | 'name' | `cf:${string}`;
export type SortOrder = 'asc' | 'desc';

const CF_PREFIX = 'cf.';
const UUID = /^[0-9a-f-]{36}$/i;

const listOf = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

export function readFilters(params: URLSearchParams): RecordFilters {
  const custom: Record<string, string[]> = {};
  for (const [name, value] of params) {
    if (!name.startsWith(CF_PREFIX)) continue;
    const id = name.slice(CF_PREFIX.length);
    if (!UUID.test(id)) continue;
    const values = listOf(value);
    if (values.length > 0) custom[id] = values;
  }
  return {
    search: params.get('q') ?? '',
    responsible: listOf(params.get('responsible')),
    typeId: params.get('type') || null,
    industryId: params.get('industry') || null,
    custom,
  };
}

/** `params` with the filters written in (empty ones removed); other parameters are kept. */
export function writeFilters(params: URLSearchParams, filters: RecordFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string) => {
    if (value === '') next.delete(name);
    else next.set(name, value);
  };
  set('q', filters.search);
  set('responsible', filters.responsible.join(','));
  set('type', filters.typeId ?? '');
  set('industry', filters.industryId ?? '');
  for (const name of [...next.keys()]) if (name.startsWith(CF_PREFIX)) next.delete(name);
  for (const [id, values] of Object.entries(filters.custom)) set(`${CF_PREFIX}${id}`, values.join(','));
  return next;
}

export function hasFilters(filters: RecordFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.responsible.length > 0 ||
    filters.typeId !== null ||
    filters.industryId !== null ||
    Object.values(filters.custom).some((values) => values.length > 0)
  );
}

/** How a custom field is filtered in the bar, or null when it is not offered there. */
export type CustomFilterKind = 'choices' | 'boolean' | 'text';

export function customFilterKind(field: CustomField): CustomFilterKind | null {
  if (!field.showInFilter) return null;
  if (field.type === 'list' || field.type === 'user') return 'choices';
  if (field.type === 'boolean') return 'boolean';
  const operators: readonly string[] = customFieldRegistry[field.type].filterOperators;
  if (operators.includes('contains') || operators.includes('eq')) return 'text';
  return null;
}

/** The API's `customFields` filter: list and user fields take any of the values, text fields contain it. */
export function customFieldsFilter(
  filters: RecordFilters,
  fields: readonly CustomField[],
): Record<string, unknown> | null {
  const result: Record<string, unknown> = {};
  for (const [id, values] of Object.entries(filters.custom)) {
    const field = fields.find((candidate) => candidate.id === id);
    if (field === undefined || values.length === 0) continue;
    const kind = customFilterKind(field);
    if (kind === 'choices') result[id] = { op: 'in', values: [...values] };
    else if (kind === 'boolean') result[id] = { op: 'eq', value: values[0] === 'true' };
    else if (kind === 'text') {
      const operators: readonly string[] = customFieldRegistry[field.type].filterOperators;
      const text = values.join(',').trim().slice(0, 200);
      if (text !== '')
        result[id] = operators.includes('contains')
          ? { op: 'contains', value: text }
          : { op: 'eq', value: text };
    }
  }
  return Object.keys(result).length > 0 ? result : null;
}

/** The filters as the contacts and companies APIs take them. */
export function apiFilterParams(filters: RecordFilters, fields: readonly CustomField[]): URLSearchParams {
  const params = new URLSearchParams();
  const search = filters.search.trim();
  if (search !== '') params.set('search', search.slice(0, 200));
  if (filters.responsible.length > 0) params.set('responsibleUserId', filters.responsible.join(','));
  if (filters.typeId !== null) params.set('typeId', filters.typeId);
  if (filters.industryId !== null) params.set('industryId', filters.industryId);
  const custom = customFieldsFilter(filters, fields);
  if (custom !== null) params.set('customFields', JSON.stringify(custom));
  return params;
}

export function readSort(params: URLSearchParams): { sort: RecordSort; order: SortOrder } {
  const raw = params.get('sort') ?? '';
  const sort: RecordSort =
    raw === 'name' || raw === 'updatedAt' || raw === 'createdAt'
      ? raw
      : raw.startsWith('cf:') && UUID.test(raw.slice(3))
        ? (raw as `cf:${string}`)
        : 'createdAt';
  const order = params.get('order');
  return { sort, order: order === 'asc' || order === 'desc' ? order : defaultOrder(sort) };
}

/** The API's default direction: newest first for dates, A to Z otherwise. */
export function defaultOrder(sort: RecordSort): SortOrder {
  return sort === 'createdAt' || sort === 'updatedAt' ? 'desc' : 'asc';
}

/** The next sort after a click on a column header: the same column flips, another starts at its default. */
export const nextSort = (
  current: { sort: RecordSort; order: SortOrder },
  clicked: RecordSort,
): { sort: RecordSort; order: SortOrder } => nextListSort(current, clicked, defaultOrder);

const isRecordSort = (value: string): value is RecordSort =>
  value === 'name' ||
  value === 'updatedAt' ||
  value === 'createdAt' ||
  (value.startsWith('cf:') && UUID.test(value.slice(3)));

// ---- saved views (features/views) ----------------------------------------------------------------------

/** The filters as a saved view keeps them: the list API's parameters. */
export function viewFilterOf(filters: RecordFilters, fields: readonly CustomField[]): SavedViewFilter {
  const filter: SavedViewFilter = {};
  for (const [key, value] of apiFilterParams(filters, fields)) filter[key] = value;
  return filter;
}

/** The `customFields` filter of the API as the bar's values per field (see `customFieldsFilter`). */
function customOfView(raw: string): Record<string, string[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const custom: Record<string, string[]> = {};
  for (const [id, condition] of Object.entries(parsed as Record<string, unknown>)) {
    if (!UUID.test(id) || typeof condition !== 'object' || condition === null) continue;
    const { values, value } = condition as { values?: unknown; value?: unknown };
    if (Array.isArray(values)) custom[id] = values.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'boolean') custom[id] = [String(value)];
    else if (typeof value === 'string' && value !== '') custom[id] = [value];
  }
  return custom;
}

/** A saved view's filter as the page's filters (ones the page has no control for are left out). */
export function filtersOfView(filter: SavedViewFilter): RecordFilters {
  const one = (value: string | string[] | undefined) =>
    Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  const responsible = filter.responsibleUserId;
  return {
    search: one(filter.search),
    responsible: Array.isArray(responsible) ? responsible : listOf(responsible ?? null),
    typeId: one(filter.typeId) || null,
    industryId: one(filter.industryId) || null,
    custom: customOfView(one(filter.customFields)),
  };
}

/** The address with a saved view's filters, sort and columns (other parameters kept). */
export function writeView(params: URLSearchParams, view: SavedView): URLSearchParams {
  return writeViewBasics(writeFilters(params, filtersOfView(view.filter)), view, isRecordSort);
}
