// "New company": name, INN (the server checks its check digits), type, industry, responsible, address and
// the channels. The server's reasons show at the input they are about and the input stays.
import { useState } from 'react';
import { Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReferenceListItem, User } from '@voronka/contracts';
import { ChannelsInput } from '../contacts/ChannelsInput';
import {
  NewRecordForm,
  ReferenceSelect,
  ResponsibleSelect,
  TypeSelect,
  useNewRecordDraft,
} from '../contacts/NewRecordDialog';

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
  const draft = useNewRecordDraft({
    entity: 'company',
    text: { name: '', inn: '', address: '' },
    channels: {
      phones: [{ value: '', type: 'work' }],
      emails: [{ value: '', type: 'work' }],
      sites: [{ value: '' }],
    },
    inputs: INPUTS,
    onClose,
  });
  const [industryId, setIndustryId] = useState<string | null>(null);
  const { text } = draft;

  const submit = () => {
    if (text.name.trim() === '') {
      draft.refuse({ name: t('contacts.reason.required') });
      return;
    }
    draft.send({
      name: text.name.trim(),
      inn: text.inn.trim() === '' ? null : text.inn.trim(),
      address: text.address.trim() === '' ? null : text.address.trim(),
      industryId,
    });
  };

  const textInput = (name: keyof typeof text, maxLength: number) =>
    draft.textInput(name, {
      label: t(`companies.fields.${name}`),
      maxLength,
      autofocus: name === 'name',
      required: name === 'name',
    });

  return (
    <NewRecordForm draft={draft} onSubmit={submit} onClose={onClose}>
      {textInput('name', 300)}
      {textInput('inn', 20)}
      <ChannelsInput value={draft.channels} onChange={draft.setChannels} errors={draft.errors} />
      <Group gap="xs" grow>
        <TypeSelect draft={draft} label={t('companies.fields.type')} items={types} />
        <ReferenceSelect
          label={t('companies.fields.industry')}
          items={industries}
          value={industryId}
          onChange={setIndustryId}
          error={draft.errors.industryId}
          searchable
        />
      </Group>
      <ResponsibleSelect draft={draft} label={t('companies.fields.responsible')} users={users} />
      {textInput('address', 1000)}
    </NewRecordForm>
  );
}
