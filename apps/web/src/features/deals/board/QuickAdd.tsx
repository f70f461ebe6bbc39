import { memo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useFormErrors } from '../../../lib/errors';
import { useCreateDeal } from '../api';
import { parseAmount } from '../money';
import type { BoardStage } from './boardModel';
import { useBoardKey } from './boardContext';

/**
 * A deal added at the top of a column: name and amount, Enter saves. The form stays open for the next
 * deal; Escape closes it. What was typed stays when the server refuses it.
 */
export const QuickAdd = memo(function QuickAdd({
  stage,
  pipelineId,
}: {
  stage: BoardStage;
  pipelineId: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const create = useCreateDeal(useBoardKey());
  const nameRef = useRef<HTMLInputElement>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', amount: '' },
    validate: {
      name: (value) => (value.trim() === '' ? t('validation.required') : null),
      amount: (value) => (parseAmount(value) === null ? t('deals.common.amountInvalid') : null),
    },
  });
  const errors = useFormErrors(form, ['name', 'amount']);

  const close = () => {
    setOpen(false);
    errors.setMessage(null);
    form.clearErrors();
  };

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    create.mutate(
      { name: values.name.trim(), amount: parseAmount(values.amount) ?? '0', pipelineId, stageId: stage.id },
      {
        onSuccess: () => {
          form.reset();
          nameRef.current?.focus();
        },
        onError: errors.show,
      },
    );
  });

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  };

  if (!open)
    return (
      <Button
        variant="subtle"
        color="gray"
        size="compact-xs"
        mt={4}
        fullWidth
        justify="flex-start"
        leftSection={<IconPlus size={14} />}
        aria-label={t('deals.board.quickAddTo', { stage: stage.name })}
        onClick={() => setOpen(true)}
      >
        {t('deals.board.quickAdd')}
      </Button>
    );

  return (
    <form
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={t('deals.board.quickAddTo', { stage: stage.name })}
    >
      <Stack gap={6} mt={6}>
        <ErrorAlert message={errors.message} />
        <TextInput
          ref={nameRef}
          size="xs"
          aria-label={t('deals.board.dealName')}
          placeholder={t('deals.board.dealName')}
          autoFocus
          {...form.getInputProps('name')}
        />
        <TextInput
          size="xs"
          aria-label={t('deals.common.amount')}
          placeholder={t('deals.board.amountPlaceholder')}
          inputMode="decimal"
          {...form.getInputProps('amount')}
        />
        <Group gap={6} justify="flex-end">
          <Button variant="default" size="compact-xs" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" size="compact-xs" loading={create.isPending}>
            {t('deals.board.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
});
