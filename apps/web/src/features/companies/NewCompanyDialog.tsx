// "New company": name, INN (the server checks its check digits), type, industry, responsible, address and
// the channels. The server's reasons show at the input they are about and the input stays.
import { useState } from 'react';
import { Alert, Group, Select, Stack, TextInput } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReferenceListItem, User } from '@voronka/contracts';
import { DialogActions } from '../../components/ui/DialogActions';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useMe } from '../auth/session';
import { assignableUsers, pickable } from '../deals/card/cardData';
import { useCreateRecord } from '../contacts/api';
import { channelsBody, EMPTY_CHANNELS, type ChannelsDraft } from '../contacts/channels';
import { ChannelsInput } from '../contacts/ChannelsInput';
import { formErrorsOf } from '../contacts/formErrors';
import { useRecordReason } from '../contacts/reasons';

const INPUTS = ['name', 'inn', 'typeId', 'industryId', 'responsibleUserId', 'address'];

export function NewCompanyDialog({
  users,
  types,
  industries,
  onClose,
}: {
  users: readonly User[];
  types: readonly ReferenceListItem[];
  industries: readonly ReferenceListItem[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const errorText = useErrorText();
  const reason = useRecordReason();
  const navigate = useNavigate();
  const create = useCreateRecord('company');
  const [text, setText] = useState({ name: '', inn: '', address: '' });
  const [typeId, setTypeId] = useState<string | null>(null);
  const [industryId, setIndustryId] = useState<string | null>(null);
  const [responsible, setResponsible] = useState<string | null>(me.user.id);
  const [channels, setChannels] = useState<ChannelsDraft>({
    ...EMPTY_CHANNELS,
    phones: [{ value: '', type: 'work' }],
    emails: [{ value: '', type: 'work' }],
    sites: [{ value: '' }],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const submit = () => {
    if (text.name.trim() === '') {
      setErrors({ name: t('contacts.reason.required') });
      return;
    }
    const { body: channelBody, rows } = channelsBody(channels);
    setErrors({});
    setMessage(null);
    create.mutate(
      {
        name: text.name.trim(),
        inn: text.inn.trim() === '' ? null : text.inn.trim(),
        address: text.address.trim() === '' ? null : text.address.trim(),
        typeId,
        industryId,
        responsibleUserId: responsible,
        ...channelBody,
      },
      {
        onSuccess: (company) => {
          onClose();
          void navigate(`/companies/${company.id}`);
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

  const textInput = (name: keyof typeof text, max: number, autofocus = false) => (
    <TextInput
      label={t(`companies.fields.${name}`)}
      value={text[name]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setText((current) => ({ ...current, [name]: value }));
      }}
      error={errors[name]}
      maxLength={max}
      data-autofocus={autofocus ? true : undefined}
      required={name === 'name'}
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
        {textInput('name', 300, true)}
        {textInput('inn', 20)}
        <ChannelsInput value={channels} onChange={setChannels} errors={errors} />
        <Group gap="xs" grow>
          <Select
            label={t('companies.fields.type')}
            data={pickable(types, null).map((item) => ({ value: item.id, label: item.name }))}
            value={typeId}
            onChange={setTypeId}
            error={errors.typeId}
            clearable
          />
          <Select
            label={t('companies.fields.industry')}
            data={pickable(industries, null).map((item) => ({ value: item.id, label: item.name }))}
            value={industryId}
            onChange={setIndustryId}
            error={errors.industryId}
            clearable
            searchable
          />
        </Group>
        <Select
          label={t('companies.fields.responsible')}
          data={assignableUsers(users).map((user) => ({ value: user.id, label: user.name }))}
          value={responsible}
          onChange={setResponsible}
          error={errors.responsibleUserId}
          searchable
          clearable
        />
        {textInput('address', 1000)}
        <DialogActions onCancel={onClose} submitLabel={t('common.create')} loading={create.isPending} />
      </Stack>
    </form>
  );
}
