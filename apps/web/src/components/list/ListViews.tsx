import { useCallback } from 'react';
import { Group } from '@mantine/core';
import type { SetURLSearchParams } from 'react-router';
import type { SavedView, SavedViewEntity } from '@voronka/contracts';
import {
  ColumnChooser,
  keptColumns,
  useDefaultView,
  ViewsBar,
  type ChooserColumn,
  type ViewState,
} from '../../features/views';

/**
 * The saved view of a list page kept in its address (?savedView=…): applying one (and the user's default
 * one when the page opens with an empty address), leaving it, and setting the visible columns
 * (?columns=…, empty when they are the default ones). `writeView` puts a view's filters, sort and columns
 * into the address; keep it stable (a module-level function or a memoized one).
 */
export function useListViews(
  entity: SavedViewEntity,
  params: URLSearchParams,
  setParams: SetURLSearchParams,
  writeView: (params: URLSearchParams, view: SavedView) => URLSearchParams,
) {
  const applyView = useCallback(
    (view: SavedView) => setParams((current) => writeView(current, view)),
    [setParams, writeView],
  );
  useDefaultView(entity, params.toString() === '', applyView);
  const leaveView = useCallback(
    () =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete('savedView');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setColumns = useCallback(
    (all: readonly string[], visible: readonly string[]) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.set('columns', keptColumns(all, visible).join(','));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { activeViewId: params.get('savedView'), applyView, leaveView, setColumns };
}

/** The saved views bar and, when `columns` are given, the column chooser of a list page. */
export function ListViews({
  entity,
  state,
  views,
  columns,
  visibleColumns,
}: {
  entity: SavedViewEntity;
  state: ViewState;
  views: ReturnType<typeof useListViews>;
  columns?: readonly ChooserColumn[] | undefined;
  visibleColumns: readonly string[];
}) {
  return (
    <Group justify="space-between" gap="sm" wrap="wrap" align="flex-end">
      <ViewsBar
        entity={entity}
        state={state}
        activeViewId={views.activeViewId}
        onApply={views.applyView}
        onLeave={views.leaveView}
      />
      {columns !== undefined && (
        <ColumnChooser
          columns={columns}
          value={visibleColumns}
          onChange={(next) =>
            views.setColumns(
              columns.map((column) => column.key),
              next,
            )
          }
        />
      )}
    </Group>
  );
}
