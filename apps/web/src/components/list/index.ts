// The list kit shared by the deals, leads, contacts and companies lists: a table with ticks and sortable
// headers, keyset "Load more", the bulk actions bar, filter bar parts, and saved views with the column
// chooser, all with their state in the page's address.
export { ListTable, type ListColumn } from './ListTable';
export { ListFooter } from './ListFooter';
export { SortHeader } from './SortHeader';
export { BulkBar, BulkChoiceAction, BulkDeleteAction } from './BulkBar';
export { SearchField } from './SearchField';
export { ResetFiltersButton } from './ResetFiltersButton';
export { DayRangeFilter } from './DayRangeFilter';
export { ListViews, useListViews } from './ListViews';
export { ListModeSwitch, type ListMode } from './ListModeSwitch';
export { chooserColumns } from './chooserColumns';
export { useRowSelection, type RowSelection } from './useRowSelection';
export { fieldReasonOf, otherErrorsOf, rowErrorsOf } from './bulkErrors';
export {
  nextSort,
  readColumns,
  viewSortOf,
  writeViewBasics,
  type ListSortState,
  type SortOrder,
} from './listParams';
