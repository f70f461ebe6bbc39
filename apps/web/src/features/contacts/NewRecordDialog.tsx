// What the "New contact" and "New company" dialogs share: the draft (text inputs, type, responsible — the
// current user at first — and channels), sending it and opening the new card, the server's reasons put at
// the input they are about (channel rows included) with the input kept, and the form around the inputs.
import { useState, type CSSProperties, type ReactNode } from 'react';
import { Alert, Select, Stack, TextInput } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReferenceListItem, User } from '@voronka/contracts';
import { DialogActions } from '../../components/ui/DialogActions';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useMe } from '../auth/session';
import { assignableUsers, pickable } from '../deals/card/cardData';
import { ENTITIES, useCreateRecord, type RecordEntity } from './api';
import { channelsBody, EMPTY_CHANNELS, type ChannelsDraft } from './channels';
import { formErrorsOf } from './formErrors';
import { useRecordReason } from './reasons';

export type NewRecordDraft<K extends string> = ReturnType<typeof useNewRecordDraft<K>>;

/**
 * The draft of a new record: `text` holds the text inputs' values (draw them with `textInput`), `channels`
 * the first rows of each kind. `send(body)` creates the record from `body` with the type, responsible and
 * channels; the server's reasons go to `errors` by input (`inputs` names them), the rest to `message`.
 */
export function useNewRecordDraft<K extends string>({
  entity,
  text: initialText,
  channels: initialChannels,
  inputs,
  onClose,
}: {
  entity: RecordEntity;
  text: Record<K, string>;
  channels: Partial<ChannelsDraft>;
  inputs: readonly string[];
  onClose: () => void;
}) {
  const me = useMe();
  const errorText = useErrorText();
  const reason = useRecordReason();
  const navigate = useNavigate();
  const create = useCreateRecord(entity);
  const [text, setText] = useState(initialText);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [responsible, setResponsible] = useState<string | null>(me.user.id);
  const [channels, setChannels] = useState<ChannelsDraft>({ ...EMPTY_CHANNELS, ...initialChannels });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const send = (body: Record<string, unknown>) => {
    const { body: channelBody, rows } = channelsBody(channels);
    setErrors({});
    setMessage(null);
    create.mutate(
      { ...body, typeId, responsibleUserId: responsible, ...channelBody },
      {
        onSuccess: (record) => {
          onClose();
          void navigate(`${ENTITIES[entity].section}/${record.id}`);
        },
        onError: (cause) => {
          const { byInput, other } = formErrorsOf(
            isApiError(cause) ? cause.fields : {},
            inputs,
            rows,
            reason,
          );
          setErrors(byInput);
          if (Object.keys(byInput).length === 0 || other.length > 0)
            setMessage([errorText(cause), ...other].join(' '));
        },
      },
    );
  };

  const textInput = (
    name: K,
    {
      label,
      maxLength,
      autofocus = false,
      required = false,
      style,
    }: { label: string; maxLength: number; autofocus?: boolean; required?: boolean; style?: CSSProperties },
  ) => (
    <TextInput
      label={label}
      value={text[name]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setText((current) => ({ ...current, [name]: value }));
      }}
      error={errors[name]}
      maxLength={maxLength}
      data-autofocus={autofocus ? true : undefined}
      required={required}
      style={style}
    />
  );

  return {
    text,
    textInput,
    typeId,
    setTypeId,
    responsible,
    setResponsible,
    channels,
    setChannels,
    errors,
    /** Refuses the draft before sending: these reasons show at their inputs. */
    refuse: setErrors,
    message,
    send,
    pending: create.isPending,
  };
}

/** The form of a new-record dialog: the message of a refused create above the inputs, Create below. */
export function NewRecordForm({
  draft,
  onSubmit,
  onClose,
  children,
}: {
  draft: { message: string | null; pending: boolean };
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      noValidate
    >
      <Stack gap="sm">
        {draft.message !== null && (
          <Alert color="red" variant="light" role="alert">
            {draft.message}
          </Alert>
        )}
        {children}
        <DialogActions onCancel={onClose} submitLabel={t('common.create')} loading={draft.pending} />
      </Stack>
    </form>
  );
}

/** A reference-list item of the new record (type, industry); archived items are not offered. */
export function ReferenceSelect({
  label,
  items,
  value,
  onChange,
  error,
  searchable = false,
}: {
  label: string;
  items: readonly ReferenceListItem[];
  value: string | null;
  onChange: (value: string | null) => void;
  error: string | undefined;
  searchable?: boolean;
}) {
  return (
    <Select
      label={label}
      data={pickable(items, null).map((item) => ({ value: item.id, label: item.name }))}
      value={value}
      onChange={onChange}
      error={error}
      clearable
      searchable={searchable}
    />
  );
}

/** The type of the new record. */
export function TypeSelect({
  draft,
  label,
  items,
}: {
  draft: Pick<NewRecordDraft<string>, 'typeId' | 'setTypeId' | 'errors'>;
  label: string;
  items: readonly ReferenceListItem[];
}) {
  return (
    <ReferenceSelect
      label={label}
      items={items}
      value={draft.typeId}
      onChange={draft.setTypeId}
      error={draft.errors.typeId}
    />
  );
}

/** The responsible of the new record, among the users who can be assigned. */
export function ResponsibleSelect({
  draft,
  label,
  users,
}: {
  draft: Pick<NewRecordDraft<string>, 'responsible' | 'setResponsible' | 'errors'>;
  label: string;
  users: readonly User[];
}) {
  return (
    <Select
      label={label}
      data={assignableUsers(users).map((user) => ({ value: user.id, label: user.name }))}
      value={draft.responsible}
      onChange={draft.setResponsible}
      error={draft.errors.responsibleUserId}
      searchable
      clearable
    />
  );
}
