import { type HTMLAttributes, type ReactNode } from 'react';
import { Checkbox, Paper, Table, Text } from '@mantine/core';
import type { RowSelection } from './useRowSelection';
import type { ListSortState } from './listParams';
import { SortHeader } from './SortHeader';

/** One column of a list table: its title, the sort its header sets (if any) and its cell. */
export interface ListColumn<R> {
  key: string;
  label: string;
  /** The list's sort this column's header sets. */
  sort?: string | undefined;
  align?: 'right' | undefined;
  cell: (row: R) => ReactNode;
  /** Extra attributes of the cell (e.g. a test id). */
  cellProps?: HTMLAttributes<HTMLTableCellElement> & Record<`data-${string}`, string>;
}

/**
 * The table of a list: a tick per row and one for all the rows loaded, the columns given (the first one
 * names the record and shows the reason a bulk action refused it), sortable headers.
 */
export function ListTable<R extends { id: string }>({
  label,
  rows,
  columns,
  selection,
  sort,
  selectAllLabel,
  selectLabel,
  rowProps,
  minWidth = 1000,
  dimmed = false,
  errorColumn,
}: {
  label: string;
  rows: readonly R[];
  columns: readonly ListColumn<R>[];
  selection: RowSelection;
  sort?: ListSortState | undefined;
  selectAllLabel: string;
  /** The label of a row's tick, e.g. "Select Alpha windows". */
  selectLabel: (row: R) => string;
  rowProps?: (row: R) => Record<`data-${string}`, string>;
  minWidth?: number;
  /** Rows of the previous filters while the new ones load. */
  dimmed?: boolean;
  /** The column that names the record and shows a refused row's reason; default: the first one. */
  errorColumn?: string;
}) {
  const { selected, rowErrors } = selection;
  const errorAt = Math.max(
    0,
    columns.findIndex((column) => column.key === errorColumn),
  );
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const someSelected = rows.some((row) => selected.has(row.id));
  return (
    <Paper withBorder style={{ opacity: dimmed ? 0.6 : 1 }}>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="xs" horizontalSpacing="sm" highlightOnHover aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox
                  aria-label={selectAllLabel}
                  checked={allSelected}
                  indeterminate={someSelected && !allSelected}
                  onChange={() => selection.toggleAll(rows.map((row) => row.id))}
                />
              </Table.Th>
              {columns.map((column) => (
                <SortHeader
                  key={column.key}
                  label={column.label}
                  sortKey={column.sort}
                  sort={sort}
                  align={column.align}
                />
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const isSelected = selected.has(row.id);
              const error = rowErrors.get(row.id);
              return (
                <Table.Tr
                  key={row.id}
                  {...rowProps?.(row)}
                  bg={isSelected ? 'var(--mantine-color-indigo-0)' : undefined}
                >
                  <Table.Td>
                    <Checkbox
                      aria-label={selectLabel(row)}
                      checked={isSelected}
                      onChange={() => selection.toggle(row.id)}
                    />
                  </Table.Td>
                  {columns.map((column, index) => (
                    <Table.Td
                      key={column.key}
                      maw={index === errorAt ? 320 : undefined}
                      {...column.cellProps}
                      style={{
                        textAlign: column.align,
                        ...(column.align === 'right' ? { whiteSpace: 'nowrap' } : {}),
                      }}
                    >
                      {column.cell(row)}
                      {index === errorAt && error !== undefined && (
                        <Text size="xs" c="red" data-testid="row-error">
                          {error}
                        </Text>
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
