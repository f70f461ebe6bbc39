// "New contact": name, position, companies, type, responsible and the channels. The server checks and
// normalizes phones and e-mails; its reasons show at the row they are about and the input stays.
import { useState } from 'react';
import { ActionIcon, Alert, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReferenceListItem, User } from '@voronka/contracts';
import { DialogActions } from '../../components/ui/DialogActions';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useMe } from '../auth/session';
import { searchCompanies } from '../deals/card/api';
import { assignableUsers, pickable } from '../deals/card/cardData';
import { RecordSelect } from '../deals/card/RecordSelect';
import { useCreateRecord } from './api';
import { channelsBody, EMPTY_CHANNELS, type ChannelsDraft } from './channels';
import { ChannelsInput } from './ChannelsInput';
import { formErrorsOf } from './formErrors';
import { useRecordReason } from './reasons';

const INPUTS = [
  'lastName',
  'firstName',
  'middleName',
  'position',
  'typeId',
  'responsibleUserId',
  'companyIds',
];

export function NewContactDialog({
  users,
  types,
  onClose,
}: {
  users: readonly User[];
  types: readonly ReferenceListItem[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const errorText = useErrorText();
  const reason = useRecordReason();
  const navigate = useNavigate();
  const create = useCreateRecord('contact');
  const [text, setText] = useState({ lastName: '', firstName: '', middleName: '', position: '' });
  const [typeId, setTypeId] = useState<string | null>(null);
  const [responsible, setResponsible] = useState<string | null>(me.user.id);
  const [companies, setCompanies] = useState<{ id: string; name: string }[]>([]);
  const [channels, setChannels] = useState<ChannelsDraft>({
    ...EMPTY_CHANNELS,
    phones: [{ value: '', type: 'mobile' }],
    emails: [{ value: '', type: 'work' }],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const submit = () => {
    const clean = (value: string) => (value.trim() === '' ? null : value.trim());
    if (clean(text.firstName) === null && clean(text.lastName) === null) {
      setErrors({ firstName: t('contacts.reason.nameRequired') });
      return;
    }
    const { body: channelBody, rows } = channelsBody(channels);
    setErrors({});
    setMessage(null);
    create.mutate(
      {
        lastName: clean(text.lastName),
        firstName: clean(text.firstName),
        middleName: clean(text.middleName),
        position: clean(text.position),
        typeId,
        responsibleUserId: responsible,
        companyIds: companies.map((company) => company.id),
        ...channelBody,
      },
      {
        onSuccess: (contact) => {
          onClose();
          void navigate(`/contacts/${contact.id}`);
        },
        onError: (cause) => {
          const { byInput, other } = formErrorsOf(
            isApiError(cause) ? cause.fields : {},
            INPUTS,
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

  const textInput = (name: keyof typeof text, max: number) => (
    <TextInput
      label={t(`contacts.fields.${name}`)}
      value={text[name]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setText((current) => ({ ...current, [name]: value }));
      }}
      error={errors[name]}
      maxLength={max}
      data-autofocus={name === 'lastName' ? true : undefined}
      style={{ flex: '1 1 150px' }}
    />
  );

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack gap="sm">
        {message !== null && (
          <Alert color="red" variant="light" role="alert">
            {message}
          </Alert>
        )}
        <Group gap="xs" align="flex-start" wrap="wrap">
          {textInput('lastName', 100)}
          {textInput('firstName', 100)}
          {textInput('middleName', 100)}
        </Group>
        {textInput('position', 200)}
        <Stack gap={4}>
          {companies.map((company) => (
            <Group key={company.id} gap={6} wrap="nowrap">
              <Text size="sm">{company.name}</Text>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label={t('contacts.card.unlink', { name: company.name })}
                onClick={() => setCompanies((current) => current.filter((item) => item.id !== company.id))}
              >
                <IconX size={14} />
              </ActionIcon>
            </Group>
          ))}
          <RecordSelect
            kind="company"
            label={companies.length === 0 ? t('contacts.fields.companies') : t('contacts.card.addLink')}
            value={null}
            exclude={companies.map((company) => company.id)}
            onChange={(option) => {
              if (option !== null)
                setCompanies((current) => [...current, { id: option.value, name: option.label }]);
            }}
            search={searchCompanies}
            toOption={(company) => ({ value: company.id, label: company.name })}
            error={errors.companyIds}
            clearable={false}
            resetOnSelect
            withinPortal={false}
          />
        </Stack>
        <ChannelsInput value={channels} onChange={setChannels} errors={errors} />
        <Group gap="xs" grow>
          <Select
            label={t('contacts.fields.type')}
            data={pickable(types, null).map((item) => ({ value: item.id, label: item.name }))}
            value={typeId}
            onChange={setTypeId}
            error={errors.typeId}
            clearable
          />
          <Select
            label={t('contacts.fields.responsible')}
            data={assignableUsers(users).map((user) => ({ value: user.id, label: user.name }))}
            value={responsible}
            onChange={setResponsible}
            error={errors.responsibleUserId}
            searchable
            clearable
          />
        </Group>
        <DialogActions onCancel={onClose} submitLabel={t('common.create')} loading={create.isPending} />
      </Stack>
    </form>
  );
}
