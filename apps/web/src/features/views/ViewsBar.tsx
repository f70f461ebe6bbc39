import { useMemo } from 'react';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  IconDeviceFloppy,
  IconDots,
  IconPencil,
  IconStar,
  IconStarFilled,
  IconStarOff,
  IconTrash,
  IconUsers,
  IconUserShield,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SavedView, SavedViewEntity } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { DialogActions } from '../../components/ui/DialogActions';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { useDialog } from '../../components/ui/useDialog';
import { isApiError } from '../../lib/api';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import { useCreateView, useDeleteView, useSavedViews, useToggleDefaultView, useUpdateView } from './api';
import { differsFrom, type ViewState } from './viewModel';

/**
 * Saved views of a list (CORE-9 "saved filters"): pick one to apply its filters, sort, columns and mode;
 * save what the page shows as a new view or into the chosen one; rename, share (administrators), make it
 * your default, delete. The page owns its state: `state` is what it shows, `onApply` puts a view's into
 * it, `onLeave` forgets the chosen view (the filters stay).
 */
export function ViewsBar({
  entity,
  state,
  activeViewId,
  onApply,
  onLeave,
}: {
  entity: SavedViewEntity;
  state: ViewState;
  activeViewId: string | null;
  onApply: (view: SavedView) => void;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const errorText = useErrorText();
  const views = useSavedViews(entity);
  const update = useUpdateView(entity);
  const remove = useDeleteView(entity);
  const toggleDefault = useToggleDefaultView(entity);
  const saveAs = useDialog();
  const rename = useDialog<SavedView>();

  const active = views.data?.find((view) => view.id === activeViewId);
  const changed = active !== undefined && differsFrom(active, state);

  const data = useMemo(() => {
    const all = views.data ?? [];
    const option = (view: SavedView) => ({ value: view.id, label: view.name });
    const shared = all.filter((view) => view.shared).map(option);
    const mine = all.filter((view) => !view.shared).map(option);
    return [
      ...(shared.length > 0 ? [{ group: t('views.sharedGroup'), items: shared }] : []),
      ...(mine.length > 0 ? [{ group: t('views.mineGroup'), items: mine }] : []),
    ];
  }, [views.data, t]);
  const defaults = new Set((views.data ?? []).filter((view) => view.isDefault).map((view) => view.id));

  const failed = (error: unknown) => notifications.show({ color: 'red', message: errorText(error) });
  const change = (view: SavedView, body: Parameters<typeof update.mutate>[0]['change'], done?: string) =>
    update.mutate(
      { view, change: body },
      {
        onSuccess: () => {
          if (done !== undefined) notifications.show({ color: 'teal', message: done });
        },
        onError: failed,
      },
    );

  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        label={t('views.view')}
        placeholder={views.isError ? t('views.loadFailed') : t('views.none')}
        data={data}
        value={active?.id ?? null}
        onChange={(id) => {
          const view = views.data?.find((v) => v.id === id);
          if (view === undefined) onLeave();
          else onApply(view);
        }}
        renderOption={({ option }) => (
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{option.label}</Text>
            {defaults.has(option.value) && (
              <IconStarFilled
                size={12}
                color="var(--mantine-color-yellow-6)"
                aria-label={t('views.isDefault')}
              />
            )}
          </Group>
        )}
        nothingFoundMessage={t('views.empty')}
        clearable
        searchable
        w={220}
        size="sm"
      />
      {active !== undefined && changed && active.canEdit && (
        <Button
          size="sm"
          variant="light"
          leftSection={<IconDeviceFloppy size={16} />}
          loading={update.isPending}
          onClick={() =>
            change(
              active,
              {
                filter: state.filter,
                sort: state.sort,
                columns: [...state.columns],
                ...(entity === 'deals' ? { mode: state.mode } : {}),
              },
              t('views.saved', { name: active.name }),
            )
          }
        >
          {t('views.saveChanges')}
        </Button>
      )}
      <Button size="sm" variant="default" onClick={() => saveAs.open(true)}>
        {t('views.saveAs')}
      </Button>
      {active !== undefined && (
        <Menu position="bottom-end" withinPortal keepMounted>
          <Menu.Target>
            <ActionIcon variant="default" size={36} aria-label={t('views.actions', { name: active.name })}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              leftSection={active.isDefault ? <IconStarOff size={16} /> : <IconStar size={16} />}
              onClick={() => toggleDefault.mutate(active, { onError: failed })}
            >
              {active.isDefault ? t('views.unsetDefault') : t('views.setDefault')}
            </Menu.Item>
            {active.canEdit && (
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => rename.open(active)}>
                {t('views.rename')}
              </Menu.Item>
            )}
            {isAdmin && (
              <Menu.Item
                leftSection={active.shared ? <IconUserShield size={16} /> : <IconUsers size={16} />}
                onClick={() =>
                  change(
                    active,
                    { shared: !active.shared },
                    active.shared ? t('views.unsharedDone') : t('views.sharedDone'),
                  )
                }
              >
                {active.shared ? t('views.unshare') : t('views.share')}
              </Menu.Item>
            )}
            {active.canEdit && (
              <ConfirmModal
                target={(open) => (
                  <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={open}>
                    {t('views.delete')}
                  </Menu.Item>
                )}
                title={t('views.deleteTitle')}
                message={t('views.deleteMessage', { name: active.name })}
                confirmLabel={t('views.delete')}
                onConfirm={async () => {
                  await remove.mutateAsync(active);
                  onLeave();
                }}
                doneMessage={t('views.deleted')}
              />
            )}
          </Menu.Dropdown>
        </Menu>
      )}
      <Modal opened={saveAs.opened} onClose={saveAs.close} title={t('views.saveAsTitle')} centered>
        <SaveAsForm
          key={saveAs.key}
          entity={entity}
          state={state}
          isAdmin={isAdmin}
          onCancel={saveAs.close}
          onSaved={(view) => {
            saveAs.close();
            onApply(view);
          }}
        />
      </Modal>
      <Modal opened={rename.opened} onClose={rename.close} title={t('views.renameTitle')} centered>
        {rename.value !== null && (
          <RenameForm key={rename.key} view={rename.value} onCancel={rename.close} onSaved={rename.close} />
        )}
      </Modal>
    </Group>
  );
}

/** The name field's error: a duplicate in the user's words, anything else as the server said it. */
function useNameError() {
  const { t } = useTranslation();
  return (error: unknown) =>
    isApiError(error) && error.code === 'duplicate_name' ? t('views.duplicateName') : undefined;
}

function SaveAsForm({
  entity,
  state,
  isAdmin,
  onCancel,
  onSaved,
}: {
  entity: SavedViewEntity;
  state: ViewState;
  isAdmin: boolean;
  onCancel: () => void;
  onSaved: (view: SavedView) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateView(entity);
  const toggleDefault = useToggleDefaultView(entity);
  const nameError = useNameError();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', shared: false, makeDefault: false },
    validate: { name: (value) => (value.trim() === '' ? t('validation.required') : null) },
  });
  const errors = useFormErrors(form, ['name']);

  const submit = form.onSubmit(async (values) => {
    errors.setMessage(null);
    try {
      const view = await create.mutateAsync({
        name: values.name.trim(),
        filter: state.filter,
        sort: state.sort,
        columns: [...state.columns],
        mode: entity === 'deals' ? state.mode : null,
        shared: isAdmin && values.shared,
      });
      if (values.makeDefault) await toggleDefault.mutateAsync(view);
      notifications.show({ color: 'teal', message: t('views.saved', { name: view.name }) });
      onSaved({ ...view, isDefault: values.makeDefault });
    } catch (error) {
      const duplicate = nameError(error);
      if (duplicate !== undefined) form.setFieldError('name', duplicate);
      else errors.show(error);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('views.name')}
          placeholder={t('views.namePlaceholder')}
          required
          data-autofocus
          maxLength={100}
          {...form.getInputProps('name')}
        />
        {isAdmin && (
          <Checkbox
            label={t('views.shareWithAll')}
            description={t('views.shareHint')}
            {...form.getInputProps('shared', { type: 'checkbox' })}
          />
        )}
        <Checkbox
          label={t('views.makeDefault')}
          {...form.getInputProps('makeDefault', { type: 'checkbox' })}
        />
        <DialogActions
          onCancel={onCancel}
          submitLabel={t('views.save')}
          loading={create.isPending || toggleDefault.isPending}
        />
      </Stack>
    </form>
  );
}

function RenameForm({
  view,
  onCancel,
  onSaved,
}: {
  view: SavedView;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateView(view.entity);
  const nameError = useNameError();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: view.name },
    validate: { name: (value) => (value.trim() === '' ? t('validation.required') : null) },
  });
  const errors = useFormErrors(form, ['name']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    update.mutate(
      { view, change: { name: values.name.trim() } },
      {
        onSuccess: onSaved,
        onError: (error) => {
          const duplicate = nameError(error);
          if (duplicate !== undefined) form.setFieldError('name', duplicate);
          else errors.show(error);
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('views.name')}
          required
          data-autofocus
          maxLength={100}
          {...form.getInputProps('name')}
        />
        <DialogActions onCancel={onCancel} submitLabel={t('views.save')} loading={update.isPending} />
      </Stack>
    </form>
  );
}
