// "New contact": name, position, companies, type, responsible and the channels. The server checks and
// normalizes phones and e-mails; its reasons show at the row they are about and the input stays.
import { useState } from 'react';
import { ActionIcon, Group, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReferenceListItem, User } from '@voronka/contracts';
import { searchCompanies } from '../deals/card/api';
import { RecordSelect } from '../deals/card/RecordSelect';
import { ChannelsInput } from './ChannelsInput';
import { NewRecordForm, ResponsibleSelect, TypeSelect, useNewRecordDraft } from './NewRecordDialog';

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
  const draft = useNewRecordDraft({
    entity: 'contact',
    text: { lastName: '', firstName: '', middleName: '', position: '' },
    channels: {
      phones: [{ value: '', type: 'mobile' }],
      emails: [{ value: '', type: 'work' }],
    },
    inputs: INPUTS,
    onClose,
  });
  const [companies, setCompanies] = useState<{ id: string; name: string }[]>([]);
  const { text } = draft;

  const submit = () => {
    const clean = (value: string) => (value.trim() === '' ? null : value.trim());
    if (clean(text.firstName) === null && clean(text.lastName) === null) {
      draft.refuse({ firstName: t('contacts.reason.nameRequired') });
      return;
    }
    draft.send({
      lastName: clean(text.lastName),
      firstName: clean(text.firstName),
      middleName: clean(text.middleName),
      position: clean(text.position),
      companyIds: companies.map((company) => company.id),
    });
  };

  const textInput = (name: keyof typeof text, maxLength: number) =>
    draft.textInput(name, {
      label: t(`contacts.fields.${name}`),
      maxLength,
      autofocus: name === 'lastName',
      style: { flex: '1 1 150px' },
    });

  return (
    <NewRecordForm draft={draft} onSubmit={submit} onClose={onClose}>
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
          error={draft.errors.companyIds}
          clearable={false}
          resetOnSelect
          withinPortal={false}
        />
      </Stack>
      <ChannelsInput value={draft.channels} onChange={draft.setChannels} errors={draft.errors} />
      <Group gap="xs" grow>
        <TypeSelect draft={draft} label={t('contacts.fields.type')} items={types} />
        <ResponsibleSelect draft={draft} label={t('contacts.fields.responsible')} users={users} />
      </Group>
    </NewRecordForm>
  );
}
