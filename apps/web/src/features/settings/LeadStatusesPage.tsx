// Settings → Lead statuses (CORE-2): whether the account works with leads at all, and the statuses — the
// open ones in the account's order (add, rename, recolour, drag to reorder, delete with somewhere for their
// leads to go), then Converted and Junk, which are only renamed and recoloured.
import { useState } from 'react';
import {
  ActionIcon,
  Button,
  ColorInput,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LeadStatus } from '@voronka/contracts';
import { DialogActions } from '../../components/ui/DialogActions';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { DragHandle, SortableArea, useSortableItem, type SortableHandle } from '../../components/ui/Sortable';
import { useDialog } from '../../components/ui/useDialog';
import { isApiError } from '../../lib/api';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import { validators } from '../auth/validation';
import {
  useDeleteLeadStatus,
  useLeadStatuses,
  useReorderLeadStatuses,
  useSaveLeadStatus,
  useSetLeadsEnabled,
} from '../leads/api';
import { useAccountSettings } from './api';
import { isStageColor, paletteColor, STAGE_PALETTE, textColorOn } from './stageColors';

type Editing =
  { mode: 'add' } | { mode: 'edit'; status: LeadStatus } | { mode: 'delete'; status: LeadStatus };

export function LeadStatusesPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const statuses = useLeadStatuses();
  const reorder = useReorderLeadStatuses();
  const errorText = useErrorText();
  const dialog = useDialog<Editing>();
  const editing = dialog.value;

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
          const names = new Map(data.map((status) => [status.id, status.name]));
          const row = (status: LeadStatus, sortable?: ReturnType<typeof useSortableItem>) => (
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
              {isAdmin ? (
                <SortableArea
                  ids={open.map((status) => status.id)}
                  orientation="vertical"
                  nameOf={(id) => names.get(id) ?? ''}
                  onMove={(ids) =>
                    reorder.mutate(ids, {
                      onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
                    })
                  }
                >
                  {open.map((status) => (
                    <SortableStatusRow
                      key={status.id}
                      status={status}
                      isAdmin={isAdmin}
                      canDelete={open.length > 1}
                      onEdit={dialog.open}
                    />
                  ))}
                </SortableArea>
              ) : (
                open.map((status) => row(status))
              )}
              {finals.map((status) => row(status))}
            </Stack>
          );
        }}
      </QueryResult>
      <Modal
        opened={dialog.opened}
        onClose={dialog.close}
        title={editing === null ? undefined : titles[editing.mode]}
        centered
      >
        {editing !== null &&
          (editing.mode === 'delete' ? (
            <DeleteForm
              key={dialog.key}
              status={editing.status}
              statuses={statuses.data ?? []}
              onClose={dialog.close}
            />
          ) : (
            <StatusForm
              key={dialog.key}
              status={editing.mode === 'edit' ? editing.status : undefined}
              count={statuses.data?.length ?? 0}
              onClose={dialog.close}
            />
          ))}
      </Modal>
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

function SortableStatusRow(props: {
  status: LeadStatus;
  isAdmin: boolean;
  canDelete: boolean;
  onEdit: (editing: Editing) => void;
}) {
  const sortable = useSortableItem(props.status.id);
  return <StatusRow {...props} sortable={sortable} />;
}

function StatusRow({
  status,
  isAdmin,
  canDelete,
  onEdit,
  sortable,
}: {
  status: LeadStatus;
  isAdmin: boolean;
  canDelete: boolean;
  onEdit: (editing: Editing) => void;
  sortable?: { ref: (node: HTMLElement | null) => void; style: React.CSSProperties; handle: SortableHandle };
}) {
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
          {system && (
            <Tooltip label={t(`leadStatuses.kind.${status.kind}`)}>
              <IconLock size={14} aria-label={t(`leadStatuses.kind.${status.kind}`)} />
            </Tooltip>
          )}
        </Group>
        {isAdmin && (
          <Group gap={0} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('leadStatuses.editFor', { name: status.name })}
              onClick={() => onEdit({ mode: 'edit', status })}
            >
              <IconPencil size={16} />
            </ActionIcon>
            {!system && canDelete && (
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('leadStatuses.deleteFor', { name: status.name })}
                onClick={() => onEdit({ mode: 'delete', status })}
              >
                <IconTrash size={16} />
              </ActionIcon>
            )}
          </Group>
        )}
      </Group>
    </Paper>
  );
}

function StatusForm({ status, count, onClose }: { status?: LeadStatus; count: number; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveLeadStatus();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: status?.name ?? '', color: status?.color ?? paletteColor(count) },
    validate: {
      name: validators(t).required,
      color: (value) => (isStageColor(value) ? null : t('validation.color')),
    },
  });
  const errors = useFormErrors(form, ['name', 'color']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    save.mutate(
      { id: status?.id, name: values.name.trim(), color: values.color },
      { onSuccess: onClose, onError: errors.show },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('leadStatuses.name')}
          required
          data-autofocus
          maxLength={200}
          {...form.getInputProps('name')}
        />
        <ColorInput
          label={t('leadStatuses.color')}
          required
          format="hex"
          swatches={[...STAGE_PALETTE]}
          swatchesPerRow={10}
          closeOnColorSwatchClick
          {...form.getInputProps('color')}
        />
        <DialogActions
          onCancel={onClose}
          submitLabel={status === undefined ? t('common.create') : t('common.save')}
          loading={save.isPending}
        />
      </Stack>
    </form>
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
  const errorText = useErrorText();
  const remove = useDeleteLeadStatus();
  const others = statuses.filter((s) => s.kind === 'open' && s.id !== status.id);
  const [moveTo, setMoveTo] = useState<string | null>(others[0]?.id ?? null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(null);
        setFieldError(null);
        remove.mutate(
          { id: status.id, moveTo },
          {
            onSuccess: () => {
              notifications.show({
                color: 'teal',
                message: t('leadStatuses.deleted', { name: status.name }),
              });
              onClose();
            },
            onError: (cause) => {
              const reason = isApiError(cause) ? cause.fields['querystring.moveTo'] : undefined;
              if (reason !== undefined) setFieldError(reason);
              else setMessage(errorText(cause));
            },
          },
        );
      }}
    >
      <Stack>
        <Text size="sm">{t('leadStatuses.deleteConfirm', { name: status.name })}</Text>
        <ErrorAlert message={message} />
        <Select
          label={t('leadStatuses.moveTo')}
          description={t('leadStatuses.moveToHint')}
          data={others.map((s) => ({ value: s.id, label: s.name }))}
          value={moveTo}
          onChange={setMoveTo}
          error={fieldError}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={remove.isPending} data-autofocus>
            {t('common.delete')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
