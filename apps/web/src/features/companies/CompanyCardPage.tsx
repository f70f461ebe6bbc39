// The company card (CORE-4, CORE-7): the name, INN (checked by the server), type, industry and
// responsible, phones, e-mails, sites and messengers, the people who work there, custom fields — each
// edited in place with If-Match — then possible duplicates (merge with undo), its deals and the timeline.
import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReferenceItems } from '../deals/card/api';
import {
  RecordCardLayout,
  RecordCardPage,
  RecordNameField,
  type RecordCardProps,
} from '../contacts/RecordCardPage';

export function CompanyCardPage() {
  return <RecordCardPage entity="company" Card={CompanyCard} />;
}

function CompanyCard({ ctx }: RecordCardProps<'company'>) {
  const { t } = useTranslation();
  const types = useReferenceItems('company_types');
  const industries = useReferenceItems('industries');
  const company = ctx.record;
  return (
    <RecordCardLayout
      ctx={ctx}
      heading={
        <RecordNameField<string>
          ctx={ctx}
          label={t('companies.fields.name')}
          initial={() => company.name}
          errorFields={['name']}
          input={({ value, onChange, label, error }) => (
            <TextInput
              label={label}
              value={value}
              onChange={(event) => onChange(event.currentTarget.value)}
              error={error}
              size="md"
              maxLength={300}
              autoFocus
            />
          )}
          toChanges={(name) =>
            name.trim() === '' ? { error: t('contacts.reason.required') } : { changes: { name: name.trim() } }
          }
        />
      }
      leading={{ name: 'inn', label: t('companies.fields.inn'), value: company.inn, maxLength: 20 }}
      links={{ label: t('companies.fields.contacts'), ids: company.contactIds }}
      channels={['phones', 'emails', 'sites', 'messengers']}
      references={[
        { name: 'typeId', label: t('companies.fields.type'), value: company.typeId, items: types.data ?? [] },
        {
          name: 'industryId',
          label: t('companies.fields.industry'),
          value: company.industryId,
          items: industries.data ?? [],
        },
      ]}
    />
  );
}
