// The page of a contact or company card: the name as the page heading, then the fields — the entity's own
// leading field, the links to the other side, the channels, reference-list items, the responsible, address,
// comment and custom fields, placed in sections by the account's card layout (CardSections) — beside the
// duplicates, deals and timeline (CardColumns). Each entity's page only says which fields it has.
import type { ComponentType, ReactNode } from 'react';
import { Paper, Stack } from '@mantine/core';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReferenceListItem } from '@voronka/contracts';
import { CardSections, type CardFieldSpec } from '../cardLayout/CardSections';
import { InlineField } from '../deals/card/InlineField';
import { useLinkedRecords, type RecordEntity, type RecordOf } from './api';
import type { ChannelKind } from './channels';
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

export type RecordCardProps<E extends RecordEntity> = { ctx: RecordCardContext & { record: RecordOf<E> } };

/** The card of the record named by the route's `:id`, drawn by `Card`. */
export function RecordCardPage<E extends RecordEntity>({
  entity,
  Card,
}: {
  entity: E;
  Card: ComponentType<RecordCardProps<E>>;
}) {
  const { id = '' } = useParams();
  return (
    <RecordCardFrame entity={entity} id={id}>
      {(ctx) => <Card ctx={ctx} />}
    </RecordCardFrame>
  );
}

const SECTIONS = { contact: 'contacts', company: 'companies' } as const;

/** A field of the record: its name in the API, its label and its value. */
interface FieldSpec<N extends string> {
  name: N;
  label: string;
  value: string | null;
}

/** The card under the back link: heading, fields and the right column. */
export function RecordCardLayout({
  ctx,
  heading,
  leading,
  links,
  channels,
  references,
}: {
  ctx: RecordCardContext & { record: { name: string; address: string | null; comment: string | null } };
  /** The name, edited in place (RecordNameField). */
  heading: ReactNode;
  /** The entity's own text field at the top of the list. */
  leading: FieldSpec<string> & { maxLength: number };
  /** The records on the other side of the links and the field's label. */
  links: { label: string; ids: readonly string[] };
  channels: readonly ChannelKind[];
  references: readonly (FieldSpec<'typeId' | 'industryId'> & { items: readonly ReferenceListItem[] })[];
}) {
  const { t } = useTranslation();
  const section = SECTIONS[ctx.entity];
  const record = ctx.record;
  const linked = useLinkedRecords(ctx.entity, record.id);
  const linkedOptions = links.ids.map((id) => ({
    id,
    name: linked.data?.find((other) => other.id === id)?.name ?? '…',
  }));
  const titleId = `${ctx.entity}-fields-title`;
  const itemsOf = (name: 'typeId' | 'industryId') =>
    references.find((reference) => reference.name === name)?.items ?? [];

  const specs: CardFieldSpec[] = [
    { key: leading.name, label: leading.label, node: <TextField ctx={ctx} {...leading} /> },
    {
      key: ctx.entity === 'contact' ? 'companies' : 'contacts',
      label: links.label,
      node: <LinksField ctx={ctx} label={links.label} linked={linkedOptions} />,
    },
    ...channels.map((kind) => ({
      key: kind,
      label: t(`contacts.channels.${kind}`),
      node: <ChannelField ctx={ctx} kind={kind} />,
    })),
    ...references.map((reference) => ({
      key: reference.name === 'typeId' ? 'type' : 'industry',
      label: reference.label,
      node: <ReferenceField ctx={ctx} {...reference} />,
    })),
    {
      key: 'responsible',
      label: t(`${section}.fields.responsible`),
      node: <ResponsibleField ctx={ctx} label={t(`${section}.fields.responsible`)} />,
    },
    {
      key: 'address',
      label: t(`${section}.fields.address`),
      node: (
        <TextField
          ctx={ctx}
          name="address"
          label={t(`${section}.fields.address`)}
          value={record.address}
          maxLength={1000}
          multiline
        />
      ),
    },
    {
      key: 'comment',
      label: t(`${section}.fields.comment`),
      node: (
        <TextField
          ctx={ctx}
          name="comment"
          label={t(`${section}.fields.comment`)}
          value={record.comment}
          maxLength={10_000}
          multiline
        />
      ),
    },
    ...ctx.fields.map((field) => ({
      key: `cf:${field.id}`,
      label: field.name,
      node: <CustomFieldRow ctx={ctx} field={field} />,
    })),
  ];
  const fields = (
    <CardSections entity={ctx.entity} title={t(`${section}.card.fields`)} titleId={titleId} fields={specs} />
  );

  return (
    <Stack gap="md" component="article" aria-label={t(`${section}.card.title`, { name: record.name })}>
      <Paper withBorder p="md">
        {heading}
      </Paper>
      <CardColumns
        ctx={ctx}
        fields={fields}
        typeItems={itemsOf('typeId')}
        industryItems={itemsOf('industryId')}
      />
    </Stack>
  );
}

/** The record's name as the page heading, edited in place with the draft and rules the entity gives. */
export function RecordNameField<D>({
  ctx,
  label,
  initial,
  errorFields,
  input,
  toChanges,
}: { ctx: RecordCardContext & { record: { name: string } } } & Pick<
  Parameters<typeof InlineField<D, RecordChanges>>[0],
  'label' | 'initial' | 'errorFields' | 'input' | 'toChanges'
>) {
  const reason = useRecordReason();
  return (
    <InlineField<D, RecordChanges>
      deal={ctx.record}
      target={ctx.target}
      label={label}
      displayOrder="title"
      display={
        <h1 style={{ margin: 0, fontSize: 26, lineHeight: 1.25, overflowWrap: 'anywhere' }}>
          {ctx.record.name}
        </h1>
      }
      initial={initial}
      errorFields={errorFields}
      describeReason={reason}
      input={input}
      toChanges={toChanges}
    />
  );
}
