import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/errors';
import { ErrorAlert } from './ErrorAlert';

/**
 * A confirmation dialog for destructive actions. `target(open)` renders whatever opens it;
 * the dialog stays open with the error shown when the action fails. `doneMessage`, when given, is
 * shown as a notification once the action has succeeded.
 */
export function ConfirmModal({
  target,
  title,
  message,
  confirmLabel,
  color = 'red',
  onConfirm,
  doneMessage,
}: {
  target: (open: () => void) => ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  color?: string;
  onConfirm: () => Promise<unknown>;
  doneMessage?: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [opened, setOpened] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setOpened(false);
    setError(null);
  };
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      if (doneMessage !== undefined) notifications.show({ color: 'teal', message: doneMessage });
      setOpened(false);
    } catch (cause) {
      setError(errorText(cause));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      {target(() => setOpened(true))}
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack>
          <Text size="sm">{message}</Text>
          <ErrorAlert message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button color={color} loading={pending} onClick={() => void confirm()} data-autofocus>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
