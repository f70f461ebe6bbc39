// The contact card (CORE-4, CORE-7): the name, position, type and responsible, phones, e-mails, sites and
// messengers with their types, the companies the person works for, custom fields — each edited in place
// with If-Match — then possible duplicates (merge with undo), the person's deals and the timeline.
import { Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@voronka/contracts';
import { useReferenceItems } from '../deals/card/api';
import { InlineField } from '../deals/card/InlineField';
import { useLinkedRecords } from './api';
import { CardColumns, RecordCardFrame } from './RecordCard';
import {
  ChannelField,
  CustomFieldRow,
  LinksField,
  ReferenceField,
  ResponsibleField,
  TextField,
  type RecordCardContext,
  type RecordChanges,
} from './RecordFields';
import { useRecordReason } from './reasons';

export function ContactCardPage() {
  const { id = '' } = useParams();
  return (
    <RecordCardFrame entity="contact" id={id}>
      {(ctx) => <ContactCard ctx={ctx} />}
    </RecordCardFrame>
  );
}

function ContactCard({ ctx }: { ctx: RecordCardContext & { record: Contact } }) {
  const { t } = useTranslation();
  const types = useReferenceItems('contact_types');
  const linked = useLinkedRecords('contact', ctx.record.id);
  const contact = ctx.record;
  const companies = contact.companyIds.map((id) => ({
    id,
    name: linked.data?.find((company) => company.id === id)?.name ?? '…',
  }));

  const fields = (
    <Paper withBorder p="md" component="section" aria-labelledby="contact-fields-title">
      <Title order={2} size="h5" id="contact-fields-title" mb="sm">
        {t('contacts.card.fields')}
      </Title>
      <Stack gap="md">
        <TextField
          ctx={ctx}
          name="position"
          label={t('contacts.fields.position')}
          value={contact.position}
          maxLength={200}
        />
        <LinksField ctx={ctx} label={t('contacts.fields.companies')} linked={companies} />
        <ChannelField ctx={ctx} kind="phones" />
        <ChannelField ctx={ctx} kind="emails" />
        <ChannelField ctx={ctx} kind="messengers" />
        <ChannelField ctx={ctx} kind="sites" />
        <ReferenceField
          ctx={ctx}
          name="typeId"
          label={t('contacts.fields.type')}
          value={contact.typeId}
          items={types.data ?? []}
        />
        <ResponsibleField ctx={ctx} label={t('contacts.fields.responsible')} />
        <TextField
          ctx={ctx}
          name="address"
          label={t('contacts.fields.address')}
          value={contact.address}
          maxLength={1000}
          multiline
        />
        <TextField
          ctx={ctx}
          name="comment"
          label={t('contacts.fields.comment')}
          value={contact.comment}
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
    <Stack gap="md" component="article" aria-label={t('contacts.card.title', { name: contact.name })}>
      <Paper withBorder p="md">
        <ContactName ctx={ctx} />
      </Paper>
      <CardColumns ctx={ctx} fields={fields} typeItems={types.data ?? []} />
    </Stack>
  );
}

interface NameDraft {
  lastName: string;
  firstName: string;
  middleName: string;
}

function ContactName({ ctx }: { ctx: RecordCardContext & { record: Contact } }) {
  const { t } = useTranslation();
  const reason = useRecordReason();
  const contact = ctx.record;
  return (
    <InlineField<NameDraft, RecordChanges>
      deal={contact}
      target={ctx.target}
      label={t('contacts.fields.name')}
      displayOrder="title"
      display={
        <h1 style={{ margin: 0, fontSize: 26, lineHeight: 1.25, overflowWrap: 'anywhere' }}>
          {contact.name}
        </h1>
      }
      initial={() => ({
        lastName: contact.lastName ?? '',
        firstName: contact.firstName ?? '',
        middleName: contact.middleName ?? '',
      })}
      errorFields={['firstName', 'lastName', 'middleName']}
      describeReason={reason}
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
