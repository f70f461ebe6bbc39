// The lead's fields, each edited in place (the deal card's InlineField, saving the lead with If-Match):
// the person, the company as named, phones and e-mails, amount, source, responsible, address, comment and
// the lead custom fields, placed in sections by the account's lead card layout (CardSections). A converted
// or junk lead changes only its comment (the server's rule).
import type { ReactNode } from 'react';
import { Group, Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomField, Lead, Locale, ReferenceListItem, User } from '@voronka/contracts';
import { CardSections, type CardFieldSpec } from '../../cardLayout/CardSections';
import { assignableUsers, CURRENCIES, pickable } from '../../deals/card/cardData';
import { CustomFieldInput, useDraftProblemText } from '../../deals/card/CustomFieldInput';
import { customFieldChanges, isEditable, toDraft, type Draft } from '../../deals/card/customFieldDraft';
import { InlineField, type FieldInputProps, type InlineSaveTarget } from '../../deals/card/InlineField';
import { parseAmount } from '../../deals/money';
import { customFieldText, formatMoney } from '../../timeline/fieldText';
import type { LeadChanges } from '../api';

export interface LeadCardData {
  lead: Lead;
  users: User[];
  sources: ReferenceListItem[];
  fields: CustomField[];
  currency: string;
  timeZone: string;
  locale: Locale;
  target: InlineSaveTarget<LeadChanges>;
}

type TextFieldName =
  'firstName' | 'lastName' | 'middleName' | 'position' | 'companyName' | 'address' | 'comment';

/** A text field of the lead: empty input clears it. */
function TextField({
  data,
  field,
  label,
  multiline = false,
  maxLength,
  alwaysEditable = false,
}: {
  data: LeadCardData;
  field: TextFieldName;
  label: string;
  multiline?: boolean;
  maxLength: number;
  alwaysEditable?: boolean;
}) {
  const { t } = useTranslation();
  const { lead } = data;
  const editable = alwaysEditable || lead.statusKind === 'open';
  return (
    <InlineField<string, LeadChanges>
      deal={lead}
      target={data.target}
      label={label}
      display={lead[field]}
      readOnly={!editable}
      readOnlyNote={t('leads.card.readOnlyClosed')}
      initial={() => lead[field] ?? ''}
      errorFields={[field]}
      input={({ value, onChange, label: inputLabel, error }) =>
        multiline ? (
          <Textarea
            label={inputLabel}
            value={value}
            onChange={(event) => onChange(event.currentTarget.value)}
            error={error}
            autosize
            minRows={3}
            maxRows={12}
            maxLength={maxLength}
            autoFocus
          />
        ) : (
          <TextInput
            label={inputLabel}
            value={value}
            onChange={(event) => onChange(event.currentTarget.value)}
            error={error}
            maxLength={maxLength}
            autoFocus
          />
        )
      }
      toChanges={(value) => ({
        changes: { [field]: value.trim() === '' ? null : field === 'comment' ? value : value.trim() },
      })}
    />
  );
}

/** Phones or e-mails as a list of values; the types of values kept stay as they were. */
function ChannelField({
  data,
  kind,
  label,
}: {
  data: LeadCardData;
  kind: 'phones' | 'emails';
  label: string;
}) {
  const { t } = useTranslation();
  const { lead } = data;
  const current: { value: string; type: string }[] = lead[kind];
  const errorFields = [kind, ...Array.from({ length: 20 }, (_, index) => `${kind}.${index}.value`)];
  return (
    <InlineField<string[], LeadChanges>
      deal={lead}
      target={data.target}
      label={label}
      display={current.length === 0 ? null : current.map((item) => item.value).join(', ')}
      readOnly={lead.statusKind !== 'open'}
      readOnlyNote={t('leads.card.readOnlyClosed')}
      initial={() => current.map((item) => item.value)}
      errorFields={errorFields}
      input={({ value, onChange, label: inputLabel, error }) => (
        <TagsInput
          label={inputLabel}
          description={t('leads.card.channelsHint')}
          value={value}
          onChange={onChange}
          error={error}
          clearable
          autoFocus
          splitChars={[',', ';']}
        />
      )}
      toChanges={(values) => ({
        changes: {
          [kind]: values
            .map((value) => value.trim())
            .filter((value) => value !== '')
            .map((value) => {
              const kept = current.find((item) => item.value === value);
              return kept === undefined ? { value } : { value, type: kept.type };
            }),
        },
      })}
    />
  );
}

export function LeadFields({ data }: { data: LeadCardData }) {
  const { t } = useTranslation();
  const problemText = useDraftProblemText();
  const { lead, locale } = data;
  const readOnly = lead.statusKind !== 'open';
  const userName = (id: string) => data.users.find((user) => user.id === id)?.name ?? null;
  const valueContext = {
    locale,
    timeZone: data.timeZone,
    userName,
    yes: t('dealCard.yes'),
    no: t('dealCard.no'),
  };
  const sourceName = data.sources.find((item) => item.id === lead.sourceId)?.name ?? null;
  const responsible = data.users.find((user) => user.id === lead.responsibleUserId)?.name ?? null;
  const closedNote = t('leads.card.readOnlyClosed');

  const select = (
    props: FieldInputProps<string | null>,
    options: { value: string; label: string }[],
    extra: { clearable?: boolean; searchable?: boolean } = {},
  ): ReactNode => (
    <Select
      label={props.label}
      data={options}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      autoFocus
      comboboxProps={{ withinPortal: true }}
      {...extra}
    />
  );

  const text = (
    field: TextFieldName,
    maxLength: number,
    options: { multiline?: boolean; alwaysEditable?: boolean } = {},
  ): CardFieldSpec => {
    const label = t(`leads.fields.${field}`);
    return {
      key: field,
      label,
      node: <TextField data={data} field={field} label={label} maxLength={maxLength} {...options} />,
    };
  };
  const channel = (kind: 'phones' | 'emails'): CardFieldSpec => {
    const label = t(`leads.fields.${kind}`);
    return { key: kind, label, node: <ChannelField data={data} kind={kind} label={label} /> };
  };

  const fields: CardFieldSpec[] = [
    text('lastName', 100),
    text('firstName', 100),
    text('middleName', 100),
    text('position', 200),
    text('companyName', 300),
    channel('phones'),
    channel('emails'),
    {
      key: 'amount',
      label: t('leads.fields.amount'),
      node: (
        <InlineField<{ amount: string; currency: string }, LeadChanges>
          deal={lead}
          target={data.target}
          label={t('leads.fields.amount')}
          display={lead.amount === null ? null : formatMoney(lead.amount, lead.currency, locale)}
          readOnly={readOnly}
          readOnlyNote={closedNote}
          initial={() => ({ amount: (lead.amount ?? '').replace(/\.00$/, ''), currency: lead.currency })}
          errorFields={['amount', 'currency']}
          input={({ value, onChange, label, error }) => (
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                label={label}
                inputMode="decimal"
                value={value.amount}
                onChange={(event) => onChange({ ...value, amount: event.currentTarget.value })}
                error={error}
                autoFocus
                style={{ flex: 1 }}
              />
              <Select
                label={t('dealCard.currency')}
                data={[...new Set([value.currency, ...CURRENCIES])]}
                value={value.currency}
                onChange={(currency) => onChange({ ...value, currency: currency ?? value.currency })}
                allowDeselect={false}
                w={96}
                comboboxProps={{ withinPortal: true }}
              />
            </Group>
          )}
          toChanges={({ amount, currency }) => {
            if (amount.trim() === '') return { changes: { amount: null, currency } };
            const parsed = parseAmount(amount);
            if (parsed === null) return { error: t('leads.invalid.amount') };
            return {
              changes: currency === lead.currency ? { amount: parsed } : { amount: parsed, currency },
            };
          }}
        />
      ),
    },
    {
      key: 'source',
      label: t('leads.fields.source'),
      node: (
        <InlineField<string | null, LeadChanges>
          deal={lead}
          target={data.target}
          label={t('leads.fields.source')}
          display={sourceName}
          readOnly={readOnly}
          readOnlyNote={closedNote}
          initial={() => lead.sourceId}
          errorFields={['sourceId']}
          input={(props) =>
            select(
              props,
              pickable(data.sources, lead.sourceId).map((item) => ({ value: item.id, label: item.name })),
              { clearable: true, searchable: true },
            )
          }
          toChanges={(sourceId) => ({ changes: { sourceId } })}
        />
      ),
    },
    {
      key: 'responsible',
      label: t('leads.fields.responsible'),
      node: (
        <InlineField<string | null, LeadChanges>
          deal={lead}
          target={data.target}
          label={t('leads.fields.responsible')}
          display={responsible}
          readOnly={readOnly}
          readOnlyNote={closedNote}
          initial={() => lead.responsibleUserId}
          errorFields={['responsibleUserId']}
          input={(props) =>
            select(
              props,
              assignableUsers(data.users, [lead.responsibleUserId]).map((user) => ({
                value: user.id,
                label: user.name,
              })),
              { clearable: true, searchable: true },
            )
          }
          toChanges={(responsibleUserId) => ({ changes: { responsibleUserId } })}
        />
      ),
    },
    text('address', 1000, { multiline: true }),
    text('comment', 10_000, { multiline: true, alwaysEditable: true }),
    ...data.fields.map((field) => {
      const path = `customFields.${field.id}`;
      const value = lead.customFields[field.id];
      return {
        key: `cf:${field.id}`,
        label: field.name,
        node: (
          <InlineField<Draft, LeadChanges>
            deal={lead}
            target={data.target}
            label={field.name}
            required={field.required}
            display={customFieldText(field, value, valueContext)}
            initial={() => toDraft(field, value, data.timeZone, data.currency)}
            errorFields={[path]}
            readOnly={readOnly || !isEditable(field)}
            readOnlyNote={readOnly ? closedNote : t('dealCard.readOnlyType')}
            input={(props) => <CustomFieldInput {...props} field={field} users={data.users} />}
            toChanges={(draft) => customFieldChanges(field, draft, data.timeZone, problemText)}
          />
        ),
      };
    }),
  ];

  return (
    <CardSections entity="lead" title={t('leads.card.fields')} titleId="lead-fields-title" fields={fields} />
  );
}
