import type { ReactNode } from 'react';
import { ActionIcon, Tooltip } from '@mantine/core';
import { ConfirmModal } from './ConfirmModal';

/**
 * A red icon button for a destructive action on one row, named by `label` for screen readers and
 * tests; it asks in a ConfirmModal (titled `title`, or `label` when not given) before running it.
 */
export function ConfirmIconButton({
  label,
  icon,
  tooltip,
  title = label,
  message,
  confirmLabel,
  onConfirm,
  doneMessage,
}: {
  label: string;
  icon: ReactNode;
  tooltip?: string;
  title?: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  doneMessage?: string;
}) {
  return (
    <ConfirmModal
      title={title}
      message={message}
      confirmLabel={confirmLabel}
      onConfirm={onConfirm}
      doneMessage={doneMessage}
      target={(open) => {
        const button = (
          <ActionIcon variant="subtle" color="red" onClick={open} aria-label={label}>
            {icon}
          </ActionIcon>
        );
        return tooltip === undefined ? button : <Tooltip label={tooltip}>{button}</Tooltip>;
      }}
    />
  );
}
