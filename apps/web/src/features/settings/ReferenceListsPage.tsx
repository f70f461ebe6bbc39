import { useState, type ReactNode } from 'react';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconCheck, IconPencil, IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReferenceListItem, ReferenceListName } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { DragHandle, SortableArea, useSortableItem, type SortableHandle } from '../../components/ui/Sortable';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import { validators } from '../auth/validation';
import {
  REFERENCE_LISTS,
  useAddReferenceItem,
  useArchiveReferenceItem,
  useReferenceList,
  useRenameReferenceItem,
  useReorderReferenceList,
} from './api';
import { useSearchParams } from '../../lib/searchParams';

const isListName = (value: string | null): value is ReferenceListName =>
  REFERENCE_LISTS.some((name) => name === value);

export function ReferenceListsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('list');
  const current: ReferenceListName = isListName(requested) ? requested : 'sources';

  return (
    <section aria-labelledby="lists-title">
      <PageHeader
        title={<span id="lists-title">{t('settings.lists.title')}</span>}
        description={t('settings.lists.description')}
      />
      <Tabs
        orientation="vertical"
        variant="pills"
        value={current}
        onChange={(value) => {
          if (isListName(value)) setParams({ list: value }, { replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('settings.lists.title')} miw={200}>
          {REFERENCE_LISTS.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`settings.lists.names.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={current} pl="lg">
          <ListPanel key={current} list={current} />
        </Tabs.Panel>
      </Tabs>
    </section>
  );
}

function ListPanel({ list }: { list: ReferenceListName }) {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const errorText = useErrorText();
  const [showArchived, setShowArchived] = useState(false);
  const items = useReferenceList(list, showArchived);
  const reorder = useReorderReferenceList();
  const [renaming, setRenaming] = useState<string | null>(null);
  const titleId = `list-${list}-title`;

  return (
    <Stack maw={640}>
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h4" id={titleId}>
          {t(`settings.lists.names.${list}`)}
        </Title>
        <Switch
          label={t('settings.lists.showArchived')}
          checked={showArchived}
          onChange={(event) => setShowArchived(event.currentTarget.checked)}
        />
      </Group>
      {isAdmin && <AddItemForm list={list} />}
      <QueryResult query={items} loading={<Skeleton h={160} />}>
        {(data) => {
          const live = data.filter((item) => !item.archived);
          const archived = data.filter((item) => item.archived);
          const names = new Map(data.map((item) => [item.id, item.name]));
          const row = (item: ReferenceListItem, handle?: SortableHandle) => (
            <ItemRow
              item={item}
              isAdmin={isAdmin}
              handle={handle}
              renaming={renaming === item.id}
              onRename={(on) => setRenaming(on ? item.id : null)}
            />
          );
          return data.length === 0 ? (
            <EmptyState>{t('settings.lists.empty')}</EmptyState>
          ) : (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('settings.lists.count', { count: live.length })}
              </Text>
              <Paper withBorder p={4}>
                <Box component="ul" aria-labelledby={titleId} m={0} p={0} style={{ listStyle: 'none' }}>
                  {isAdmin ? (
                    <SortableArea
                      ids={live.map((item) => item.id)}
                      orientation="vertical"
                      nameOf={(id) => names.get(id) ?? ''}
                      onMove={(itemIds) =>
                        reorder.mutate(
                          { list, itemIds },
                          {
                            onError: (error) =>
                              notifications.show({ color: 'red', message: errorText(error) }),
                          },
                        )
                      }
                    >
                      {live.map((item) => (
                        <SortableItem key={item.id} id={item.id}>
                          {(handle) => row(item, handle)}
                        </SortableItem>
                      ))}
                    </SortableArea>
                  ) : (
                    live.map((item) => <li key={item.id}>{row(item)}</li>)
                  )}
                  {archived.map((item) => (
                    <li key={item.id}>{row(item)}</li>
                  ))}
                </Box>
              </Paper>
            </Stack>
          );
        }}
      </QueryResult>
    </Stack>
  );
}

function SortableItem({ id, children }: { id: string; children: (handle: SortableHandle) => ReactNode }) {
  const sortable = useSortableItem(id);
  return (
    <li
      ref={sortable.ref}
      style={{
        ...sortable.style,
        background: sortable.isDragging ? 'var(--mantine-color-body)' : undefined,
      }}
    >
      {children(sortable.handle)}
    </li>
  );
}

function AddItemForm({ list }: { list: ReferenceListName }) {
  const { t } = useTranslation();
  const add = useAddReferenceItem();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: validators(t).required },
  });
  const errors = useFormErrors(form, ['name']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    add.mutate(
      { list, name: values.name.trim() },
      {
        onSuccess: () => form.reset(),
        onError: errors.show,
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <ErrorAlert message={errors.message} />
        <Group align="flex-start" gap="xs" wrap="nowrap">
          <TextInput
            flex={1}
            label={t('settings.lists.newItem')}
            placeholder={t('settings.lists.newItemPlaceholder')}
            {...form.getInputProps('name')}
          />
          <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={add.isPending}>
            {t('settings.lists.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ItemRow({
  item,
  isAdmin,
  handle,
  renaming,
  onRename,
}: {
  item: ReferenceListItem;
  isAdmin: boolean;
  handle: SortableHandle | undefined;
  renaming: boolean;
  onRename: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const archive = useArchiveReferenceItem();
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap="xs"
      py={4}
      px="xs"
      mih={44}
      className="tree-row"
      data-testid="list-item"
      opacity={item.archived ? 0.6 : 1}
    >
      <Group gap="xs" wrap="nowrap" flex={1} miw={0}>
        {handle !== undefined && (
          <DragHandle label={t('settings.lists.move', { name: item.name })} handle={handle} />
        )}
        {renaming ? (
          <RenameForm item={item} onDone={() => onRename(false)} />
        ) : (
          <Text size="sm" fw={500} truncate="end" data-testid="list-item-name">
            {item.name}
          </Text>
        )}
        {item.archived && (
          <Badge size="xs" variant="light" color="gray">
            {t('settings.lists.archived')}
          </Badge>
        )}
      </Group>
      {isAdmin && !item.archived && !renaming && (
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('settings.lists.renameFor', { name: item.name })}
            onClick={() => onRename(true)}
          >
            <IconPencil size={16} />
          </ActionIcon>
          <ConfirmIconButton
            label={t('settings.lists.archiveFor', { name: item.name })}
            icon={<IconArchive size={16} />}
            tooltip={t('settings.lists.archive')}
            title={t('settings.lists.archiveTitle')}
            message={t('settings.lists.archiveConfirm', { name: item.name })}
            confirmLabel={t('settings.lists.archive')}
            onConfirm={() => archive.mutateAsync(item.id)}
            doneMessage={t('settings.lists.archivedDone')}
          />
        </Group>
      )}
    </Group>
  );
}

/** Renames in place: Enter saves, Escape cancels. */
function RenameForm({ item, onDone }: { item: ReferenceListItem; onDone: () => void }) {
  const { t } = useTranslation();
  const rename = useRenameReferenceItem();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: item.name },
    validate: { name: validators(t).required },
  });
  const errors = useFormErrors(form, ['name']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    const name = values.name.trim();
    if (name === item.name) {
      onDone();
      return;
    }
    rename.mutate({ id: item.id, name }, { onSuccess: onDone, onError: errors.show });
  });

  return (
    <Box component="form" onSubmit={submit} noValidate flex={1}>
      <Stack gap={4}>
        <ErrorAlert message={errors.message} />
        <Group gap={4} wrap="nowrap" align="flex-start">
          <TextInput
            flex={1}
            size="xs"
            aria-label={t('settings.lists.nameOf', { name: item.name })}
            data-autofocus
            autoFocus
            onKeyDown={(event) => {
              if (event.key === 'Escape') onDone();
            }}
            {...form.getInputProps('name')}
          />
          <ActionIcon
            type="submit"
            variant="light"
            color="teal"
            loading={rename.isPending}
            aria-label={t('common.save')}
          >
            <IconCheck size={16} />
          </ActionIcon>
          <ActionIcon variant="subtle" color="gray" onClick={onDone} aria-label={t('common.cancel')}>
            <IconX size={16} />
          </ActionIcon>
        </Group>
      </Stack>
    </Box>
  );
}
