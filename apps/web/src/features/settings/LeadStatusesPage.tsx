// Settings → Lead statuses (CORE-2): whether the account works with leads at all, and the statuses — the
// open ones in the account's order (add, rename, recolour, drag to reorder, delete with somewhere for their
// leads to go), then Converted and Junk, which are only renamed and recoloured.
import { useState } from 'react';
import { ActionIcon, Button, Group, Paper, Skeleton, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LeadStatus } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { DragHandle } from '../../components/ui/Sortable';
import { useDialog } from '../../components/ui/useDialog';
import { useErrorText } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import {
  useDeleteLeadStatus,
  useLeadStatuses,
  useReorderLeadStatuses,
  useSaveLeadStatus,
  useSetLeadsEnabled,
} from '../leads/api';
import { useAccountSettings } from './api';
import {
  EditorModal,
  ItemActions,
  type ItemRowProps,
  MoveToDeleteForm,
  NameColorForm,
  OrderedItems,
  SystemLock,
  type SortableItem,
} from './ColoredListEditor';
import { paletteColor, textColorOn } from './stageColors';

type Editing =
  { mode: 'add' } | { mode: 'edit'; status: LeadStatus } | { mode: 'delete'; status: LeadStatus };

export function LeadStatusesPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const statuses = useLeadStatuses();
  const reorder = useReorderLeadStatuses();
  const errorText = useErrorText();
  const dialog = useDialog<Editing>();

  const titles: Record<Editing['mode'], string> = {
    add: t('leadStatuses.addTitle'),
    edit: t('leadStatuses.editTitle'),
    delete: t('leadStatuses.deleteTitle'),
  };

  return (
    <section aria-labelledby="lead-statuses-title">
      <LeadsSwitch isAdmin={isAdmin} />
      <PageHeader
        title={<span id="lead-statuses-title">{t('leadStatuses.title')}</span>}
        description={t('leadStatuses.description')}
        actions={
          isAdmin ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => dialog.open({ mode: 'add' })}>
              {t('leadStatuses.add')}
            </Button>
          ) : undefined
        }
      />
      <QueryResult query={statuses} loading={<Skeleton h={200} />}>
        {(data) => {
          const open = data.filter((status) => status.kind === 'open');
          const finals = data.filter((status) => status.kind !== 'open');
          const row = (status: LeadStatus, sortable?: SortableItem) => (
            <StatusRow
              key={status.id}
              status={status}
              isAdmin={isAdmin}
              canDelete={open.length > 1}
              onEdit={dialog.open}
              sortable={sortable}
            />
          );
          return (
            <Stack
              gap="xs"
              component="ol"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              aria-label={t('leadStatuses.list')}
            >
              <OrderedItems
                items={open}
                sortable={isAdmin}
                orientation="vertical"
                onMove={(ids) =>
                  reorder.mutate(ids, {
                    onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
                  })
                }
                render={row}
              />
              {finals.map((status) => row(status))}
            </Stack>
          );
        }}
      </QueryResult>
      <EditorModal dialog={dialog} titles={titles}>
        {(editing) =>
          editing.mode === 'delete' ? (
            <DeleteForm status={editing.status} statuses={statuses.data ?? []} onClose={dialog.close} />
          ) : (
            <StatusForm
              status={editing.mode === 'edit' ? editing.status : undefined}
              count={statuses.data?.length ?? 0}
              onClose={dialog.close}
            />
          )
        }
      </EditorModal>
    </section>
  );
}

/** Leads on or off for the whole account (administrators); old leads stay readable when off. */
function LeadsSwitch({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const account = useAccountSettings();
  const update = useSetLeadsEnabled();
  const [error, setError] = useState<string | null>(null);
  if (account.data === undefined) return <Skeleton h={60} mb="lg" />;
  return (
    <Paper withBorder p="md" mb="lg">
      <Switch
        label={t('leadStatuses.enabled')}
        description={t('leadStatuses.enabledHint')}
        checked={account.data.leadsEnabled}
        disabled={!isAdmin || update.isPending}
        onChange={(event) => {
          setError(null);
          update.mutate(event.currentTarget.checked, { onError: (cause) => setError(errorText(cause)) });
        }}
      />
      <ErrorAlert message={error} />
    </Paper>
  );
}

function StatusRow({
  status,
  isAdmin,
  canDelete,
  onEdit,
  sortable,
}: { status: LeadStatus; canDelete: boolean } & ItemRowProps<Editing>) {
  const { t } = useTranslation();
  const text = textColorOn(status.color);
  const system = status.kind !== 'open';
  return (
    <Paper
      component="li"
      ref={sortable?.ref}
      withBorder
      p={6}
      maw={560}
      style={sortable?.style}
      data-testid="lead-status"
      data-kind={status.kind}
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap="xs" wrap="nowrap" miw={0}>
          {sortable !== undefined ? (
            <DragHandle label={t('leadStatuses.move', { name: status.name })} handle={sortable.handle} />
          ) : (
            <ActionIcon variant="transparent" size="sm" aria-hidden tabIndex={-1} />
          )}
          <Text
            size="sm"
            fw={600}
            px={8}
            py={2}
            bg={status.color}
            c={text}
            style={{ borderRadius: 4 }}
            truncate="end"
            data-testid="lead-status-name"
          >
            {status.name}
          </Text>
          {system && <SystemLock label={t(`leadStatuses.kind.${status.kind}`)} />}
        </Group>
        {isAdmin && (
          <ItemActions
            editLabel={t('leadStatuses.editFor', { name: status.name })}
            onEdit={() => onEdit({ mode: 'edit', status })}
            deleteLabel={
              !system && canDelete ? t('leadStatuses.deleteFor', { name: status.name }) : undefined
            }
            onDelete={() => onEdit({ mode: 'delete', status })}
          />
        )}
      </Group>
    </Paper>
  );
}

function StatusForm({ status, count, onClose }: { status?: LeadStatus; count: number; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveLeadStatus();
  return (
    <NameColorForm
      initial={{ name: status?.name ?? '', color: status?.color ?? paletteColor(count) }}
      nameLabel={t('leadStatuses.name')}
      colorLabel={t('leadStatuses.color')}
      nameMaxLength={200}
      isNew={status === undefined}
      pending={save.isPending}
      onSave={(values, callbacks) => save.mutate({ id: status?.id, ...values }, callbacks)}
      onClose={onClose}
    />
  );
}

function DeleteForm({
  status,
  statuses,
  onClose,
}: {
  status: LeadStatus;
  statuses: readonly LeadStatus[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteLeadStatus();
  const others = statuses.filter((s) => s.kind === 'open' && s.id !== status.id);
  return (
    <MoveToDeleteForm
      confirm={t('leadStatuses.deleteConfirm', { name: status.name })}
      label={t('leadStatuses.moveTo')}
      hint={t('leadStatuses.moveToHint')}
      options={others}
      initial={others[0]?.id ?? null}
      errorField="querystring.moveTo"
      pending={remove.isPending}
      deletedMessage={t('leadStatuses.deleted', { name: status.name })}
      onDelete={(moveTo, callbacks) => remove.mutate({ id: status.id, moveTo }, callbacks)}
      onClose={onClose}
    />
  );
}
