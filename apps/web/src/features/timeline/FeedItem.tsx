// One item of a record's feed: an entry (comment, note, call, meeting, e-mail) with its actions, a task
// created or completed, or a history entry told in words.
import { useState, type ReactNode } from 'react';
import { ActionIcon, Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconCalendarEvent,
  IconCheck,
  IconCheckbox,
  IconHistory,
  IconMail,
  IconMessage,
  IconNote,
  IconPencil,
  IconPhoneIncoming,
  IconPhoneOutgoing,
  IconPin,
  IconPinnedOff,
  IconPaperclip,
  IconTrash,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry, Task, TimelineEntry, TimelineFeedItem, User } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDay, formatInstant } from './fieldText';
import { describeHistory, type HistoryResolvers } from './historyWording';
import { mentionsIn } from './markdown';
import { MarkdownEditor } from './MarkdownEditor';
import { MarkdownText } from './MarkdownText';
import type { useTimelineWrites } from './api';

export interface FeedContext {
  users: readonly User[];
  meId: string;
  isAdmin: boolean;
  locale: string;
  timeZone: string | undefined;
  resolvers: HistoryResolvers;
  writes: ReturnType<typeof useTimelineWrites>;
  onComplete: (task: Task) => void;
}

const userName = (ctx: FeedContext, id: string | null) =>
  id === null ? null : (ctx.users.find((user) => user.id === id)?.name ?? null);

function Frame({
  icon,
  color,
  who,
  at,
  title,
  actions,
  children,
  label,
  pinned,
}: {
  icon: ReactNode;
  color: string;
  who: string | null;
  at: string;
  title: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  label: string;
  pinned?: boolean;
}) {
  return (
    <Paper
      withBorder
      p="sm"
      component="article"
      aria-label={label}
      style={
        pinned
          ? { borderColor: 'var(--mantine-color-yellow-5)', background: 'var(--mantine-color-yellow-0)' }
          : undefined
      }
    >
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <Box c={color} pt={2} aria-hidden>
          {icon}
        </Box>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
              {title}
              <Text size="xs" c="dimmed">
                {[who, at].filter(Boolean).join(' · ')}
              </Text>
            </Group>
            {actions !== undefined && (
              <Group gap={2} wrap="nowrap">
                {actions}
              </Group>
            )}
          </Group>
          {children}
        </Stack>
      </Group>
    </Paper>
  );
}

export function FeedItem({ item, ctx }: { item: TimelineFeedItem; ctx: FeedContext }) {
  switch (item.type) {
    case 'entry':
      return <EntryItem entry={item.entry} ctx={ctx} />;
    case 'task_created':
      return <TaskItem task={item.task} at={item.at} completed={false} ctx={ctx} />;
    case 'task_completed':
      return <TaskItem task={item.task} at={item.at} completed ctx={ctx} />;
    case 'event':
      return <HistoryItem event={item.event} ctx={ctx} />;
  }
}

const duration = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

export function EntryItem({
  entry,
  ctx,
  pinnedBlock = false,
}: {
  entry: TimelineEntry;
  ctx: FeedContext;
  pinnedBlock?: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [editing, setEditing] = useState<string | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const author = userName(ctx, entry.authorUserId);
  const at = formatInstant(entry.occurredAt, ctx.locale, ctx.timeZone);
  const mayChange = entry.authorUserId === ctx.meId || ctx.isAdmin;
  const textual = entry.kind === 'comment' || entry.kind === 'note';
  const pinned = entry.pinnedAt !== null;

  const kindTitle: Record<TimelineEntry['kind'], string> = {
    comment: t('timeline.kind.comment'),
    note: t('timeline.kind.note'),
    call:
      entry.kind === 'call' && entry.data.direction === 'inbound'
        ? t('timeline.kind.callIn')
        : t('timeline.kind.callOut'),
    meeting: t('timeline.kind.meeting'),
    email: t('timeline.kind.email'),
  };
  const icon =
    entry.kind === 'comment' ? (
      <IconMessage size={18} />
    ) : entry.kind === 'note' ? (
      <IconNote size={18} />
    ) : entry.kind === 'call' ? (
      entry.data.direction === 'inbound' ? (
        <IconPhoneIncoming size={18} />
      ) : (
        <IconPhoneOutgoing size={18} />
      )
    ) : entry.kind === 'meeting' ? (
      <IconCalendarEvent size={18} />
    ) : (
      <IconMail size={18} />
    );

  const saveEdit = () => {
    if (editing === null) return;
    setEditError(null);
    ctx.writes.update.mutate(
      { id: entry.id, version: entry.version, text: editing, mentions: mentionsIn(editing) },
      {
        onSuccess: () => setEditing(null),
        onError: (cause) =>
          setEditError(
            isApiError(cause) && cause.status === 409 ? t('timeline.editConflict') : errorText(cause),
          ),
      },
    );
  };

  const actions = (
    <>
      <Tooltip label={pinned ? t('timeline.unpin') : t('timeline.pin')}>
        <ActionIcon
          variant="subtle"
          color={pinned ? 'yellow' : 'gray'}
          size="sm"
          aria-label={pinned ? t('timeline.unpin') : t('timeline.pin')}
          aria-pressed={pinned}
          loading={ctx.writes.pin.isPending && ctx.writes.pin.variables.id === entry.id}
          onClick={() => ctx.writes.pin.mutate({ id: entry.id, pinned: !pinned })}
        >
          {pinned ? <IconPinnedOff size={14} /> : <IconPin size={14} />}
        </ActionIcon>
      </Tooltip>
      {mayChange && textual && editing === null && (
        <Tooltip label={t('timeline.edit')}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t('timeline.edit')}
            onClick={() => setEditing(entry.text)}
          >
            <IconPencil size={14} />
          </ActionIcon>
        </Tooltip>
      )}
      {mayChange && (
        <ConfirmModal
          title={t('timeline.deleteTitle')}
          message={t('timeline.deleteMessage')}
          confirmLabel={t('common.delete')}
          onConfirm={() => ctx.writes.remove.mutateAsync(entry.id)}
          target={(open) => (
            <Tooltip label={t('common.delete')}>
              <ActionIcon
                variant="subtle"
                color="red"
                size="sm"
                aria-label={t('common.delete')}
                onClick={open}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        />
      )}
    </>
  );

  return (
    <Frame
      icon={icon}
      color={entry.kind === 'note' ? 'yellow.7' : entry.kind === 'comment' ? 'indigo.6' : 'teal.6'}
      who={author}
      at={at}
      pinned={pinnedBlock}
      label={t('timeline.entryLabel', { kind: kindTitle[entry.kind], who: author ?? t('timeline.system') })}
      title={
        <>
          <Text size="sm" fw={600}>
            {kindTitle[entry.kind]}
          </Text>
          {pinned && !pinnedBlock && (
            <Badge size="xs" variant="light" color="yellow" leftSection={<IconPin size={10} />}>
              {t('timeline.pinned')}
            </Badge>
          )}
        </>
      }
      actions={actions}
    >
      {entry.kind === 'call' && (
        <Text size="sm">
          {[
            entry.data.durationSeconds === 0
              ? t('timeline.call.notAnswered')
              : duration(entry.data.durationSeconds),
            entry.data.phone,
            entry.data.result,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
      {entry.kind === 'meeting' && (
        <Text size="sm">
          {formatInstant(entry.data.startsAt, ctx.locale, ctx.timeZone)} –{' '}
          {formatInstant(entry.data.endsAt, ctx.locale, ctx.timeZone)}
          {entry.data.place !== null && ` · ${entry.data.place}`}
        </Text>
      )}
      {entry.kind === 'email' && (
        <Text size="sm">
          <b>{entry.data.subject}</b> · {entry.data.from} → {entry.data.to.join(', ')}
        </Text>
      )}
      {editing !== null ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            saveEdit();
          }}
        >
          <Stack gap="xs">
            <MarkdownEditor
              label={t('timeline.editLabel')}
              value={editing}
              onChange={setEditing}
              users={ctx.users}
              autoFocus
              onSubmitShortcut={saveEdit}
            />
            <ErrorAlert message={editError} />
            <Group justify="flex-end" gap="xs">
              <Button size="compact-sm" variant="default" onClick={() => setEditing(null)}>
                {t('common.cancel')}
              </Button>
              <Button size="compact-sm" type="submit" loading={ctx.writes.update.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        entry.text !== '' &&
        (entry.kind === 'email' ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {entry.text}
          </Text>
        ) : (
          <MarkdownText text={entry.text} />
        ))
      )}
      {entry.files.length > 0 && (
        <Group gap="xs">
          {entry.files.map((file) => (
            <Anchor key={file.id} href={file.contentUrl} target="_blank" rel="noopener noreferrer" size="sm">
              <Group gap={4} component="span">
                <IconPaperclip size={14} />
                {file.name}
              </Group>
            </Anchor>
          ))}
        </Group>
      )}
    </Frame>
  );
}

function TaskItem({
  task,
  at,
  completed,
  ctx,
}: {
  task: Task;
  at: string;
  completed: boolean;
  ctx: FeedContext;
}) {
  const { t } = useTranslation();
  const responsible = userName(ctx, task.responsibleUserId);
  const due =
    task.allDay && task.deadlineDate !== null
      ? t('timeline.task.dueDay', { day: formatDay(task.deadlineDate, ctx.locale) })
      : t('timeline.task.due', { when: formatInstant(task.deadline, ctx.locale, ctx.timeZone) });
  const who = completed ? userName(ctx, task.completedBy) : userName(ctx, task.createdBy);
  const title = completed ? t('timeline.task.completed') : t('timeline.task.created');
  return (
    <Frame
      icon={completed ? <IconCheck size={18} /> : <IconCheckbox size={18} />}
      color={completed ? 'teal.6' : task.overdue ? 'red.6' : 'blue.6'}
      who={who}
      at={formatInstant(at, ctx.locale, ctx.timeZone)}
      label={`${title}: ${task.text}`}
      title={
        <>
          <Text size="sm" fw={600}>
            {title}
          </Text>
          <Badge size="xs" variant="light" color="gray">
            {t(`tasks.type.${task.type}`)}
          </Badge>
          {!completed && task.status === 'completed' && (
            <Badge size="xs" variant="light" color="teal">
              {t('timeline.task.done')}
            </Badge>
          )}
          {!completed && task.overdue && (
            <Badge size="xs" variant="light" color="red">
              {t('timeline.task.overdue')}
            </Badge>
          )}
        </>
      }
      actions={
        !completed && task.status === 'open' ? (
          <Button size="compact-xs" variant="light" color="teal" onClick={() => ctx.onComplete(task)}>
            {t('timeline.task.complete')}
          </Button>
        ) : undefined
      }
    >
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {task.text}
      </Text>
      <Text size="xs" c="dimmed">
        {[due, responsible !== null ? t('timeline.task.responsible', { name: responsible }) : null]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {completed && task.result !== null && task.result !== '' && (
        <Text size="sm">
          <b>{t('timeline.task.result')}:</b> {task.result}
        </Text>
      )}
    </Frame>
  );
}

export function HistoryItem({ event, ctx }: { event: HistoryEntry; ctx: FeedContext }) {
  const { t } = useTranslation();
  const wording = describeHistory(event, ctx.resolvers);
  const who = userName(ctx, event.actorUserId) ?? t(`timeline.source.${event.source}`);
  const headline =
    wording.kind === 'stage'
      ? t('timeline.event.stage', { from: wording.stage?.from ?? '—', to: wording.stage?.to ?? '—' })
      : t(`timeline.event.${wording.kind}`);
  if (wording.kind === 'updated' && wording.changes.length === 0) return null;
  return (
    <Frame
      icon={<IconHistory size={18} />}
      color="gray.6"
      who={who}
      at={formatInstant(event.occurredAt, ctx.locale, ctx.timeZone)}
      label={headline}
      title={
        <Text size="sm" fw={500} c="dimmed">
          {headline}
        </Text>
      }
    >
      {wording.link !== undefined && (
        <Anchor component={Link} to={`/deals/${wording.link.dealId}`} size="sm">
          {wording.link.name ?? t('timeline.openDeal')}
        </Anchor>
      )}
      {wording.changes.length > 0 && (
        <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {wording.changes.map((line) => (
            <Text key={line.field} size="sm" component="li">
              <Text span c="dimmed">
                {line.label}:
              </Text>{' '}
              {line.from ?? t('timeline.emptyValue')} → {line.to ?? t('timeline.emptyValue')}
            </Text>
          ))}
        </Stack>
      )}
    </Frame>
  );
}
