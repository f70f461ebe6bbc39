import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Paper, Select, Text } from '@mantine/core';
import { IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../ui/ConfirmModal';

/**
 * The toolbar over a list while rows are ticked: how many, "Clear", the actions given, and the error of
 * the last action. Hidden when nothing is ticked.
 */
export function BulkBar({
  count,
  label,
  selectedText,
  onClear,
  error,
  children,
}: {
  count: number;
  /** The toolbar's accessible name, e.g. "Actions on the selected deals". */
  label: string;
  selectedText: string;
  onClear: () => void;
  error: string | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <Paper withBorder p="sm" bg="indigo.0" role="toolbar" aria-label={label}>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Group gap={4} mr="sm">
          <Text size="sm" fw={600} data-testid="selected-count">
            {selectedText}
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            color="gray"
            leftSection={<IconX size={12} />}
            onClick={onClear}
          >
            {t('list.clearSelection')}
          </Button>
        </Group>
        {children}
      </Group>
      {error !== null && (
        <Alert color="red" variant="light" role="alert" mt="sm" p="xs">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

/** A bulk action that needs a choice (a stage, a status, a user): the choice and the button. */
export function BulkChoiceAction({
  label,
  data,
  buttonLabel,
  loading,
  onApply,
  width = 200,
}: {
  label: string;
  data: Parameters<typeof Select>[0]['data'];
  buttonLabel: string;
  loading: boolean;
  onApply: (value: string) => void;
  width?: number;
}) {
  const [value, setValue] = useState<string | null>(null);
  return (
    <Group gap={6} align="flex-end" wrap="nowrap">
      <Select
        size="xs"
        label={label}
        data={data}
        value={value}
        onChange={(next) => setValue(next === null ? null : String(next))}
        searchable
        w={width}
      />
      <Button
        size="xs"
        disabled={value === null}
        loading={loading}
        onClick={() => {
          if (value !== null) onApply(value);
        }}
      >
        {buttonLabel}
      </Button>
    </Group>
  );
}

/** Deleting the ticked rows, after a confirmation. */
export function BulkDeleteAction({
  title,
  message,
  buttonLabel,
  loading = false,
  onConfirm,
}: {
  title: string;
  message: string;
  buttonLabel: string;
  loading?: boolean;
  onConfirm: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmModal
      title={title}
      message={message}
      confirmLabel={t('common.delete')}
      onConfirm={onConfirm}
      target={(open) => (
        <Button
          size="xs"
          color="red"
          variant="light"
          leftSection={<IconTrash size={14} />}
          loading={loading}
          onClick={open}
        >
          {buttonLabel}
        </Button>
      )}
    />
  );
}
