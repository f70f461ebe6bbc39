import { Button, Checkbox, Group, Popover, Stack, Text } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { DragHandle, SortableArea, useSortableItem } from '../../components/ui/Sortable';
import { chooserOrder } from './viewModel';

export interface ChooserColumn {
  key: string;
  label: string;
  /** Always shown (the column that opens the record). */
  required?: boolean;
}

/**
 * Which columns a list shows and in what order: a checkbox per column and a grip to move it (mouse,
 * touch or keyboard). `value` is the visible columns in order; `onChange` gets the new ones.
 */
export function ColumnChooser({
  columns,
  value,
  onChange,
}: {
  columns: readonly ChooserColumn[];
  value: readonly string[];
  onChange: (visible: string[]) => void;
}) {
  const { t } = useTranslation();
  const byKey = new Map(columns.map((column) => [column.key, column]));
  const order = chooserOrder(
    columns.map((column) => column.key),
    value,
  );
  const visible = new Set(value);

  const toggle = (key: string) =>
    onChange(order.filter((k) => (k === key ? !visible.has(k) : visible.has(k))));
  const move = (next: string[]) => onChange(next.filter((key) => visible.has(key)));

  return (
    <Popover position="bottom-end" shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <Button size="sm" variant="default" leftSection={<IconColumns size={16} />}>
          {t('views.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={4} role="group" aria-label={t('views.columns')} miw={220}>
          <Text size="xs" c="dimmed" mb={4}>
            {t('views.columnsHint')}
          </Text>
          <SortableArea
            ids={order}
            orientation="vertical"
            onMove={move}
            nameOf={(key) => byKey.get(key)?.label ?? key}
          >
            {order.map((key) => {
              const column = byKey.get(key);
              if (column === undefined) return null;
              return (
                <ColumnRow
                  key={key}
                  column={column}
                  checked={visible.has(key)}
                  onToggle={() => toggle(key)}
                />
              );
            })}
          </SortableArea>
          {value.length !== columns.length && (
            <Button
              variant="subtle"
              size="compact-sm"
              mt={4}
              onClick={() => onChange(columns.map((column) => column.key))}
            >
              {t('views.showAllColumns')}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function ColumnRow({
  column,
  checked,
  onToggle,
}: {
  column: ChooserColumn;
  checked: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const sortable = useSortableItem(column.key);
  return (
    <Group ref={sortable.ref} style={sortable.style} gap="xs" wrap="nowrap" bg="var(--mantine-color-body)">
      <DragHandle label={t('views.moveColumn', { name: column.label })} handle={sortable.handle} />
      <Checkbox
        label={column.label}
        checked={checked}
        disabled={column.required === true}
        onChange={onToggle}
      />
    </Group>
  );
}
