import { Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { DialogActions } from '../../../components/ui/DialogActions';
import { useReferenceList } from '../../settings/api';

export interface LossAnswer {
  lossReasonId: string | null;
  lossComment: string | null;
}

/**
 * Asked when deals go to a Lost stage: why they were lost (the account's `loss_reasons`). One deal
 * dropped on the board is named; a bulk move (`count`) gives the same reason to each deal moved.
 */
export function LossReasonForm({
  dealName,
  count = 1,
  stageName,
  loading = false,
  onSubmit,
  onCancel,
}: {
  dealName?: string;
  count?: number;
  stageName: string;
  loading?: boolean;
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
        <Text size="sm">
          {dealName !== undefined
            ? t('deals.board.lossIntro', { name: dealName, stage: stageName })
            : t('deals.board.lossIntroMany', { count, stage: stageName })}
        </Text>
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
        <DialogActions onCancel={onCancel} submitLabel={t('deals.board.moveToLost')} loading={loading} />
      </Stack>
    </form>
  );
}
