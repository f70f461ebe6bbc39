// The lead's statuses as a bar: the open ones in the account's order, filled up to the lead's status, then
// Junk. A click changes the status (a junk lead goes back to an open one the same way); Converted is only
// reached by converting, so it shows the lead's state and is not clickable.
import { Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconTrashX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadStatus } from '@voronka/contracts';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { textColorOn } from '../../settings/stageColors';
import type { LeadChanges } from '../api';

export function LeadStatusBar({
  lead,
  statuses,
  save,
}: {
  lead: Lead;
  statuses: readonly LeadStatus[];
  save: {
    mutate: (
      variables: { changes: LeadChanges; version: number },
      callbacks: { onError: (cause: unknown) => void },
    ) => void;
    isPending: boolean;
  };
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const open = statuses.filter((status) => status.kind === 'open');
  const junk = statuses.find((status) => status.kind === 'junk');
  const converted = statuses.find((status) => status.kind === 'converted');
  const currentIndex = open.findIndex((status) => status.id === lead.statusId);
  const current = statuses.find((status) => status.id === lead.statusId);
  const closed = lead.statusKind === 'converted';

  const move = (status: LeadStatus) => {
    if (status.id === lead.statusId || closed) return;
    save.mutate(
      { changes: { statusId: status.id }, version: lead.version },
      {
        onError: (cause) =>
          notifications.show({
            color: 'red',
            message:
              isApiError(cause) && cause.status === 409 ? t('leads.card.conflictRetry') : errorText(cause),
          }),
      },
    );
  };

  return (
    <Stack gap="xs">
      <Group
        gap={6}
        wrap="nowrap"
        align="stretch"
        style={{ overflowX: 'auto' }}
        role="toolbar"
        aria-label={t('leads.card.statuses')}
      >
        {open.map((status, index) => {
          const filled = closed || (currentIndex >= 0 && index <= currentIndex);
          const isCurrent = status.id === lead.statusId;
          return (
            <UnstyledButton
              key={status.id}
              onClick={() => move(status)}
              aria-label={t('leads.card.setStatus', { status: status.name })}
              aria-current={isCurrent ? 'step' : undefined}
              disabled={save.isPending || closed}
              title={status.name}
              style={{
                flex: '1 1 0',
                minWidth: 90,
                padding: '6px 10px',
                borderRadius: 4,
                background: filled ? status.color : 'var(--mantine-color-gray-1)',
                color: filled ? textColorOn(status.color) : 'var(--mantine-color-dimmed)',
                outline: isCurrent ? '2px solid var(--mantine-color-indigo-6)' : undefined,
                outlineOffset: 1,
                fontSize: 13,
                fontWeight: isCurrent ? 700 : 500,
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                cursor: closed ? 'default' : undefined,
              }}
            >
              {status.name}
            </UnstyledButton>
          );
        })}
        {converted && (
          <Button
            color="teal"
            variant={closed ? 'filled' : 'light'}
            leftSection={<IconCircleCheck size={16} />}
            aria-current={closed ? 'step' : undefined}
            title={t('leads.card.convertedHint')}
            style={{ pointerEvents: 'none', flexShrink: 0 }}
            tabIndex={-1}
          >
            {converted.name}
          </Button>
        )}
        {junk && (
          <Button
            color="red"
            variant={lead.statusKind === 'junk' ? 'filled' : 'light'}
            leftSection={<IconTrashX size={16} />}
            onClick={() => move(junk)}
            aria-label={t('leads.card.setStatus', { status: junk.name })}
            aria-current={lead.statusKind === 'junk' ? 'step' : undefined}
            disabled={save.isPending || closed}
            style={{ flexShrink: 0 }}
          >
            {junk.name}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" data-testid="current-status">
        {t('leads.card.currentStatus', { status: current?.name ?? '—' })}
        {lead.statusKind === 'junk' && ` · ${t('leads.card.junkHint')}`}
      </Text>
    </Stack>
  );
}
