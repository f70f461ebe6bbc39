import { Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { DealCard } from '@voronka/contracts';
import { DialogActions } from '../../../components/ui/DialogActions';
import { useReferenceList } from '../../settings/api';

export interface LossAnswer {
  lossReasonId: string | null;
  lossComment: string | null;
}

/** Asked when a deal is dropped on a Lost stage: why it was lost (the account's `loss_reasons`). */
export function LossReasonForm({
  card,
  stageName,
  onSubmit,
  onCancel,
}: {
  card: DealCard;
  stageName: string;
  onSubmit: (answer: LossAnswer) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const reasons = useReferenceList('loss_reasons', false);
  const options = (reasons.data ?? []).map((item) => ({ value: item.id, label: item.name }));
  // With no reasons set up in the account there is nothing to choose, and the move is not held up.
  const required = options.length > 0;
  const form = useForm({
    mode: 'controlled',
    initialValues: { lossReasonId: '', lossComment: '' },
    validate: {
      lossReasonId: (value) => (required && value === '' ? t('validation.required') : null),
    },
  });

  const submit = form.onSubmit((values) =>
    onSubmit({
      lossReasonId: values.lossReasonId === '' ? null : values.lossReasonId,
      lossComment: values.lossComment.trim() === '' ? null : values.lossComment.trim(),
    }),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('deals.board.lossIntro', { name: card.name, stage: stageName })}</Text>
        <Select
          label={t('deals.common.lossReason')}
          required={required}
          data={options}
          disabled={reasons.isPending}
          placeholder={reasons.isPending ? t('app.loading') : undefined}
          searchable
          data-autofocus
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('lossReasonId')}
          onChange={(value: string | null) => form.setFieldValue('lossReasonId', value ?? '')}
        />
        <Textarea
          label={t('deals.common.lossComment')}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          {...form.getInputProps('lossComment')}
        />
        <DialogActions onCancel={onCancel} submitLabel={t('deals.board.moveToLost')} loading={false} />
      </Stack>
    </form>
  );
}
