// The lead's statuses as a bar: the open ones in the account's order, filled up to the lead's status, then
// Junk. A click changes the status (a junk lead goes back to an open one the same way); Converted is only
// reached by converting, so it shows the lead's state and is not clickable.
import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconTrashX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadStatus } from '@voronka/contracts';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { StepBar, StepButton } from '../../../components/card/StepBar';
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
      <StepBar label={t('leads.card.statuses')}>
        {open.map((status, index) => (
          <StepButton
            key={status.id}
            name={status.name}
            color={status.color}
            filled={closed || (currentIndex >= 0 && index <= currentIndex)}
            current={status.id === lead.statusId}
            label={t('leads.card.setStatus', { status: status.name })}
            disabled={save.isPending || closed}
            locked={closed}
            onClick={() => move(status)}
          />
        ))}
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
      </StepBar>
      <Text size="sm" c="dimmed" data-testid="current-status">
        {t('leads.card.currentStatus', { status: current?.name ?? '—' })}
        {lead.statusKind === 'junk' && ` · ${t('leads.card.junkHint')}`}
      </Text>
    </Stack>
  );
}
