import { Group, Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import type { ListSortState } from './listParams';

/** A column title; when the column sorts, a button that sorts by it (again: the other way). */
export function SortHeader({
  label,
  sortKey,
  sort,
  align,
}: {
  label: string;
  sortKey: string | undefined;
  sort: ListSortState | undefined;
  align?: 'right' | undefined;
}) {
  if (sortKey === undefined || sort === undefined)
    return <Table.Th style={{ whiteSpace: 'nowrap', textAlign: align }}>{label}</Table.Th>;
  const active = sort.sort === sortKey;
  const Icon = !active ? IconSelector : sort.order === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th
      aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}
      style={{ whiteSpace: 'nowrap', textAlign: align }}
    >
      <UnstyledButton onClick={() => sort.onSort(sortKey)} fw={700} fz="sm">
        <Group gap={4} wrap="nowrap" justify={align === 'right' ? 'flex-end' : undefined}>
          {label}
          <Icon size={14} aria-hidden color={active ? undefined : 'var(--mantine-color-gray-5)'} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
