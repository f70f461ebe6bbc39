// The company card (CORE-4, CORE-7): the name, INN (checked by the server), type, industry and
// responsible, phones, e-mails, sites and messengers, the people who work there, custom fields — each
// edited in place with If-Match — then possible duplicates (merge with undo), its deals and the timeline.
import { Paper, Stack, TextInput, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Company } from '@voronka/contracts';
import { useReferenceItems } from '../deals/card/api';
import { InlineField } from '../deals/card/InlineField';
import { useLinkedRecords } from '../contacts/api';
import { CardColumns, RecordCardFrame } from '../contacts/RecordCard';
import {
  ChannelField,
  CustomFieldRow,
  LinksField,
  ReferenceField,
  ResponsibleField,
  TextField,
  type RecordCardContext,
  type RecordChanges,
} from '../contacts/RecordFields';
import { useRecordReason } from '../contacts/reasons';

export function CompanyCardPage() {
  const { id = '' } = useParams();
  return (
    <RecordCardFrame entity="company" id={id}>
      {(ctx) => <CompanyCard ctx={ctx} />}
    </RecordCardFrame>
  );
}

function CompanyCard({ ctx }: { ctx: RecordCardContext & { record: Company } }) {
  const { t } = useTranslation();
  const reason = useRecordReason();
  const types = useReferenceItems('company_types');
  const industries = useReferenceItems('industries');
  const linked = useLinkedRecords('company', ctx.record.id);
  const company = ctx.record;
  const people = company.contactIds.map((id) => ({
    id,
    name: linked.data?.find((contact) => contact.id === id)?.name ?? '…',
  }));

  const fields = (
    <Paper withBorder p="md" component="section" aria-labelledby="company-fields-title">
      <Title order={2} size="h5" id="company-fields-title" mb="sm">
        {t('companies.card.fields')}
      </Title>
      <Stack gap="md">
        <TextField
          ctx={ctx}
          name="inn"
          label={t('companies.fields.inn')}
          value={company.inn}
          maxLength={20}
        />
        <LinksField ctx={ctx} label={t('companies.fields.contacts')} linked={people} />
        <ChannelField ctx={ctx} kind="phones" />
        <ChannelField ctx={ctx} kind="emails" />
        <ChannelField ctx={ctx} kind="sites" />
        <ChannelField ctx={ctx} kind="messengers" />
        <ReferenceField
          ctx={ctx}
          name="typeId"
          label={t('companies.fields.type')}
          value={company.typeId}
          items={types.data ?? []}
        />
        <ReferenceField
          ctx={ctx}
          name="industryId"
          label={t('companies.fields.industry')}
          value={company.industryId}
          items={industries.data ?? []}
        />
        <ResponsibleField ctx={ctx} label={t('companies.fields.responsible')} />
        <TextField
          ctx={ctx}
          name="address"
          label={t('companies.fields.address')}
          value={company.address}
          maxLength={1000}
          multiline
        />
        <TextField
          ctx={ctx}
          name="comment"
          label={t('companies.fields.comment')}
          value={company.comment}
          maxLength={10_000}
          multiline
        />
        {ctx.fields.map((field) => (
          <CustomFieldRow key={field.id} ctx={ctx} field={field} />
        ))}
      </Stack>
    </Paper>
  );

  return (
    <Stack gap="md" component="article" aria-label={t('companies.card.title', { name: company.name })}>
      <Paper withBorder p="md">
        <InlineField<string, RecordChanges>
          deal={company}
          target={ctx.target}
          label={t('companies.fields.name')}
          displayOrder="title"
          display={
            <h1 style={{ margin: 0, fontSize: 26, lineHeight: 1.25, overflowWrap: 'anywhere' }}>
              {company.name}
            </h1>
          }
          initial={() => company.name}
          errorFields={['name']}
          describeReason={reason}
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
      </Paper>
      <CardColumns
        ctx={ctx}
        fields={fields}
        typeItems={types.data ?? []}
        industryItems={industries.data ?? []}
      />
    </Stack>
  );
}
