// The pipeline's stages as a bar: the deal's stage and those before it filled in its colour. A click on
// a stage moves the deal there; Won and Lost close it (Lost asks why, from the loss reasons list). When
// fields are required at the chosen stage, the server refuses and the card shows why at those fields.
import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Stage } from '@voronka/contracts';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { StepBar, StepButton } from '../../../components/card/StepBar';
import { useSaveDeal, type DealChanges } from './api';
import { pickable, type CardData } from './cardData';
import { useReasonText } from './reasons';

export function StageBar({ data }: { data: CardData }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const reasonText = useReasonText();
  const { deal, stages } = data;
  const save = useSaveDeal(deal.id);
  const [blocked, setBlocked] = useState<{ stage: Stage; fields: string[] } | null>(null);
  const [losing, setLosing] = useState(false);

  const current = stages.find((stage) => stage.id === deal.stageId);
  const won = stages.find((stage) => stage.kind === 'won');
  const lost = stages.find((stage) => stage.kind === 'lost');
  const bar = stages.filter(
    (stage) => stage.kind === 'open' || (stage.kind === 'unsorted' && stage.id === deal.stageId),
  );
  const currentIndex = bar.findIndex((stage) => stage.id === deal.stageId);
  const reached = (index: number) => deal.status === 'won' || (currentIndex >= 0 && index <= currentIndex);

  const move = (
    stage: Stage,
    extra: DealChanges = {},
    onDone?: () => void,
    onFail?: (message: string) => void,
  ) => {
    if (stage.id === deal.stageId && stage.kind !== 'lost') return;
    save.mutate(
      { changes: { stageId: stage.id, ...extra }, version: deal.version },
      {
        onSuccess: () => {
          setBlocked(null);
          data.setStageErrors({});
          onDone?.();
        },
        onError: (cause) => {
          const fields = isApiError(cause) ? cause.fields : {};
          const required = Object.entries(fields).filter(([path]) => path.startsWith('customFields.'));
          if (isApiError(cause) && cause.status === 422 && required.length > 0) {
            data.setStageErrors(
              Object.fromEntries(required.map(([path, reason]) => [path, reasonText(reason)])),
            );
            const names = required.map(
              ([path]) => data.allFields.find((field) => `customFields.${field.id}` === path)?.name ?? path,
            );
            setBlocked({ stage, fields: names });
            onFail?.(t('dealCard.stageBlocked', { stage: stage.name, fields: names.join(', ') }));
            return;
          }
          const message =
            isApiError(cause) && cause.status === 409 ? t('dealCard.conflictRetry') : errorText(cause);
          if (onFail) onFail(message);
          else notifications.show({ color: 'red', message });
        },
      },
    );
  };

  const lossReason = data.lossReasons.find((item) => item.id === deal.lossReasonId)?.name;

  return (
    <Stack gap="xs">
      <StepBar label={t('dealCard.stages')}>
        {bar.map((stage, index) => (
          <StepButton
            key={stage.id}
            name={stage.name}
            color={stage.color}
            filled={reached(index)}
            current={stage.id === deal.stageId}
            label={t('dealCard.moveTo', { stage: stage.name })}
            disabled={save.isPending}
            onClick={() => move(stage)}
          />
        ))}
        {won && (
          <Button
            color="teal"
            variant={deal.status === 'won' ? 'filled' : 'light'}
            leftSection={<IconTrophy size={16} />}
            onClick={() => move(won)}
            aria-current={deal.status === 'won' ? 'step' : undefined}
            title={won.name}
            disabled={save.isPending}
          >
            {t('dealCard.won')}
          </Button>
        )}
        {lost && (
          <Button
            color="red"
            variant={deal.status === 'lost' ? 'filled' : 'light'}
            leftSection={<IconThumbDown size={16} />}
            onClick={() => setLosing(true)}
            aria-current={deal.status === 'lost' ? 'step' : undefined}
            title={lost.name}
            disabled={save.isPending}
          >
            {t('dealCard.lost')}
          </Button>
        )}
      </StepBar>
      <Text size="sm" c="dimmed">
        {t('dealCard.currentStage', { stage: current?.name ?? '—' })}
        {deal.status === 'lost' &&
          lossReason !== undefined &&
          ` · ${t('dealCard.lossReasonShown', { reason: lossReason })}`}
        {deal.status === 'lost' && deal.lossComment && ` — ${deal.lossComment}`}
      </Text>
      {blocked !== null && (
        <Alert color="orange" variant="light" role="alert" withCloseButton onClose={() => setBlocked(null)}>
          {t('dealCard.stageBlocked', { stage: blocked.stage.name, fields: blocked.fields.join(', ') })}
        </Alert>
      )}
      <Modal opened={losing} onClose={() => setLosing(false)} title={t('dealCard.loseTitle')} centered>
        {losing && lost && (
          <LossForm
            data={data}
            pending={save.isPending}
            onCancel={() => setLosing(false)}
            onSubmit={(lossReasonId, lossComment, fail) =>
              move(
                lost,
                { lossReasonId, lossComment: lossComment.trim() === '' ? null : lossComment.trim() },
                () => setLosing(false),
                fail,
              )
            }
          />
        )}
      </Modal>
    </Stack>
  );
}

function LossForm({
  data,
  pending,
  onCancel,
  onSubmit,
}: {
  data: CardData;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (lossReasonId: string | null, comment: string, fail: (message: string) => void) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<string | null>(data.deal.lossReasonId);
  const [comment, setComment] = useState(data.deal.lossComment ?? '');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const reasons = pickable(data.lossReasons, data.deal.lossReasonId);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (reasons.length > 0 && reason === null) {
          setReasonError(t('dealCard.lossReasonRequired'));
          return;
        }
        setMessage(null);
        onSubmit(reason, comment, setMessage);
      }}
    >
      <Stack>
        <ErrorAlert message={message} />
        <Select
          label={t('dealCard.lossReason')}
          data={reasons.map((item) => ({ value: item.id, label: item.name }))}
          value={reason}
          onChange={(value) => {
            setReason(value);
            setReasonError(null);
          }}
          error={reasonError}
          withAsterisk={reasons.length > 0}
          searchable
          data-autofocus
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label={t('dealCard.lossComment')}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={pending}>
            {t('dealCard.markLost')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
