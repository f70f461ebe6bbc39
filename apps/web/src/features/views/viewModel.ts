// Pure helpers of saved views: what the page shows now (`ViewState`), whether it differs from a saved view,
// and the visible columns a column chooser shows.
import type { SavedView, SavedViewFilter, SavedViewMode, SavedViewSort } from '@voronka/contracts';

/** What a list page shows now, in the shape a saved view keeps. */
export interface ViewState {
  filter: SavedViewFilter;
  sort: SavedViewSort;
  columns: readonly string[];
  mode: SavedViewMode | null;
}

/** A filter with its keys sorted and single-item lists as plain values, so equal filters compare equal. */
export function normalizeFilter(filter: SavedViewFilter): string {
  const entries = Object.entries(filter)
    .map(([key, value]): [string, string | string[]] => [
      key,
      Array.isArray(value) ? (value.length === 1 ? (value[0] ?? '') : [...value]) : value,
    ])
    .filter(([, value]) => value !== '' && !(Array.isArray(value) && value.length === 0))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}

/** Whether the page shows something other than the view (its mode counts only when the view has one). */
export function differsFrom(view: SavedView, state: ViewState): boolean {
  if (normalizeFilter(view.filter) !== normalizeFilter(state.filter)) return true;
  if (JSON.stringify(view.sort) !== JSON.stringify(state.sort)) return true;
  if (view.columns.join(',') !== state.columns.join(',')) return true;
  return view.mode !== null && state.mode !== null && view.mode !== state.mode;
}

/** A filter as URL query parameters (lists as repeated parameters), e.g. for an API call. */
export function filterParams(filter: SavedViewFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  return params;
}

/** URL query parameters as a filter: a repeated parameter becomes a list. */
export function filterOfParams(params: URLSearchParams): SavedViewFilter {
  const filter: SavedViewFilter = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    filter[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return filter;
}

/**
 * The columns to show, in order: the chosen ones that exist (all when none were chosen), with the
 * required ones always there.
 */
export function visibleColumns(
  all: readonly string[],
  chosen: readonly string[],
  required: readonly string[] = [],
): string[] {
  const known = chosen.filter((key) => all.includes(key));
  if (known.length === 0) return [...all];
  const missing = required.filter((key) => !known.includes(key));
  return [...missing, ...known];
}

/** Every column for the chooser: the visible ones in their order, then the hidden ones in default order. */
export function chooserOrder(all: readonly string[], visible: readonly string[]): string[] {
  return [...visible, ...all.filter((key) => !visible.includes(key))];
}

/** A column list as kept: empty when it is every column in the default order. */
export function keptColumns(all: readonly string[], visible: readonly string[]): string[] {
  return visible.length === all.length && visible.every((key, i) => key === all[i]) ? [] : [...visible];
}
