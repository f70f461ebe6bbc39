// The deal's fields, each edited in place: close date, source, tags, company, contacts (one primary) and
// the custom fields of its pipeline (an input per type; types without one are shown read-only), placed in
// sections by the account's deal card layout (CardSections).
import {
  ActionIcon,
  Badge,
  Group,
  Radio,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconStarFilled, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '@voronka/contracts';
import { CardSections, type CardFieldSpec } from '../../cardLayout/CardSections';
import { customFieldText, formatDay } from '../../timeline/fieldText';
import { searchCompanies, searchContacts } from './api';
import { pickable, type CardData } from './cardData';
import { CustomFieldInput, LinkedRecords, useDraftProblemText } from './CustomFieldInput';
import { customFieldChanges, isEditable, toDraft, type Draft } from './customFieldDraft';
import { InlineField } from './InlineField';
import { RecordSelect, type RecordOption } from './RecordSelect';

interface ContactDraft {
  id: string;
  name: string;
  isPrimary: boolean;
}

export function DealFields({ data }: { data: CardData }) {
  const { t } = useTranslation();
  const { deal, locale } = data;
  const userName = (id: string) => data.users.find((user) => user.id === id)?.name ?? null;
  const valueContext = {
    locale,
    timeZone: data.timeZone,
    userName,
    yes: t('dealCard.yes'),
    no: t('dealCard.no'),
  };
  const sourceName = data.sources.find((item) => item.id === deal.sourceId)?.name ?? null;

  const fields: CardFieldSpec[] = [
    {
      key: 'closeDate',
      label: t('dealCard.closeDate'),
      node: (
        <InlineField<string>
          deal={deal}
          label={t('dealCard.closeDate')}
          display={deal.closeDate === null ? null : formatDay(deal.closeDate, locale)}
          initial={() => deal.closeDate ?? ''}
          errorFields={['closeDate']}
          input={({ value, onChange, label, error }) => (
            <TextInput
              type="date"
              label={label}
              value={value}
              onChange={(event) => onChange(event.currentTarget.value)}
              error={error}
              autoFocus
            />
          )}
          toChanges={(value) =>
            value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value)
              ? { changes: { closeDate: value === '' ? null : value } }
              : { error: t('dealCard.invalid.date') }
          }
        />
      ),
    },
    {
      key: 'source',
      label: t('dealCard.source'),
      node: (
        <InlineField<string | null>
          deal={deal}
          label={t('dealCard.source')}
          display={sourceName}
          initial={() => deal.sourceId}
          errorFields={['sourceId']}
          input={({ value, onChange, label, error }) => (
            <Select
              label={label}
              data={pickable(data.sources, deal.sourceId).map((item) => ({
                value: item.id,
                label: item.name,
              }))}
              value={value}
              onChange={onChange}
              error={error}
              clearable
              searchable
              autoFocus
              comboboxProps={{ withinPortal: true }}
            />
          )}
          toChanges={(sourceId) => ({ changes: { sourceId } })}
        />
      ),
    },
    {
      key: 'tags',
      label: t('dealCard.tags'),
      node: (
        <InlineField<string[]>
          deal={deal}
          label={t('dealCard.tags')}
          display={
            deal.tags.length === 0 ? null : (
              <Group gap={4}>
                {deal.tags.map((tag) => (
                  <Badge key={tag} variant="light" color="gray" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Group>
            )
          }
          initial={() => deal.tags}
          errorFields={['tags']}
          input={({ value, onChange, label, error }) => (
            <TagsInput
              label={label}
              value={value}
              onChange={onChange}
              error={error}
              clearable
              autoFocus
              description={t('dealCard.tagsHint')}
            />
          )}
          toChanges={(tags) => ({ changes: { tags } })}
        />
      ),
    },
    {
      key: 'company',
      label: t('dealCard.company'),
      node: (
        <InlineField<RecordOption | null>
          deal={deal}
          label={t('dealCard.company')}
          display={deal.companyName}
          initial={() =>
            deal.companyId === null
              ? null
              : { value: deal.companyId, label: deal.companyName ?? deal.companyId }
          }
          errorFields={['companyId']}
          input={({ value, onChange, label, error }) => (
            <RecordSelect
              kind="company"
              label={label}
              value={value}
              onChange={(option) => onChange(option)}
              search={searchCompanies}
              toOption={(company) => ({ value: company.id, label: company.name })}
              error={error}
              autoFocus
            />
          )}
          toChanges={(option) => ({ changes: { companyId: option?.value ?? null } })}
        />
      ),
    },
    {
      key: 'contacts',
      label: t('dealCard.contacts'),
      node: (
        <InlineField<ContactDraft[]>
          deal={deal}
          label={t('dealCard.contacts')}
          display={
            deal.contacts.length === 0 ? null : (
              <Stack gap={2}>
                {deal.contacts.map((contact) => (
                  <Group key={contact.id} gap={6} wrap="nowrap">
                    <Text size="sm">{contact.name}</Text>
                    {contact.isPrimary && (
                      <Badge size="xs" variant="light" leftSection={<IconStarFilled size={10} />}>
                        {t('dealCard.primary')}
                      </Badge>
                    )}
                  </Group>
                ))}
              </Stack>
            )
          }
          initial={() => deal.contacts.map((contact) => ({ ...contact }))}
          errorFields={['contacts', ...deal.contacts.map((_, index) => `contacts.${index}.id`)]}
          input={({ value, onChange, label, error }) => (
            <ContactsEditor value={value} onChange={onChange} label={label} error={error} />
          )}
          toChanges={(contacts) => ({
            changes: {
              contacts: contacts.map((contact) => ({ id: contact.id, isPrimary: contact.isPrimary })),
            },
          })}
        />
      ),
    },
    ...data.fields.map((field) => ({
      key: `cf:${field.id}`,
      label: field.name,
      node: <CustomFieldRow field={field} data={data} valueContext={valueContext} />,
    })),
  ];
  const configurable = [
    ...fields.filter((field) => !field.key.startsWith('cf:')),
    ...data.allFields.map((field) => ({ key: `cf:${field.id}`, label: field.name })),
  ];

  return (
    <CardSections
      entity="deal"
      title={t('dealCard.fields')}
      titleId="deal-fields-title"
      fields={fields}
      configurable={configurable}
      shownAnyway={Object.keys(data.stageErrors).map((path) => path.replace(/^customFields\./, 'cf:'))}
    />
  );
}

function CustomFieldRow({
  field,
  data,
  valueContext,
}: {
  field: CustomField;
  data: CardData;
  valueContext: Parameters<typeof customFieldText>[2];
}) {
  const { t } = useTranslation();
  const problemText = useDraftProblemText();
  const { deal } = data;
  const path = `customFields.${field.id}`;
  const value = deal.customFields[field.id];
  const requiredHere =
    field.required || field.requiredFromStageIds.some((stageId) => isAtOrAfter(data, stageId, deal.stageId));
  return (
    <InlineField<Draft>
      deal={deal}
      label={field.name}
      required={requiredHere}
      display={
        field.type === 'crm_link' && customFieldText(field, value, valueContext) !== null ? (
          <LinkedRecords value={value} />
        ) : (
          customFieldText(field, value, valueContext)
        )
      }
      initial={() => toDraft(field, value, data.timeZone, data.currency)}
      errorFields={[path]}
      externalError={data.stageErrors[path] ?? null}
      onSaved={() => data.clearStageError(path)}
      readOnly={!isEditable(field)}
      readOnlyNote={t('dealCard.readOnlyType')}
      input={(props) => <CustomFieldInput {...props} field={field} users={data.users} />}
      toChanges={(draft) => customFieldChanges(field, draft, data.timeZone, problemText)}
    />
  );
}

/** Whether `current` is `from` or a later open stage (or Won), as the server counts "required from". */
function isAtOrAfter(data: CardData, from: string, current: string): boolean {
  const order = data.stages.filter((stage) => stage.kind !== 'lost').map((stage) => stage.id);
  const fromIndex = order.indexOf(from);
  const currentIndex = order.indexOf(current);
  return fromIndex >= 0 && currentIndex >= fromIndex;
}

function ContactsEditor({
  value,
  onChange,
  label,
  error,
}: {
  value: ContactDraft[];
  onChange: (value: ContactDraft[]) => void;
  label: string;
  error: React.ReactNode;
}) {
  const { t } = useTranslation();
  const primary = value.find((contact) => contact.isPrimary)?.id ?? value[0]?.id ?? null;
  const setPrimary = (id: string) =>
    onChange(value.map((contact) => ({ ...contact, isPrimary: contact.id === id })));
  return (
    <Stack gap="xs">
      {value.length > 0 && (
        <Radio.Group label={t('dealCard.primaryContact')} value={primary} onChange={setPrimary}>
          <Stack gap={4} mt={4}>
            {value.map((contact) => (
              <Group key={contact.id} justify="space-between" wrap="nowrap">
                <Radio value={contact.id} label={contact.name} />
                <Tooltip label={t('dealCard.removeContact', { name: contact.name })}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-label={t('dealCard.removeContact', { name: contact.name })}
                    onClick={() => {
                      const rest = value.filter((other) => other.id !== contact.id);
                      const first = rest[0];
                      if (contact.isPrimary && first !== undefined) first.isPrimary = true;
                      onChange(rest);
                    }}
                  >
                    <IconX size={14} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ))}
          </Stack>
        </Radio.Group>
      )}
      <RecordSelect
        kind="contact"
        label={value.length === 0 ? label : t('dealCard.addContact')}
        value={null}
        exclude={value.map((contact) => contact.id)}
        onChange={(option) => {
          if (option === null) return;
          onChange([...value, { id: option.value, name: option.label, isPrimary: value.length === 0 }]);
        }}
        search={searchContacts}
        toOption={(contact) => ({ value: contact.id, label: contact.name })}
        error={error}
        clearable={false}
        resetOnSelect
      />
    </Stack>
  );
}
