// The contact card (CORE-4, CORE-7): the name, position, type and responsible, phones, e-mails, sites and
// messengers with their types, the companies the person works for, custom fields — each edited in place
// with If-Match — then possible duplicates (merge with undo), the person's deals and the timeline.
import { Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReferenceItems } from '../deals/card/api';
import { RecordCardLayout, RecordCardPage, RecordNameField, type RecordCardProps } from './RecordCardPage';

export function ContactCardPage() {
  return <RecordCardPage entity="contact" Card={ContactCard} />;
}

function ContactCard({ ctx }: RecordCardProps<'contact'>) {
  const { t } = useTranslation();
  const types = useReferenceItems('contact_types');
  const contact = ctx.record;
  return (
    <RecordCardLayout
      ctx={ctx}
      heading={<ContactName ctx={ctx} />}
      leading={{
        name: 'position',
        label: t('contacts.fields.position'),
        value: contact.position,
        maxLength: 200,
      }}
      links={{ label: t('contacts.fields.companies'), ids: contact.companyIds }}
      channels={['phones', 'emails', 'messengers', 'sites']}
      references={[
        { name: 'typeId', label: t('contacts.fields.type'), value: contact.typeId, items: types.data ?? [] },
      ]}
    />
  );
}

interface NameDraft {
  lastName: string;
  firstName: string;
  middleName: string;
}

function ContactName({ ctx }: RecordCardProps<'contact'>) {
  const { t } = useTranslation();
  const contact = ctx.record;
  return (
    <RecordNameField<NameDraft>
      ctx={ctx}
      label={t('contacts.fields.name')}
      initial={() => ({
        lastName: contact.lastName ?? '',
        firstName: contact.firstName ?? '',
        middleName: contact.middleName ?? '',
      })}
      errorFields={['firstName', 'lastName', 'middleName']}
      input={({ value, onChange, error }) => (
        <Group gap="xs" align="flex-start" wrap="wrap">
          {(['lastName', 'firstName', 'middleName'] as const).map((name, index) => (
            <TextInput
              key={name}
              label={t(`contacts.fields.${name}`)}
              value={value[name]}
              onChange={(event) => onChange({ ...value, [name]: event.currentTarget.value })}
              error={index === 0 ? error : undefined}
              maxLength={100}
              autoFocus={index === 0}
              style={{ flex: '1 1 160px' }}
            />
          ))}
        </Group>
      )}
      toChanges={(draft) => {
        const clean = (text: string) => (text.trim() === '' ? null : text.trim());
        if (clean(draft.firstName) === null && clean(draft.lastName) === null)
          return { error: t('contacts.reason.nameRequired') };
        return {
          changes: {
            lastName: clean(draft.lastName),
            firstName: clean(draft.firstName),
            middleName: clean(draft.middleName),
          },
        };
      }}
    />
  );
}
