import { useState } from 'react';
import { Alert, Button, Group, Paper, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BulkDealsBody, Pipeline } from '@voronka/contracts';
import { ConfirmModal } from '../../../components/ui/ConfirmModal';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { useBulkDeals, useDealCustomFields } from '../api';
import { fieldReasonOf, otherErrorsOf, rowErrorsOf } from './bulkErrors';

/**
 * Actions on the ticked deals: move to a stage, change the responsible, delete. The server does all
 * or nothing; the deals it refuses are marked on their rows with its reason.
 */
export function BulkBar({
  ids,
  pipelines,
  userNames,
  onDone,
  onRowErrors,
  onClear,
}: {
  ids: readonly string[];
  pipelines: readonly Pipeline[];
  userNames: ReadonlyMap<string, string>;
  onDone: () => void;
  onRowErrors: (errors: ReadonlyMap<string, string>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const bulk = useBulkDeals();
  const fields = useDealCustomFields();
  const [stageId, setStageId] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (ids.length === 0) return null;

  /** A custom field named by its name, and "required" in the user's language. */
  const describe = (reason: string) => {
    const about = fieldReasonOf(reason);
    if (about === null) return reason;
    const name = fields.data?.find((field) => field.id === about.fieldId)?.name ?? about.fieldId;
    return about.reason.startsWith('required')
      ? t('deals.list.fieldRequired', { field: name })
      : `«${name}»: ${about.reason}`;
  };

  const run = async (body: BulkDealsBody, done: (count: number) => string) => {
    setError(null);
    try {
      const result = await bulk.mutateAsync(body);
      notifications.show({ color: 'teal', message: done(result.count) });
      onDone();
    } catch (cause) {
      const problems = isApiError(cause) ? cause.fields : {};
      const rows = rowErrorsOf(body.ids, problems);
      onRowErrors(new Map([...rows].map(([id, reason]) => [id, describe(reason)])));
      const other = otherErrorsOf(problems);
      setError(
        rows.size > 0
          ? t('deals.list.bulkRefused', { count: rows.size })
          : [errorText(cause), ...other].join(' '),
      );
      throw cause;
    }
  };

  const stageOptions = pipelines.map((pipeline) => ({
    group: pipeline.name,
    items: pipeline.stages.map((stage) => ({ value: stage.id, label: stage.name })),
  }));
  const stageName = pipelines.flatMap((p) => p.stages).find((s) => s.id === stageId)?.name ?? '';
  const userOptions = [...userNames].map(([value, label]) => ({ value, label }));

  return (
    <Paper withBorder p="sm" bg="indigo.0" role="toolbar" aria-label={t('deals.list.bulkLabel')}>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Group gap={4} mr="sm">
          <Text size="sm" fw={600} data-testid="selected-count">
            {t('deals.list.selected', { count: ids.length })}
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            color="gray"
            leftSection={<IconX size={12} />}
            onClick={onClear}
          >
            {t('deals.list.clearSelection')}
          </Button>
        </Group>
        <Group gap={6} align="flex-end" wrap="nowrap">
          <Select
            size="xs"
            label={t('deals.list.moveToStage')}
            data={stageOptions}
            value={stageId}
            onChange={setStageId}
            searchable
            w={220}
          />
          <Button
            size="xs"
            disabled={stageId === null}
            loading={bulk.isPending && bulk.variables.action === 'move'}
            onClick={() => {
              if (stageId !== null)
                void run({ action: 'move', ids: [...ids], stageId }, (count) =>
                  t('deals.list.moved', { count, stage: stageName }),
                ).catch(() => undefined);
            }}
          >
            {t('deals.list.move')}
          </Button>
        </Group>
        <Group gap={6} align="flex-end" wrap="nowrap">
          <Select
            size="xs"
            label={t('deals.list.changeResponsible')}
            data={userOptions}
            value={userId}
            onChange={setUserId}
            searchable
            w={200}
          />
          <Button
            size="xs"
            disabled={userId === null}
            loading={bulk.isPending && bulk.variables.action === 'assign'}
            onClick={() => {
              if (userId !== null)
                void run({ action: 'assign', ids: [...ids], responsibleUserId: userId }, (count) =>
                  t('deals.list.assigned', { count }),
                ).catch(() => undefined);
            }}
          >
            {t('deals.list.assign')}
          </Button>
        </Group>
        <ConfirmModal
          title={t('deals.list.deleteTitle')}
          message={t('deals.list.deleteConfirm', { count: ids.length })}
          confirmLabel={t('common.delete')}
          onConfirm={() =>
            run({ action: 'delete', ids: [...ids] }, (count) => t('deals.list.deleted', { count }))
          }
          target={(open) => (
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconTrash size={14} />}
              onClick={open}
            >
              {t('deals.list.delete')}
            </Button>
          )}
        />
      </Group>
      {error !== null && (
        <Alert color="red" variant="light" role="alert" mt="sm" p="xs">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
