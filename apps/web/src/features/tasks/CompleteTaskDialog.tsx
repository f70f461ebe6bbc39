// Completing a task with its result ("Договорились о замере в пятницу"); the result shows in the
// record's timeline. The typed result stays when completing fails.
import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Task } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useCompleteTask } from './api';

export function CompleteTaskDialog({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={task !== null} onClose={onClose} title={t('tasks.complete.title')} centered>
      {task !== null && <CompleteForm key={task.id} task={task} onClose={onClose} />}
    </Modal>
  );
}

function CompleteForm({ task, onClose }: { task: Task; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const complete = useCompleteTask();
  const [result, setResult] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(null);
        complete.mutate(
          { task, result },
          {
            onSuccess: onClose,
            onError: (cause) =>
              setMessage(
                isApiError(cause) && cause.status === 409 ? t('tasks.complete.conflict') : errorText(cause),
              ),
          },
        );
      }}
    >
      <Stack>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {task.text}
        </Text>
        <ErrorAlert message={message} />
        <Textarea
          label={t('tasks.complete.result')}
          placeholder={t('tasks.complete.resultPlaceholder')}
          value={result}
          onChange={(event) => setResult(event.currentTarget.value)}
          autosize
          minRows={3}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="teal" loading={complete.isPending}>
            {t('tasks.complete.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
