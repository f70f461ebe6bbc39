// Fields of the contact and company cards, each edited in place with the deal card's InlineField (draft
// kept through a refused save, 409 and live changes): text fields, a reference-list item, the responsible,
// the typed channels, links to the other side and custom fields.
import { useRef, type ReactNode } from 'react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CustomField, Locale, ReferenceListItem, User } from '@voronka/contracts';
import { assignableUsers, pickable } from '../deals/card/cardData';
import { CustomFieldInput, useDraftProblemText } from '../deals/card/CustomFieldInput';
import { customFieldChanges, isEditable, toDraft, type Draft } from '../deals/card/customFieldDraft';
import { InlineField, type InlineSaveTarget } from '../deals/card/InlineField';
import { RecordSelect } from '../deals/card/RecordSelect';
import { searchCompanies, searchContacts } from '../deals/card/api';
import { customFieldText } from '../timeline/fieldText';
import { ENTITIES, type RecordEntity } from './api';
import {
  channelErrorPaths,
  channelsBody,
  channelsDraftOf,
  sameChannels,
  type ChannelKind,
  type ChannelsDraft,
} from './channels';
import { ChannelsInput } from './ChannelsInput';
import { ChannelsView } from './ChannelsView';
import { useRecordReason } from './reasons';

export type RecordChanges = Record<string, unknown>;

/** What every field of a card reads: the record, how to save it, users, custom fields, formats. */
export interface RecordCardContext {
  entity: RecordEntity;
  record: {
    id: string;
    version: number;
    responsibleUserId: string | null;
    customFields: Record<string, unknown>;
  } & ChannelsDraftSource;
  target: InlineSaveTarget<RecordChanges>;
  users: User[];
  fields: CustomField[];
  locale: Locale;
  timeZone: string;
  currency: string;
}

type ChannelsDraftSource = Parameters<typeof channelsDraftOf>[0];

export function TextField({
  ctx,
  name,
  label,
  value,
  multiline = false,
  maxLength,
  required = false,
  display,
}: {
  ctx: RecordCardContext;
  name: string;
  label: string;
  value: string | null;
  multiline?: boolean;
  maxLength: number;
  required?: boolean;
  display?: ReactNode;
}) {
  const { t } = useTranslation();
  const reason = useRecordReason();
  return (
    <InlineField<string, RecordChanges>
      deal={ctx.record}
      target={ctx.target}
      label={label}
      display={display ?? value}
      initial={() => value ?? ''}
      errorFields={[name]}
      describeReason={reason}
      input={({ value: draft, onChange, label: inputLabel, error }) =>
        multiline ? (
          <Textarea
            label={inputLabel}
            value={draft}
            onChange={(event) => onChange(event.currentTarget.value)}
            error={error}
            autosize
            minRows={2}
            maxRows={10}
            maxLength={maxLength}
            autoFocus
          />
        ) : (
          <TextInput
            label={inputLabel}
            value={draft}
            onChange={(event) => onChange(event.currentTarget.value)}
            error={error}
            maxLength={maxLength}
            autoFocus
          />
        )
      }
      toChanges={(draft) => {
        const text = multiline ? draft : draft.trim();
        if (required && text.trim() === '') return { error: t('contacts.reason.required') };
        return { changes: { [name]: text.trim() === '' ? null : text } };
      }}
    />
  );
}

export function ReferenceField({
  ctx,
  name,
  label,
  value,
  items,
}: {
  ctx: RecordCardContext;
  name: 'typeId' | 'industryId';
  label: string;
  value: string | null;
  items: readonly ReferenceListItem[];
}) {
  const reason = useRecordReason();
  return (
    <InlineField<string | null, RecordChanges>
      deal={ctx.record}
      target={ctx.target}
      label={label}
      display={items.find((item) => item.id === value)?.name ?? null}
      initial={() => value}
      errorFields={[name]}
      describeReason={reason}
      input={({ value: draft, onChange, label: inputLabel, error }) => (
        <Select
          label={inputLabel}
          data={pickable(items, value).map((item) => ({ value: item.id, label: item.name }))}
          value={draft}
          onChange={onChange}
          error={error}
          clearable
          searchable
          autoFocus
          comboboxProps={{ withinPortal: true }}
        />
      )}
      toChanges={(draft) => ({ changes: { [name]: draft } })}
    />
  );
}

export function ResponsibleField({ ctx, label }: { ctx: RecordCardContext; label: string }) {
  const reason = useRecordReason();
  const current = ctx.record.responsibleUserId;
  return (
    <InlineField<string | null, RecordChanges>
      deal={ctx.record}
      target={ctx.target}
      label={label}
      display={ctx.users.find((user) => user.id === current)?.name ?? null}
      initial={() => current}
      errorFields={['responsibleUserId']}
      describeReason={reason}
      input={({ value, onChange, label: inputLabel, error }) => (
        <Select
          label={inputLabel}
          data={assignableUsers(ctx.users, [current]).map((user) => ({ value: user.id, label: user.name }))}
          value={value}
          onChange={onChange}
          error={error}
          searchable
          clearable
          autoFocus
          comboboxProps={{ withinPortal: true }}
        />
      )}
      toChanges={(responsibleUserId) => ({ changes: { responsibleUserId } })}
    />
  );
}

/** One kind of channel (phones, e-mails…), all its rows saved at once. */
export function ChannelField({ ctx, kind }: { ctx: RecordCardContext; kind: ChannelKind }) {
  const { t } = useTranslation();
  const reason = useRecordReason();
  // The rows sent by the last save, so the server's `phones.<n>` names the row on screen.
  const sentRows = useRef<number[]>([]);
  const stored = channelsDraftOf(ctx.record);
  return (
    <InlineField<ChannelsDraft, RecordChanges>
      deal={ctx.record}
      target={ctx.target}
      label={t(`contacts.channels.${kind}`)}
      display={stored[kind].length === 0 ? null : <ChannelsView record={ctx.record} kinds={[kind]} />}
      initial={() => {
        const draft = channelsDraftOf(ctx.record);
        if (draft[kind].length > 0) return draft;
        const row =
          kind === 'phones'
            ? { value: '', type: 'mobile' }
            : kind === 'emails'
              ? { value: '', type: 'work' }
              : kind === 'messengers'
                ? { value: '', service: 'telegram' }
                : { value: '' };
        return { ...draft, [kind]: [row] };
      }}
      errorFields={channelErrorPaths([kind])}
      describeReason={(path, text) => {
        const match = /^(\w+)\.(\d+)(.*)$/.exec(path);
        const shown = match === null ? undefined : sentRows.current[Number(match[2])];
        return reason(shown === undefined || match === null ? path : `${match[1]}.${shown}${match[3]}`, text);
      }}
      input={({ value, onChange, error }) => (
        <Stack gap={4}>
          <ChannelsInput value={value} onChange={onChange} kinds={[kind]} autoFocus />
          {error && (
            <Text size="xs" c="red" role="alert">
              {error}
            </Text>
          )}
        </Stack>
      )}
      toChanges={(draft) => {
        if (sameChannels(draft, stored)) return { changes: {} };
        const { body, rows } = channelsBody(draft);
        sentRows.current = rows[kind];
        return { changes: { [kind]: body[kind] } };
      }}
    />
  );
}

export interface LinkedOption {
  id: string;
  name: string;
}

/** The records on the other side of the links (a contact's companies, a company's people). */
export function LinksField({
  ctx,
  label,
  linked,
}: {
  ctx: RecordCardContext;
  label: string;
  linked: readonly LinkedOption[];
}) {
  const { t } = useTranslation();
  const reason = useRecordReason();
  const other: RecordEntity = ctx.entity === 'contact' ? 'company' : 'contact';
  const name = ctx.entity === 'contact' ? 'companyIds' : 'contactIds';
  return (
    <InlineField<LinkedOption[], RecordChanges>
      deal={ctx.record}
      target={ctx.target}
      label={label}
      display={
        linked.length === 0 ? null : (
          <Stack gap={2}>
            {linked.map((item) => (
              <Anchor key={item.id} component={Link} to={`${ENTITIES[other].section}/${item.id}`} size="sm">
                {item.name}
              </Anchor>
            ))}
          </Stack>
        )
      }
      initial={() => [...linked]}
      errorFields={[name]}
      describeReason={reason}
      input={({ value, onChange, label: inputLabel, error }) => (
        <Stack gap="xs">
          {value.map((item) => (
            <Group key={item.id} justify="space-between" wrap="nowrap">
              <Text size="sm">{item.name}</Text>
              <Tooltip label={t('contacts.card.unlink', { name: item.name })}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t('contacts.card.unlink', { name: item.name })}
                  onClick={() => onChange(value.filter((candidate) => candidate.id !== item.id))}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
          <RecordSelect<{ id: string; name: string }>
            kind={other}
            label={value.length === 0 ? inputLabel : t('contacts.card.addLink')}
            value={null}
            exclude={value.map((item) => item.id)}
            onChange={(option) => {
              if (option !== null) onChange([...value, { id: option.value, name: option.label }]);
            }}
            search={other === 'company' ? searchCompanies : searchContacts}
            toOption={(record) => ({ value: record.id, label: record.name })}
            error={error}
            clearable={false}
            resetOnSelect
            autoFocus
          />
        </Stack>
      )}
      toChanges={(value) => ({ changes: { [name]: value.map((item) => item.id) } })}
    />
  );
}

export function CustomFieldRow({ ctx, field }: { ctx: RecordCardContext; field: CustomField }) {
  const { t } = useTranslation();
  const problemText = useDraftProblemText();
  const reason = useRecordReason();
  const path = `customFields.${field.id}`;
  const value = ctx.record.customFields[field.id];
  const valueContext = {
    locale: ctx.locale,
    timeZone: ctx.timeZone,
    userName: (id: string) => ctx.users.find((user) => user.id === id)?.name ?? null,
    yes: t('dealCard.yes'),
    no: t('dealCard.no'),
  };
  return (
    <InlineField<Draft, RecordChanges>
      deal={ctx.record}
      target={ctx.target}
      label={field.name}
      required={field.required}
      display={customFieldText(field, value, valueContext)}
      initial={() => toDraft(field, value, ctx.timeZone, ctx.currency)}
      errorFields={[path]}
      describeReason={reason}
      readOnly={!isEditable(field)}
      readOnlyNote={t('dealCard.readOnlyType')}
      input={(props) => <CustomFieldInput {...props} field={field} users={ctx.users} />}
      toChanges={(draft) => customFieldChanges(field, draft, ctx.timeZone, problemText)}
    />
  );
}

/** Why a record is suggested as a duplicate, as badges. */
export function ReasonBadges({ reasons }: { reasons: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {reasons.map((reason) => (
        <Badge key={reason} size="xs" variant="light" color="orange">
          {t(`merge.reason.${reason as 'phone'}`)}
        </Badge>
      ))}
    </Group>
  );
}
