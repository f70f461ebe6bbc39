import { useState } from 'react';
import { Modal } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { BulkDealsBody, Pipeline } from '@voronka/contracts';
import {
  BulkChoiceAction,
  BulkDeleteAction,
  BulkBar as ListBulkBar,
  fieldReasonOf,
  otherErrorsOf,
  rowErrorsOf,
} from '../../../components/list';
import { isApiError } from '../../../lib/api';
import { forbiddenText, useErrorText } from '../../../lib/errors';
import { can, canAnywhere } from '../../access/can';
import { useMyAccess } from '../../access/api';
import { useBulkDeals, useDealCustomFields } from '../api';
import { LossReasonForm } from '../board/LossReasonForm';

/**
 * Actions on the ticked deals: move to a stage (to a Lost stage with one loss reason for all), change the
 * responsible, delete — each shown when the role may do it at all. The server does all or nothing; the
 * deals it refuses are marked on their rows with its reason.
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
  // Only the actions the role allows somewhere (ADR 0018); the server still decides per deal.
  const me = useMyAccess().data;
  const mayEdit = canAnywhere(me, 'deal', 'edit');
  const mayDelete = canAnywhere(me, 'deal', 'delete');
  const [error, setError] = useState<string | null>(null);
  // A move into a Lost stage waits here for its loss reason.
  const [lostStageId, setLostStageId] = useState<string | null>(null);

  /** A custom field named by its name, and "required" in the user's language. */
  const describe = (reason: string) => {
    const about = fieldReasonOf(reason);
    if (about === null) return forbiddenText(t, reason) ?? reason;
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

  const stageOptions = pipelines
    .map((pipeline) => ({
      group: pipeline.name,
      // Moving into a stage needs the right to edit there.
      items: pipeline.stages
        .filter((stage) => can(me, 'deal', 'edit', stage.id))
        .map((stage) => ({ value: stage.id, label: stage.name })),
    }))
    .filter((group) => group.items.length > 0);
  const stageOf = (stageId: string) => pipelines.flatMap((p) => p.stages).find((s) => s.id === stageId);
  const stageName = (stageId: string) => stageOf(stageId)?.name ?? '';
  const move = (stageId: string, loss: { lossReasonId?: string; lossComment?: string } = {}) =>
    run({ action: 'move', ids: [...ids], stageId, ...loss }, (count) =>
      t('deals.list.moved', { count, stage: stageName(stageId) }),
    );
  const userOptions = [...userNames].map(([value, label]) => ({ value, label }));

  return (
    <ListBulkBar
      count={ids.length}
      label={t('deals.list.bulkLabel')}
      selectedText={t('deals.list.selected', { count: ids.length })}
      onClear={onClear}
      error={error}
    >
      {mayEdit && (
        <BulkChoiceAction
          label={t('deals.list.moveToStage')}
          data={stageOptions}
          buttonLabel={t('deals.list.move')}
          loading={bulk.isPending && bulk.variables.action === 'move'}
          onApply={(stageId) => {
            if (stageOf(stageId)?.kind === 'lost') setLostStageId(stageId);
            else void move(stageId).catch(() => undefined);
          }}
          width={220}
        />
      )}
      <Modal
        opened={lostStageId !== null}
        onClose={() => setLostStageId(null)}
        title={t('deals.board.lossTitleMany')}
      >
        {lostStageId !== null && (
          <LossReasonForm
            count={ids.length}
            stageName={stageName(lostStageId)}
            loading={bulk.isPending}
            onCancel={() => setLostStageId(null)}
            onSubmit={(answer) =>
              void move(lostStageId, {
                ...(answer.lossReasonId !== null ? { lossReasonId: answer.lossReasonId } : {}),
                ...(answer.lossComment !== null ? { lossComment: answer.lossComment } : {}),
              })
                .catch(() => undefined)
                .finally(() => setLostStageId(null))
            }
          />
        )}
      </Modal>
      {mayEdit && (
        <BulkChoiceAction
          label={t('deals.list.changeResponsible')}
          data={userOptions}
          buttonLabel={t('deals.list.assign')}
          loading={bulk.isPending && bulk.variables.action === 'assign'}
          onApply={(userId) =>
            void run({ action: 'assign', ids: [...ids], responsibleUserId: userId }, (count) =>
              t('deals.list.assigned', { count }),
            ).catch(() => undefined)
          }
        />
      )}
      {mayDelete && (
        <BulkDeleteAction
          title={t('deals.list.deleteTitle')}
          message={t('deals.list.deleteConfirm', { count: ids.length })}
          buttonLabel={t('deals.list.delete')}
          onConfirm={() =>
            run({ action: 'delete', ids: [...ids] }, (count) => t('deals.list.deleted', { count }))
          }
        />
      )}
    </ListBulkBar>
  );
}
