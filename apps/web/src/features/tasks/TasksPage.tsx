// Tasks (CORE-8): the open tasks of the signed-in user (or anyone's, or everyone's), grouped Overdue /
// Today / Tomorrow / Later by the account's days, each linked to its record and completed with a result.
import { useMemo, useState } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconCheck, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Deal, Task, User } from '@voronka/contracts';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryError } from '../../components/ui/QueryError';
import { useDialog } from '../../components/ui/useDialog';
import { useLocale } from '../../i18n/useLocale';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import { useMe } from '../auth/session';
import { useAccountSettings, useUsers } from '../settings/api';
import { formatDay, formatInstant } from '../timeline/fieldText';
import { useOpenTasks, type TaskFilters } from './api';
import { CompleteTaskDialog } from './CompleteTaskDialog';
import { groupTasks, TASK_GROUPS, type TaskGroup } from './taskGroups';
import { TASK_TYPES, TaskForm } from './TaskForm';

const ALL = 'all';

export function TasksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const account = useAccountSettings();
  const [filters, setFilters] = useState<TaskFilters>({ responsibleUserId: me.user.id, type: null });
  const tasks = useOpenTasks(filters);
  const [completing, setCompleting] = useState<Task | null>(null);
  const creating = useDialog();
  const timeZone = account.data?.timezone ?? 'Europe/Moscow';

  const all = useMemo(() => tasks.data?.pages.flatMap((page) => page.items) ?? [], [tasks.data]);
  // Regrouped on every render: a task becomes overdue while the page is open.
  const groups = groupTasks(all, new Date(), timeZone);

  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        order={1}
        description={t('tasks.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => creating.open(true)}>
            {t('tasks.create')}
          </Button>
        }
      />
      <Group gap="sm" mb="md" wrap="wrap" role="search" aria-label={t('tasks.filters')}>
        <Select
          label={t('tasks.filterResponsible')}
          data={[
            { value: ALL, label: t('tasks.everyone') },
            ...(users.data ?? []).map((user) => ({
              value: user.id,
              label: user.id === me.user.id ? t('tasks.me', { name: user.name }) : user.name,
            })),
          ]}
          value={filters.responsibleUserId ?? ALL}
          onChange={(value) =>
            setFilters((current) => ({
              ...current,
              responsibleUserId: value === null || value === ALL ? null : value,
            }))
          }
          allowDeselect={false}
          searchable
          w={260}
        />
        <Select
          label={t('tasks.filterType')}
          data={[
            { value: ALL, label: t('tasks.allTypes') },
            ...TASK_TYPES.map((type) => ({ value: type, label: t(`tasks.type.${type}`) })),
          ]}
          value={filters.type ?? ALL}
          onChange={(value) =>
            setFilters((current) => ({
              ...current,
              type: value === null || value === ALL ? null : value,
            }))
          }
          allowDeselect={false}
          w={180}
        />
      </Group>
      {tasks.isError && tasks.data === undefined ? (
        <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.data === undefined ? (
        <Skeleton h={240} />
      ) : all.length === 0 ? (
        <EmptyState>{t('tasks.empty')}</EmptyState>
      ) : (
        <Stack gap="lg">
          {TASK_GROUPS.map((group) =>
            groups[group].length === 0 ? null : (
              <TaskGroupSection
                key={group}
                group={group}
                tasks={groups[group]}
                users={users.data ?? []}
                timeZone={timeZone}
                showResponsible={filters.responsibleUserId !== me.user.id}
                onComplete={setCompleting}
              />
            ),
          )}
          {tasks.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => void tasks.fetchNextPage()}
                loading={tasks.isFetchingNextPage}
              >
                {t('tasks.loadMore')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
      <CompleteTaskDialog task={completing} onClose={() => setCompleting(null)} />
      <Modal
        opened={creating.opened}
        onClose={creating.close}
        title={t('tasks.createTitle')}
        centered
        size="lg"
      >
        <TaskForm
          key={creating.key}
          users={users.data ?? []}
          timeZone={timeZone}
          onDone={creating.close}
          onCancel={creating.close}
        />
      </Modal>
    </>
  );
}

const GROUP_COLORS: Record<TaskGroup, string> = {
  overdue: 'red',
  today: 'indigo',
  tomorrow: 'teal',
  later: 'gray',
};

function TaskGroupSection({
  group,
  tasks,
  users,
  timeZone,
  showResponsible,
  onComplete,
}: {
  group: TaskGroup;
  tasks: Task[];
  users: User[];
  timeZone: string;
  showResponsible: boolean;
  onComplete: (task: Task) => void;
}) {
  const { t } = useTranslation();
  const titleId = `tasks-${group}`;
  return (
    <section aria-labelledby={titleId}>
      <Group gap="xs" mb="xs">
        <Title order={2} size="h4" id={titleId} c={group === 'overdue' ? 'red.7' : undefined}>
          {t(`tasks.group.${group}`)}
        </Title>
        <Badge variant="light" color={GROUP_COLORS[group]}>
          {tasks.length}
        </Badge>
      </Group>
      <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {tasks.map((task) => (
          <TaskRow
            key={task.id}
            task={task}
            group={group}
            users={users}
            timeZone={timeZone}
            showResponsible={showResponsible}
            onComplete={onComplete}
          />
        ))}
      </Stack>
    </section>
  );
}

function TaskRow({
  task,
  group,
  users,
  timeZone,
  showResponsible,
  onComplete,
}: {
  task: Task;
  group: TaskGroup;
  users: User[];
  timeZone: string;
  showResponsible: boolean;
  onComplete: (task: Task) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const responsible = users.find((user) => user.id === task.responsibleUserId)?.name;
  const when =
    task.allDay && task.deadlineDate !== null
      ? t('tasks.allDayOn', { day: formatDay(task.deadlineDate, locale) })
      : group === 'today' || group === 'tomorrow'
        ? new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(task.deadline))
        : formatInstant(task.deadline, locale, timeZone);
  return (
    <Paper withBorder p="sm" component="li" aria-label={task.text}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="wrap">
            <Badge size="sm" variant="light" color="gray">
              {t(`tasks.type.${task.type}`)}
            </Badge>
            <Text size="sm" c={group === 'overdue' ? 'red.7' : 'dimmed'} fw={500}>
              {when}
            </Text>
            {showResponsible && responsible !== undefined && (
              <Text size="sm" c="dimmed">
                · {responsible}
              </Text>
            )}
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {task.text}
          </Text>
          <RecordLink task={task} />
        </Stack>
        <Button
          size="compact-sm"
          variant="light"
          color="teal"
          leftSection={<IconCheck size={14} />}
          onClick={() => onComplete(task)}
          aria-label={t('tasks.completeTask', { text: task.text })}
        >
          {t('tasks.completeShort')}
        </Button>
      </Group>
    </Paper>
  );
}

/** The record a task is for: deals link to their card (named once loaded); others by kind. */
function RecordLink({ task }: { task: Task }) {
  const { t } = useTranslation();
  const isDeal = task.entity === 'deal' && task.entityId !== null;
  const deal = useQuery({
    queryKey: queryKeys.deal(task.entityId ?? ''),
    queryFn: () => api.get<Deal>(`/api/deals/${task.entityId ?? ''}`),
    enabled: isDeal,
    staleTime: 60_000,
  });
  if (task.entity === null || task.entityId === null) return null;
  if (isDeal) {
    return (
      <Anchor component={Link} to={`/deals/${task.entityId}`} size="sm">
        {t('tasks.dealLink', { name: deal.data?.name ?? '…' })}
      </Anchor>
    );
  }
  return (
    <Text size="sm" c="dimmed">
      {t(`tasks.entity.${task.entity}`)}
    </Text>
  );
}
