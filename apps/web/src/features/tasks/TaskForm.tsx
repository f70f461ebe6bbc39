// A new task: type, what to do, the deadline (a date and a time in the account's time zone, or the whole
// day) and who is responsible. Used in a record's composer and on the Tasks page. The form keeps its
// input when the server refuses it.
import { useState } from 'react';
import { Button, Checkbox, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TaskEntity, TaskType, User } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useMe } from '../auth/session';
import { useCreateTask } from './api';
import { addDays, dayInZone, zonedDateTime } from './zonedTime';

export const TASK_TYPES = ['call', 'meeting', 'email', 'other'] as const satisfies readonly TaskType[];

interface Draft {
  type: TaskType;
  text: string;
  day: string;
  time: string;
  allDay: boolean;
  responsibleUserId: string | null;
}

function initialDraft(meId: string, timeZone: string): Draft {
  const now = new Date();
  const nextHour = new Date(now.getTime() + 60 * 60_000);
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(nextHour),
  );
  // Late in the evening the next full hour is tomorrow morning's business.
  const tomorrowMorning = hour >= 20 || hour < 8;
  const today = dayInZone(now, timeZone);
  return {
    type: 'call',
    text: '',
    day: tomorrowMorning ? addDays(today, hour < 8 ? 0 : 1) : today,
    time: tomorrowMorning ? '10:00' : `${String(hour).padStart(2, '0')}:00`,
    allDay: false,
    responsibleUserId: meId,
  };
}

export function TaskForm({
  users,
  timeZone,
  entity,
  entityId,
  onDone,
  onCancel,
  submitLabel,
}: {
  users: readonly User[];
  timeZone: string;
  entity?: TaskEntity;
  entityId?: string;
  onDone?: () => void;
  onCancel?: () => void;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const errorText = useErrorText();
  const create = useCreateTask();
  const [draft, setDraft] = useState(() => initialDraft(me.user.id, timeZone));
  const [errors, setErrors] = useState<Partial<Record<'text' | 'deadline' | 'responsibleUserId', string>>>(
    {},
  );
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  const submit = () => {
    const found: typeof errors = {};
    if (draft.text.trim() === '') found.text = t('tasks.form.textRequired');
    const deadline = draft.allDay
      ? /^\d{4}-\d{2}-\d{2}$/.test(draft.day)
        ? draft.day
        : null
      : zonedDateTime(draft.day, draft.time, timeZone);
    if (deadline === null) found.deadline = t('tasks.form.deadlineInvalid');
    if (draft.responsibleUserId === null) found.responsibleUserId = t('tasks.form.responsibleRequired');
    setErrors(found);
    if (Object.keys(found).length > 0 || deadline === null || draft.responsibleUserId === null) return;
    setMessage(null);
    create.mutate(
      {
        type: draft.type,
        text: draft.text.trim(),
        deadline,
        responsibleUserId: draft.responsibleUserId,
        ...(entity !== undefined && entityId !== undefined ? { entity, entityId } : {}),
      },
      {
        onSuccess: () => {
          setDraft((current) => ({ ...initialDraft(me.user.id, timeZone), type: current.type }));
          onDone?.();
        },
        onError: (cause) => {
          const fields = isApiError(cause) ? cause.fields : {};
          const atFields = {
            text: fields.text,
            deadline: fields.deadline,
            responsibleUserId: fields.responsibleUserId,
          };
          const shown = Object.fromEntries(
            Object.entries(atFields).filter(([, reason]) => reason !== undefined),
          );
          setErrors(shown);
          if (Object.keys(shown).length === 0) setMessage(errorText(cause));
        },
      },
    );
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      aria-label={t('tasks.form.title')}
    >
      <Stack gap="sm">
        <ErrorAlert message={message} />
        <Group gap="sm" align="flex-start" wrap="wrap">
          <Select
            label={t('tasks.form.type')}
            data={TASK_TYPES.map((type) => ({ value: type, label: t(`tasks.type.${type}`) }))}
            value={draft.type}
            onChange={(type) => set({ type: type ?? 'call' })}
            allowDeselect={false}
            w={150}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('tasks.form.responsible')}
            data={users.filter((user) => user.active).map((user) => ({ value: user.id, label: user.name }))}
            value={draft.responsibleUserId}
            onChange={(responsibleUserId) => set({ responsibleUserId })}
            error={errors.responsibleUserId}
            searchable
            style={{ flex: '1 1 180px' }}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        <Textarea
          label={t('tasks.form.text')}
          value={draft.text}
          onChange={(event) => set({ text: event.currentTarget.value })}
          error={errors.text}
          autosize
          minRows={2}
          maxRows={8}
        />
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label={t('tasks.form.date')}
            value={draft.day}
            onChange={(event) => set({ day: event.currentTarget.value })}
            error={errors.deadline}
            w={170}
          />
          {!draft.allDay && (
            <TextInput
              type="time"
              label={t('tasks.form.time')}
              value={draft.time}
              onChange={(event) => set({ time: event.currentTarget.value })}
              w={120}
            />
          )}
          <Checkbox
            label={t('tasks.form.allDay')}
            checked={draft.allDay}
            onChange={(event) => set({ allDay: event.currentTarget.checked })}
            mb={8}
          />
        </Group>
        <Group justify="flex-end" gap="xs">
          {onCancel !== undefined && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={create.isPending}>
            {submitLabel ?? t('tasks.form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
