import { useMemo } from 'react';
import { Box, Group, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Deal, Pipeline } from '@voronka/contracts';
import { ListFooter, ListTable, useRowSelection, type ListColumn } from '../../../components/list';
import { EmptyState } from '../../../components/ui/EmptyState';
import { QueryError } from '../../../components/ui/QueryError';
import { formatDate } from '../../../lib/format';
import { useLocale } from '../../../i18n/useLocale';
import { useDealList } from '../api';
import {
  DEAL_COLUMNS,
  hasFilters,
  type DealColumn,
  type DealFilters,
  type ListSort,
  type SortOrder,
} from '../filters';
import { formatMoney } from '../money';
import { BulkBar } from './BulkBar';

/** The i18n key of each list column's title (the column chooser names them the same way). */
export const DEAL_COLUMN_LABELS = {
  name: 'deals.common.name',
  stage: 'deals.common.stage',
  amount: 'deals.common.amount',
  responsible: 'deals.common.responsible',
  contact: 'deals.common.contact',
  company: 'deals.common.company',
  createdAt: 'deals.common.created',
  closeDate: 'deals.common.closeDate',
} as const satisfies Record<DealColumn, string>;

const COLUMN_SORTS: Partial<Record<DealColumn, ListSort>> = {
  name: 'name',
  amount: 'amount',
  createdAt: 'createdAt',
  closeDate: 'closeDate',
};

/**
 * The deals of a pipeline as a table: the same filters as the kanban, sorting by the column headers
 * (on the server, with keyset pages behind "Load more"), and bulk actions on the rows ticked.
 */
export function DealsList({
  pipelineId,
  pipelines,
  filters,
  sort,
  order,
  onSort,
  userNames,
  columns = DEAL_COLUMNS,
}: {
  pipelineId: string;
  pipelines: readonly Pipeline[];
  filters: DealFilters;
  sort: ListSort;
  order: SortOrder;
  onSort: (sort: ListSort) => void;
  userNames: ReadonlyMap<string, string>;
  /** The visible columns, in order (a saved view's or the column chooser's); default: all. */
  columns?: readonly DealColumn[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useDealList(pipelineId, filters, sort, order);
  const selection = useRowSelection();

  const deals = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const stages = useMemo(
    () =>
      new Map(pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage] as const))),
    [pipelines],
  );

  if (list.isError && list.data === undefined)
    return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data === undefined) return <Skeleton h={320} />;

  const cells: Record<DealColumn, Omit<ListColumn<Deal>, 'key' | 'label' | 'sort'>> = {
    name: {
      cell: (deal) => (
        <Text
          component={Link}
          to={`/deals/${deal.id}`}
          size="sm"
          fw={500}
          c="indigo.8"
          style={{ wordBreak: 'break-word' }}
        >
          {deal.name}
        </Text>
      ),
    },
    stage: {
      cell: (deal) => {
        const stage = stages.get(deal.stageId);
        if (stage === undefined) return '—';
        return (
          <Group gap={6} wrap="nowrap">
            <Box
              w={10}
              h={10}
              style={{ borderRadius: 3, background: stage.color, flexShrink: 0 }}
              aria-hidden
            />
            <Text size="sm" data-testid="row-stage">
              {stage.name}
            </Text>
          </Group>
        );
      },
    },
    amount: {
      align: 'right',
      cell: (deal) => formatMoney(deal.amount, deal.currency, locale),
      cellProps: { 'data-testid': 'row-amount' },
    },
    responsible: {
      cell: (deal) =>
        (deal.responsibleUserId === null ? undefined : userNames.get(deal.responsibleUserId)) ?? (
          <VisuallyHidden>{t('common.none')}</VisuallyHidden>
        ),
    },
    contact: { cell: (deal) => deal.contacts.find((c) => c.isPrimary)?.name ?? '' },
    company: { cell: (deal) => deal.companyName ?? '' },
    createdAt: { cell: (deal) => noWrap(formatDate(deal.createdAt, locale)) },
    closeDate: { cell: (deal) => noWrap(formatDay(deal.closeDate, locale)) },
  };
  const tableColumns: ListColumn<Deal>[] = columns.map((key) => ({
    key,
    label: t(DEAL_COLUMN_LABELS[key]),
    sort: COLUMN_SORTS[key],
    ...cells[key],
  }));

  return (
    <Stack gap="sm">
      <BulkBar
        ids={selection.ids}
        pipelines={pipelines}
        userNames={userNames}
        onDone={() => {
          selection.clear();
          selection.setRowErrors(new Map());
        }}
        onRowErrors={selection.setRowErrors}
        onClear={selection.clear}
      />
      {deals.length === 0 ? (
        <EmptyState>{hasFilters(filters) ? t('deals.list.emptyFiltered') : t('deals.list.empty')}</EmptyState>
      ) : (
        <ListTable
          label={t('deals.list.label')}
          rows={deals}
          columns={tableColumns}
          selection={selection}
          sort={{ sort, order, onSort: (next) => onSort(next as ListSort) }}
          selectAllLabel={t('deals.list.selectAll')}
          selectLabel={(deal) => t('deals.list.select', { name: deal.name })}
          rowProps={(deal) => ({ 'data-testid': 'deal-row', 'data-deal-id': deal.id })}
          minWidth={1100}
          dimmed={list.isPlaceholderData}
          errorColumn="name"
        />
      )}
      <ListFooter
        shownText={t('deals.list.shown', { count: deals.length })}
        loadMoreLabel={t('deals.list.loadMore')}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
    </Stack>
  );
}

const noWrap = (text: string | null) => (
  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
    {text}
  </Text>
);

/** A calendar date ("2026-12-05") in the user's language, as that day wherever the browser is. */
function formatDay(date: string | null, locale: string): string {
  const match = date === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return '';
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(day);
}
