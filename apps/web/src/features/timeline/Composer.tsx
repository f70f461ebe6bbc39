// What a manager adds to a record's timeline: a comment or a note (Markdown, @mentions, files), a task,
// or a logged call. Text is kept per record and kind in this browser until it is sent, so a failed send,
// a reload or leaving the card never loses it.
import { useEffect, useState } from 'react';
import {
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Tabs,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconCheckbox, IconMessage, IconNote, IconPhone } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntity, User } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { useErrorText } from '../../lib/errors';
import { TaskForm } from '../tasks/TaskForm';
import { useTimelineWrites } from './api';
import { mentionsIn } from './markdown';
import { MarkdownEditor, type Attachment } from './MarkdownEditor';

type Tab = 'comment' | 'note' | 'task' | 'call';

/** Text kept in localStorage under a key; cleared with `clear()`. */
function useStoredText(key: string): [string, (value: string) => void, () => void] {
  const [value, setValue] = useState(() => {
    try {
      return localStorage.getItem(key) ?? '';
    } catch {
      return '';
    }
  });
  useEffect(() => {
    try {
      if (value === '') localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // Storage full or unavailable: the text still lives in the form.
    }
  }, [key, value]);
  return [value, setValue, () => setValue('')];
}

export function Composer({
  entity,
  entityId,
  users,
  timeZone,
}: {
  entity: TimelineEntity;
  entityId: string;
  users: readonly User[];
  timeZone: string;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('comment');
  return (
    <Paper withBorder p="sm">
      <Tabs value={tab} onChange={(value) => setTab((value as Tab | null) ?? 'comment')} keepMounted>
        <Tabs.List mb="sm">
          <Tabs.Tab value="comment" leftSection={<IconMessage size={14} />}>
            {t('timeline.tabs.comment')}
          </Tabs.Tab>
          <Tabs.Tab value="task" leftSection={<IconCheckbox size={14} />}>
            {t('timeline.tabs.task')}
          </Tabs.Tab>
          <Tabs.Tab value="call" leftSection={<IconPhone size={14} />}>
            {t('timeline.tabs.call')}
          </Tabs.Tab>
          <Tabs.Tab value="note" leftSection={<IconNote size={14} />}>
            {t('timeline.tabs.note')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="comment">
          <TextEntryForm kind="comment" entity={entity} entityId={entityId} users={users} />
        </Tabs.Panel>
        <Tabs.Panel value="task">
          <TaskForm users={users} timeZone={timeZone} entity={entity} entityId={entityId} />
        </Tabs.Panel>
        <Tabs.Panel value="call">
          <CallForm entity={entity} entityId={entityId} />
        </Tabs.Panel>
        <Tabs.Panel value="note">
          <TextEntryForm kind="note" entity={entity} entityId={entityId} users={users} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}

function TextEntryForm({
  kind,
  entity,
  entityId,
  users,
}: {
  kind: 'comment' | 'note';
  entity: TimelineEntity;
  entityId: string;
  users: readonly User[];
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create } = useTimelineWrites(entity, entityId);
  const [text, setText, clearText] = useStoredText(`voronka.draft.${entity}.${entityId}.${kind}`);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const uploading = attachments.some((item) => item.fileId === null && item.error === null);
  const label = kind === 'comment' ? t('timeline.commentLabel') : t('timeline.noteLabel');

  const send = () => {
    const fileIds = attachments.flatMap((item) => (item.fileId === null ? [] : [item.fileId]));
    if (text.trim() === '' && fileIds.length === 0) {
      setError(t('timeline.emptyText'));
      return;
    }
    if (uploading) return;
    setError(null);
    create.mutate(
      { kind, text, mentions: mentionsIn(text), fileIds },
      {
        onSuccess: () => {
          clearText();
          setAttachments([]);
        },
        onError: (cause) => setError(errorText(cause)),
      },
    );
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <Stack gap="xs">
        <MarkdownEditor
          label={label}
          value={text}
          onChange={(value) => {
            setText(value);
            if (error !== null) setError(null);
          }}
          users={users}
          attachments={attachments}
          onAttachmentsChange={setAttachments}
          onSubmitShortcut={send}
        />
        <ErrorAlert message={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} disabled={uploading}>
            {kind === 'comment' ? t('timeline.sendComment') : t('timeline.saveNote')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CallForm({ entity, entityId }: { entity: TimelineEntity; entityId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create } = useTimelineWrites(entity, entityId);
  const [direction, setDirection] = useState<'outbound' | 'inbound'>('outbound');
  const [minutes, setMinutes] = useState<number | string>('');
  const [seconds, setSeconds] = useState<number | string>('');
  const [phone, setPhone] = useState('');
  const [result, setResult] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);

  const send = () => {
    const duration = Number(minutes || 0) * 60 + Number(seconds || 0);
    if (!Number.isInteger(duration) || duration < 0 || duration > 86_400) {
      setError(t('timeline.call.durationInvalid'));
      return;
    }
    setError(null);
    create.mutate(
      {
        kind: 'call',
        text: notes,
        mentions: mentionsIn(notes),
        fileIds: [],
        data: {
          direction,
          durationSeconds: duration,
          phone: phone.trim() === '' ? null : phone.trim(),
          result: result.trim() === '' ? null : result.trim(),
        },
      },
      {
        onSuccess: () => {
          setMinutes('');
          setSeconds('');
          setPhone('');
          setResult('');
          setNotes('');
        },
        onError: (cause) => setError(errorText(cause)),
      },
    );
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <Stack gap="xs">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SegmentedControl
            aria-label={t('timeline.call.direction')}
            value={direction}
            onChange={(value) => setDirection(value === 'inbound' ? 'inbound' : 'outbound')}
            data={[
              { value: 'outbound', label: t('timeline.call.outbound') },
              { value: 'inbound', label: t('timeline.call.inbound') },
            ]}
          />
          <NumberInput
            label={t('timeline.call.minutes')}
            value={minutes}
            onChange={setMinutes}
            min={0}
            max={1440}
            w={90}
            allowDecimal={false}
          />
          <NumberInput
            label={t('timeline.call.seconds')}
            value={seconds}
            onChange={setSeconds}
            min={0}
            max={59}
            w={90}
            allowDecimal={false}
          />
          <TextInput
            label={t('timeline.call.phone')}
            type="tel"
            value={phone}
            onChange={(event) => setPhone(event.currentTarget.value)}
            style={{ flex: '1 1 160px' }}
          />
        </Group>
        <TextInput
          label={t('timeline.call.result')}
          placeholder={t('timeline.call.resultPlaceholder')}
          value={result}
          onChange={(event) => setResult(event.currentTarget.value)}
        />
        <Textarea
          label={t('timeline.call.notes')}
          value={notes}
          onChange={(event) => setNotes(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <ErrorAlert message={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {t('timeline.call.log')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
