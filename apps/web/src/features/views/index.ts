// Saved views for any list (deals today; leads, contacts and companies can adopt them): the bar that
// picks, saves, shares and deletes views, the column chooser, and the default view on opening.
export { ViewsBar } from './ViewsBar';
export { ColumnChooser, type ChooserColumn } from './ColumnChooser';
export { useDefaultView } from './useDefaultView';
export { useSavedViews, savedViewsKey } from './api';
export {
  differsFrom,
  filterOfParams,
  filterParams,
  keptColumns,
  visibleColumns,
  type ViewState,
} from './viewModel';
