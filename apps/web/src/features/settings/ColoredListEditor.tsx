// The parts of an ordered, coloured list editor shared by Settings → Pipelines (stages) and Settings → Lead
// statuses: the open items reordered by drag or keyboard (administrators), the system lock, the edit and
// delete buttons of an item, the name-and-colour form and the delete form that asks where the item's
// records go, and the dialog these open in.
import { Fragment, useState, type ComponentProps, type ReactNode } from 'react';
import {
  ActionIcon,
  Button,
  ColorInput,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPencil, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { DialogActions } from '../../components/ui/DialogActions';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { SortableArea, useSortableItem } from '../../components/ui/Sortable';
import type { useDialog } from '../../components/ui/useDialog';
import { useApplyFieldErrors, useErrorText, useFormErrors } from '../../lib/errors';
import { validators } from '../auth/validation';
import { isStageColor, STAGE_PALETTE } from './stageColors';

/** What a movable item puts on its element (`ref`, `style`) and on its DragHandle (`handle`). */
export type SortableItem = ReturnType<typeof useSortableItem>;

/** The editor's dialog, titled by what it is doing (`titles` by mode); its content starts fresh each time. */
export function EditorModal<E extends { mode: string }>({
  dialog,
  titles,
  size,
  children,
}: {
  dialog: ReturnType<typeof useDialog<E>>;
  titles: Record<E['mode'], string>;
  size?: 'md' | 'lg';
  children: (editing: E) => ReactNode;
}) {
  const editing = dialog.value;
  return (
    <Modal
      opened={dialog.opened}
      onClose={dialog.close}
      title={editing === null ? undefined : titles[editing.mode as E['mode']]}
      size={size}
      centered
    >
      {editing !== null && <Fragment key={dialog.key}>{children(editing)}</Fragment>}
    </Modal>
  );
}

/** What a row of the list gets besides its item: who looks, how to open its dialogs, its sortable state. */
export interface ItemRowProps<E> {
  isAdmin: boolean;
  onEdit: (editing: E) => void;
  sortable?: SortableItem;
}

/** The callbacks of a mutation, as `mutate` takes them. */
export interface MutationCallbacks {
  onSuccess: () => void;
  onError: (error: unknown) => void;
}

/**
 * Items in their order; when `sortable`, each can be moved (`onMove` gets every id in the new order) and
 * `render` receives its sortable state, otherwise `render` gets none.
 */
export function OrderedItems<T extends { id: string; name: string }>({
  items,
  sortable,
  orientation,
  onMove,
  render,
}: {
  items: readonly T[];
  sortable: boolean;
  orientation: 'horizontal' | 'vertical';
  onMove: (ids: string[]) => void;
  render: (item: T, sortable?: SortableItem) => ReactNode;
}) {
  if (!sortable) return items.map((item) => <Fragment key={item.id}>{render(item)}</Fragment>);
  return (
    <SortableArea
      ids={items.map((item) => item.id)}
      orientation={orientation}
      onMove={onMove}
      nameOf={(id) => items.find((item) => item.id === id)?.name ?? ''}
    >
      {items.map((item) => (
        <SortableSlot key={item.id} id={item.id}>
          {(state) => render(item, state)}
        </SortableSlot>
      ))}
    </SortableArea>
  );
}

function SortableSlot({ id, children }: { id: string; children: (sortable: SortableItem) => ReactNode }) {
  return children(useSortableItem(id));
}

/** The lock of an item the system keeps (it can be renamed and recoloured, not deleted or moved). */
export function SystemLock({ label }: { label: string }) {
  return (
    <Tooltip label={label}>
      <IconLock size={14} aria-label={label} />
    </Tooltip>
  );
}

/** The edit button of an item and, when `deleteLabel` is given, its delete button. */
export function ItemActions({
  editLabel,
  onEdit,
  deleteLabel,
  onDelete,
  color = 'gray',
  size,
  iconSize = 16,
}: {
  editLabel: string;
  onEdit: () => void;
  deleteLabel?: string;
  onDelete?: () => void;
  color?: string;
  size?: 'sm';
  iconSize?: number;
}) {
  return (
    <Group gap={0} wrap="nowrap">
      <ActionIcon variant="subtle" color={color} size={size} aria-label={editLabel} onClick={onEdit}>
        <IconPencil size={iconSize} />
      </ActionIcon>
      {deleteLabel !== undefined && (
        <ActionIcon variant="subtle" color={color} size={size} aria-label={deleteLabel} onClick={onDelete}>
          <IconTrash size={iconSize} />
        </ActionIcon>
      )}
    </Group>
  );
}

/** The colour field of an item: the palette, or any `#rrggbb`. */
export function StageColorInput(props: ComponentProps<typeof ColorInput>) {
  return (
    <ColorInput
      format="hex"
      swatches={[...STAGE_PALETTE]}
      swatchesPerRow={10}
      closeOnColorSwatchClick
      {...props}
    />
  );
}

export interface NameAndColor {
  name: string;
  color: string;
}

/** Adds (`isNew`) or edits an item's name and colour; `onSave` gets the trimmed name. */
export function NameColorForm({
  initial,
  nameLabel,
  colorLabel,
  nameMaxLength,
  isNew,
  pending,
  onSave,
  onClose,
}: {
  initial: NameAndColor;
  nameLabel: string;
  colorLabel: string;
  nameMaxLength?: number;
  isNew: boolean;
  pending: boolean;
  onSave: (values: NameAndColor, callbacks: MutationCallbacks) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      name: validators(t).required,
      color: (value) => (isStageColor(value) ? null : t('validation.color')),
    },
  });
  const errors = useFormErrors(form, ['name', 'color']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    onSave({ name: values.name.trim(), color: values.color }, { onSuccess: onClose, onError: errors.show });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={nameLabel}
          required
          data-autofocus
          maxLength={nameMaxLength}
          {...form.getInputProps('name')}
        />
        <StageColorInput label={colorLabel} required {...form.getInputProps('color')} />
        <DialogActions
          onCancel={onClose}
          submitLabel={isNew ? t('common.create') : t('common.save')}
          loading={pending}
        />
      </Stack>
    </form>
  );
}

/**
 * Deletes an item after asking where its records go (`options`, `initial` chosen first). The server's
 * reason about `errorField` shows at the choice, any other error above it.
 */
export function MoveToDeleteForm({
  confirm,
  label,
  hint,
  options,
  initial,
  required = false,
  errorField,
  pending,
  deletedMessage,
  onDelete,
  onClose,
}: {
  confirm: string;
  label: string;
  hint: string;
  options: readonly { id: string; name: string }[];
  initial: string | null;
  required?: boolean;
  errorField: string;
  pending: boolean;
  deletedMessage: string;
  onDelete: (moveTo: string | null, callbacks: MutationCallbacks) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const [moveTo, setMoveTo] = useState<string | null>(initial);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const submit = () => {
    setMessage(null);
    setFieldError(null);
    if (required && (moveTo ?? '') === '') {
      setFieldError(validators(t).required(''));
      return;
    }
    onDelete(moveTo, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: deletedMessage });
        onClose();
      },
      onError: (cause) => {
        const shown = applyFieldErrors(
          { setFieldError: (_, reason: string) => setFieldError(reason) },
          cause,
          [errorField],
        );
        if (!shown) setMessage(errorText(cause));
      },
    });
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack>
        <Text size="sm">{confirm}</Text>
        <ErrorAlert message={message} />
        <Select
          label={label}
          description={hint}
          required={required}
          allowDeselect={false}
          data={options.map((option) => ({ value: option.id, label: option.name }))}
          value={moveTo}
          onChange={setMoveTo}
          error={fieldError}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={pending} data-autofocus>
            {t('common.delete')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
