// Pure helpers of list pages whose state lives in the address: the sort (?sort=…&order=…), the visible
// columns (?columns=a,b; empty: the default ones) and the chosen saved view (?savedView=…).
import type { SavedView, SavedViewSort } from '@voronka/contracts';

export type SortOrder = 'asc' | 'desc';

/** What a sortable table needs: the sort shown and what a click on a header does. */
export interface ListSortState {
  sort: string;
  order: SortOrder;
  onSort: (sort: string) => void;
}

/** The next sort after a click on a header: the same column flips, another starts at its default. */
export function nextSort<S extends string>(
  current: { sort: S; order: SortOrder },
  clicked: S,
  defaultOrder: (sort: S) => SortOrder,
): { sort: S; order: SortOrder } {
  if (clicked === current.sort) return { sort: clicked, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { sort: clicked, order: defaultOrder(clicked) };
}

/** The list columns chosen in the address (?columns=name,amount; empty: the default ones), if any. */
export function readColumns(params: URLSearchParams): string[] | null {
  const raw = params.get('columns');
  if (raw === null) return null;
  return raw
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
}

/** The sort as a saved view keeps it: null when the address has none (the list's default order). */
export function viewSortOf(params: URLSearchParams, sort: string, order: SortOrder): SavedViewSort {
  return params.has('sort') ? { field: sort, order } : null;
}

/**
 * The address with a saved view's sort, columns and id written in (`isSort` says which sorts the page
 * knows); the caller writes the filters.
 */
export function writeViewBasics(
  params: URLSearchParams,
  view: Pick<SavedView, 'id' | 'sort' | 'columns'>,
  isSort: (field: string) => boolean,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (view.sort !== null && isSort(view.sort.field)) {
    next.set('sort', view.sort.field);
    next.set('order', view.sort.order);
  } else {
    next.delete('sort');
    next.delete('order');
  }
  next.set('columns', view.columns.join(','));
  next.set('savedView', view.id);
  return next;
}
