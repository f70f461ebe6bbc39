// What the contact and company cards share: the frame (back link, header, fields on the left; duplicates,
// deals and the timeline on the right), the save target for InlineField, the linked deals and the text of
// values for the merge dialog. A 404 explains a record merged into another.
import { useMemo, useState, type ReactNode } from 'react';
import { Anchor, Badge, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { CardBackLink, CardLoadError, CardLoading } from '../../components/card/CardStates';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CustomField, ReferenceListItem, User } from '@voronka/contracts';
import { QueryError } from '../../components/ui/QueryError';
import { useLocale } from '../../i18n/useLocale';
import { createOwnVersions, OwnVersionsContext } from '../deals/card/api';
import type { InlineSaveTarget } from '../deals/card/InlineField';
import { formatMoney } from '../deals/money';
import { DuplicatesPanel } from '../merge/DuplicatesPanel';
import { MergedAwayNotice } from '../merge/MergedAwayNotice';
import { useAccountSettings, usePipelines, useUsers } from '../settings/api';
import { Timeline } from '../timeline/Timeline';
import { customFieldText } from '../timeline/fieldText';
import {
  ENTITIES,
  useLinkedDeals,
  useRecord,
  useRecordCustomFields,
  useSaveRecord,
  type RecordEntity,
  type RecordOf,
} from './api';
import type { RecordCardContext, RecordChanges } from './RecordFields';

interface RecordCardFrameProps<E extends RecordEntity> {
  entity: E;
  id: string;
  children: (ctx: RecordCardContext & { record: RecordOf<E> }) => ReactNode;
}

/** One card per record id, with its own record of the versions its saves made (see OwnVersions). */
export function RecordCardFrame<E extends RecordEntity>({ entity, id, children }: RecordCardFrameProps<E>) {
  const [own] = useState(createOwnVersions);
  return (
    <OwnVersionsContext.Provider value={own}>
      <RecordCardBody key={id} entity={entity} id={id}>
        {children}
      </RecordCardBody>
    </OwnVersionsContext.Provider>
  );
}

function RecordCardBody<E extends RecordEntity>({ entity, id, children }: RecordCardFrameProps<E>) {
  const { t } = useTranslation();
  const locale = useLocale();
  const record = useRecord(entity, id);
  const users = useUsers();
  const fields = useRecordCustomFields(entity);
  const account = useAccountSettings();
  const save = useSaveRecord(entity, id);
  const section = entity === 'contact' ? 'contacts' : 'companies';

  const target = useMemo(
    (): InlineSaveTarget<RecordChanges> => ({
      queryKey: ENTITIES[entity].card(id),
      save,
      conflictText: t(`${section}.card.conflict`),
      changedRemotelyText: t(`${section}.card.changedRemotely`),
    }),
    [entity, id, save, t, section],
  );

  const back = <CardBackLink to={ENTITIES[entity].section} label={t(`${section}.card.back`)} />;
  if (record.isError)
    return (
      <CardLoadError
        back={back}
        error={record.error}
        onRetry={() => void record.refetch()}
        gone={<MergedAwayNotice entity={entity} id={id} />}
      />
    );
  if (record.data === undefined || users.data === undefined) return <CardLoading back={back} />;

  const ctx = {
    entity,
    record: record.data,
    target,
    users: users.data,
    fields: fields.data ?? [],
    locale,
    timeZone: account.data?.timezone ?? 'Europe/Moscow',
    currency: account.data?.currency ?? 'RUB',
  };
  return (
    <Stack gap="md">
      {back}
      {children(ctx)}
    </Stack>
  );
}

/** The two columns of a card under its header. */
export function CardColumns({
  ctx,
  fields,
  typeItems,
  industryItems = [],
}: {
  ctx: RecordCardContext & { record: { name: string } };
  fields: ReactNode;
  typeItems: readonly ReferenceListItem[];
  industryItems?: readonly ReferenceListItem[];
}) {
  const valueText = useValueText(ctx.users, typeItems, industryItems, ctx);
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>{fields}</Grid.Col>
      <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
        <Stack gap="md">
          <DuplicatesPanel
            entity={ctx.entity}
            record={ctx.record}
            customFields={ctx.fields}
            valueText={valueText}
          />
          <LinkedDeals entity={ctx.entity} id={ctx.record.id} users={ctx.users} />
          <Timeline entity={ctx.entity} entityId={ctx.record.id} recordVersion={ctx.record.version} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function useValueText(
  users: readonly User[],
  typeItems: readonly ReferenceListItem[],
  industryItems: readonly ReferenceListItem[],
  ctx: Pick<RecordCardContext, 'locale' | 'timeZone'>,
) {
  const { t } = useTranslation();
  return (field: string, custom: CustomField | null, value: unknown): string | null => {
    if (value === null || value === undefined || value === '') return null;
    if (custom !== null)
      return customFieldText(custom, value, {
        locale: ctx.locale,
        timeZone: ctx.timeZone,
        userName: (id) => users.find((user) => user.id === id)?.name ?? null,
        yes: t('dealCard.yes'),
        no: t('dealCard.no'),
      });
    if (typeof value !== 'string') return JSON.stringify(value);
    if (field === 'responsibleUserId') return users.find((user) => user.id === value)?.name ?? value;
    if (field === 'typeId') return typeItems.find((item) => item.id === value)?.name ?? value;
    if (field === 'industryId') return industryItems.find((item) => item.id === value)?.name ?? value;
    return value;
  };
}

/** The deals of this contact or company, with their stage and amount. */
function LinkedDeals({ entity, id, users }: { entity: RecordEntity; id: string; users: readonly User[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const deals = useLinkedDeals(entity, id);
  const pipelines = usePipelines();
  const items = deals.data?.pages.flatMap((page) => page.items) ?? [];
  const stage = (stageId: string) =>
    pipelines.data?.flatMap((pipeline) => pipeline.stages).find((candidate) => candidate.id === stageId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`deals-of-${id}`}>
      <Title order={2} size="h5" id={`deals-of-${id}`} mb="sm">
        {t('contacts.card.deals', { count: items.length })}
      </Title>
      {deals.isError ? (
        <QueryError error={deals.error} onRetry={() => void deals.refetch()} />
      ) : deals.data === undefined ? (
        <Skeleton h={40} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('contacts.card.noDeals')}
        </Text>
      ) : (
        <Stack gap={6}>
          {items.map((deal) => {
            const current = stage(deal.stageId);
            return (
              <Group key={deal.id} justify="space-between" wrap="nowrap" gap="sm">
                <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" style={{ minWidth: 0 }}>
                  {deal.name}
                </Anchor>
                <Group gap={6} wrap="nowrap">
                  {current !== undefined && (
                    <Badge variant="light" color="gray" style={{ borderLeft: `3px solid ${current.color}` }}>
                      {current.name}
                    </Badge>
                  )}
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(deal.amount, deal.currency, locale)}
                  </Text>
                  <Text size="xs" c="dimmed" visibleFrom="sm">
                    {users.find((user) => user.id === deal.responsibleUserId)?.name ?? ''}
                  </Text>
                </Group>
              </Group>
            );
          })}
          {deals.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                size="xs"
                onClick={() => void deals.fetchNextPage()}
                loading={deals.isFetchingNextPage}
              >
                {t('contacts.list.loadMore')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Paper>
  );
}
