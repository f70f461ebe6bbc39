// Actions on the ticked contacts or companies: change the responsible, delete. There is no bulk endpoint
// for them, so each record is changed with its own request (If-Match of the version shown); the ones the
// server refuses keep their tick and show its reason on their row.
import { useState } from 'react';
import { Alert, Button, Group, Paper, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { User } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { assignableUsers } from '../deals/card/cardData';
import { deleteRecord, ENTITIES, patchRecord, type RecordEntity } from './api';

export interface BulkOutcome {
  done: string[];
  failed: Map<string, string>;
}

/** Runs `action` on each record in turn; collects who was changed and why the others were not. */
export async function runEach(
  records: readonly { id: string; version: number }[],
  action: (record: { id: string; version: number }) => Promise<unknown>,
  reasonOf: (error: unknown) => string,
): Promise<BulkOutcome> {
  const done: string[] = [];
  const failed = new Map<string, string>();
  for (const record of records) {
    try {
      await action(record);
      done.push(record.id);
    } catch (error) {
      failed.set(record.id, reasonOf(error));
    }
  }
  return { done, failed };
}

export function RecordBulkBar({
  entity,
  records,
  users,
  onOutcome,
  onClear,
}: {
  entity: RecordEntity;
  records: readonly { id: string; version: number }[];
  users: readonly User[];
  onOutcome: (outcome: BulkOutcome) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const section = entity === 'contact' ? 'contacts' : 'companies';
  const [userId, setUserId] = useState<string | null>(null);
  const [running, setRunning] = useState<'assign' | 'delete' | null>(null);
  const [summary, setSummary] = useState<string | null>(null);

  if (records.length === 0) return null;

  const reasonOf = (error: unknown) =>
    isApiError(error) && (error.status === 409 || error.status === 412)
      ? t('contacts.list.changedMeanwhile')
      : errorText(error);

  const run = async (
    kind: 'assign' | 'delete',
    action: (record: { id: string; version: number }) => Promise<unknown>,
  ) => {
    setRunning(kind);
    setSummary(null);
    try {
      const outcome = await runEach(records, action, reasonOf);
      onOutcome(outcome);
      if (outcome.done.length > 0)
        notifications.show({
          color: 'teal',
          message: t(kind === 'assign' ? 'contacts.list.assigned' : 'contacts.list.deleted', {
            count: outcome.done.length,
          }),
        });
      if (outcome.failed.size > 0) setSummary(t('contacts.list.failed', { count: outcome.failed.size }));
      return outcome;
    } finally {
      setRunning(null);
      await queryClient.invalidateQueries({ queryKey: ENTITIES[entity].root });
    }
  };

  return (
    <Paper withBorder p="sm" bg="indigo.0" role="toolbar" aria-label={t('contacts.list.bulkLabel')}>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Group gap={4} mr="sm">
          <Text size="sm" fw={600} data-testid="selected-count">
            {t('contacts.list.selected', { count: records.length })}
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            color="gray"
            leftSection={<IconX size={12} />}
            onClick={onClear}
          >
            {t('contacts.list.clearSelection')}
          </Button>
        </Group>
        <Group gap={6} align="flex-end" wrap="nowrap">
          <Select
            size="xs"
            label={t('contacts.list.changeResponsible')}
            data={assignableUsers(users).map((user) => ({ value: user.id, label: user.name }))}
            value={userId}
            onChange={setUserId}
            searchable
            w={220}
          />
          <Button
            size="xs"
            disabled={userId === null}
            loading={running === 'assign'}
            onClick={() => {
              if (userId !== null)
                void run('assign', (record) => patchRecord(entity, record, { responsibleUserId: userId }));
            }}
          >
            {t('contacts.list.assign')}
          </Button>
        </Group>
        <ConfirmModal
          title={t(`${section}.list.deleteTitle`)}
          message={t(`${section}.list.deleteConfirm`, { count: records.length })}
          confirmLabel={t('common.delete')}
          onConfirm={() => run('delete', (record) => deleteRecord(entity, record))}
          target={(open) => (
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconTrash size={14} />}
              loading={running === 'delete'}
              onClick={open}
            >
              {t('contacts.list.delete')}
            </Button>
          )}
        />
      </Group>
      {summary !== null && (
        <Alert color="red" variant="light" role="alert" mt="sm" p="xs">
          {summary}
        </Alert>
      )}
    </Paper>
  );
}
