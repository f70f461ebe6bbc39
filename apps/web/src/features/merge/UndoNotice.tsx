// The notification after a merge: what happened and an "Undo" button. Notifications render outside the
// query and router providers, so the undo comes in as a plain function.
import { useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { QueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { undoMerge } from './api';

function UndoNotice({
  text,
  undoLabel,
  onUndo,
}: {
  text: string;
  undoLabel: string;
  onUndo: () => Promise<void>;
}) {
  const [pending, setPending] = useState(false);
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Text size="sm">{text}</Text>
      <Button
        size="compact-sm"
        variant="light"
        loading={pending}
        onClick={() => {
          setPending(true);
          void onUndo().finally(() => setPending(false));
        }}
      >
        {undoLabel}
      </Button>
    </Group>
  );
}

/** Shows "Merged … Undo"; undoing tells the result in the same notification. */
export function notifyMerged({
  mergeId,
  text,
  t,
  queryClient,
  errorText,
  onUndone,
}: {
  mergeId: string;
  text: string;
  t: TFunction;
  queryClient: QueryClient;
  errorText: (error: unknown) => string;
  onUndone?: () => void;
}) {
  const id = `merge-${mergeId}`;
  notifications.show({
    id,
    color: 'teal',
    autoClose: 20_000,
    message: (
      <UndoNotice
        text={text}
        undoLabel={t('merge.undo')}
        onUndo={async () => {
          try {
            await undoMerge(queryClient, mergeId);
            notifications.update({ id, color: 'teal', message: t('merge.undone'), autoClose: 5000 });
            onUndone?.();
          } catch (error) {
            notifications.update({ id, color: 'red', message: errorText(error), autoClose: 10_000 });
          }
        }}
      />
    ),
  });
}
