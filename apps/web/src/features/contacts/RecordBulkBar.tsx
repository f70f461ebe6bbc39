// Actions on the ticked contacts or companies: change the responsible, delete. There is no bulk endpoint
// for them, so each record is changed with its own request (If-Match of the version shown); the ones the
// server refuses keep their tick and show its reason on their row.
import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { User } from '@voronka/contracts';
import { BulkBar, BulkChoiceAction, BulkDeleteAction } from '../../components/list';
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
    <BulkBar
      count={records.length}
      label={t('contacts.list.bulkLabel')}
      selectedText={t('contacts.list.selected', { count: records.length })}
      onClear={onClear}
      error={summary}
    >
      <BulkChoiceAction
        label={t('contacts.list.changeResponsible')}
        data={assignableUsers(users).map((user) => ({ value: user.id, label: user.name }))}
        buttonLabel={t('contacts.list.assign')}
        loading={running === 'assign'}
        onApply={(userId) =>
          void run('assign', (record) => patchRecord(entity, record, { responsibleUserId: userId }))
        }
        width={220}
      />
      <BulkDeleteAction
        title={t(`${section}.list.deleteTitle`)}
        message={t(`${section}.list.deleteConfirm`, { count: records.length })}
        buttonLabel={t('contacts.list.delete')}
        loading={running === 'delete'}
        onConfirm={() => run('delete', (record) => deleteRecord(entity, record))}
      />
    </BulkBar>
  );
}
