import { Fragment, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Deal, Pipeline } from '@voronka/contracts';
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
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rowErrors, setRowErrors] = useState<ReadonlyMap<string, string>>(new Map());

  const deals = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const stages = useMemo(
    () =>
      new Map(pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage] as const))),
    [pipelines],
  );
  const allSelected = deals.length > 0 && deals.every((deal) => selected.has(deal.id));
  const someSelected = deals.some((deal) => selected.has(deal.id));

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(deals.map((deal) => deal.id)));

  if (list.isError && list.data === undefined)
    return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data === undefined) return <Skeleton h={320} />;

  const header = (key: ListSort | null, label: string, align?: 'right') => {
    if (key === null) return <Table.Th style={{ whiteSpace: 'nowrap', textAlign: align }}>{label}</Table.Th>;
    const active = sort === key;
    const Icon = !active ? IconSelector : order === 'asc' ? IconArrowUp : IconArrowDown;
    return (
      <Table.Th
        aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
        style={{ whiteSpace: 'nowrap', textAlign: align }}
      >
        <UnstyledButton onClick={() => onSort(key)} fw={700} fz="sm">
          <Group gap={4} wrap="nowrap" justify={align === 'right' ? 'flex-end' : undefined}>
            {label}
            <Icon size={14} aria-hidden color={active ? undefined : 'var(--mantine-color-gray-5)'} />
          </Group>
        </UnstyledButton>
      </Table.Th>
    );
  };

  const ordered = [...selected];
  return (
    <Stack gap="sm">
      <BulkBar
        ids={ordered}
        pipelines={pipelines}
        userNames={userNames}
        onDone={() => {
          setSelected(new Set());
          setRowErrors(new Map());
        }}
        onRowErrors={setRowErrors}
        onClear={() => setSelected(new Set())}
      />
      {deals.length === 0 ? (
        <EmptyState>{hasFilters(filters) ? t('deals.list.emptyFiltered') : t('deals.list.empty')}</EmptyState>
      ) : (
        <Paper withBorder style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
          <Table.ScrollContainer minWidth={1100}>
            <Table
              verticalSpacing="xs"
              horizontalSpacing="sm"
              highlightOnHover
              aria-label={t('deals.list.label')}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('deals.list.selectAll')}
                      checked={allSelected}
                      indeterminate={someSelected && !allSelected}
                      onChange={toggleAll}
                    />
                  </Table.Th>
                  {columns.map((column) => (
                    <Fragment key={column}>
                      {column === 'name' && header('name', t('deals.common.name'))}
                      {column === 'stage' && header(null, t('deals.common.stage'))}
                      {column === 'amount' && header('amount', t('deals.common.amount'), 'right')}
                      {column === 'responsible' && header(null, t('deals.common.responsible'))}
                      {column === 'contact' && header(null, t('deals.common.contact'))}
                      {column === 'company' && header(null, t('deals.common.company'))}
                      {column === 'createdAt' && header('createdAt', t('deals.common.created'))}
                      {column === 'closeDate' && header('closeDate', t('deals.common.closeDate'))}
                    </Fragment>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deals.map((deal) => (
                  <DealRow
                    key={deal.id}
                    deal={deal}
                    columns={columns}
                    selected={selected.has(deal.id)}
                    onToggle={toggle}
                    error={rowErrors.get(deal.id)}
                    stage={stages.get(deal.stageId)}
                    responsible={
                      deal.responsibleUserId === null ? undefined : userNames.get(deal.responsibleUserId)
                    }
                    locale={locale}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="list-shown">
          {t('deals.list.shown', { count: deals.length })}
        </Text>
        {list.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('deals.list.loadMore')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** A calendar date ("2026-12-05") in the user's language, as that day wherever the browser is. */
function formatDay(date: string | null, locale: string): string {
  const match = date === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return '';
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(day);
}

function DealRow({
  deal,
  columns,
  selected,
  onToggle,
  error,
  stage,
  responsible,
  locale,
}: {
  deal: Deal;
  columns: readonly DealColumn[];
  selected: boolean;
  onToggle: (id: string) => void;
  error: string | undefined;
  stage: { name: string; color: string } | undefined;
  responsible: string | undefined;
  locale: string;
}) {
  const { t } = useTranslation();
  const contact = deal.contacts.find((c) => c.isPrimary)?.name;
  return (
    <Table.Tr
      data-testid="deal-row"
      data-deal-id={deal.id}
      bg={selected ? 'var(--mantine-color-indigo-0)' : undefined}
    >
      <Table.Td>
        <Checkbox
          aria-label={t('deals.list.select', { name: deal.name })}
          checked={selected}
          onChange={() => onToggle(deal.id)}
        />
      </Table.Td>
      {columns.map((column) => (
        <Fragment key={column}>
          {column === 'name' && (
            <Table.Td maw={320}>
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
              {error !== undefined && (
                <Text size="xs" c="red" data-testid="row-error">
                  {error}
                </Text>
              )}
            </Table.Td>
          )}
          {column === 'stage' && (
            <Table.Td>
              {stage === undefined ? (
                '—'
              ) : (
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
              )}
            </Table.Td>
          )}
          {column === 'amount' && (
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="row-amount">
              {formatMoney(deal.amount, deal.currency, locale)}
            </Table.Td>
          )}
          {column === 'responsible' && (
            <Table.Td>{responsible ?? <VisuallyHidden>{t('common.none')}</VisuallyHidden>}</Table.Td>
          )}
          {column === 'contact' && <Table.Td>{contact ?? ''}</Table.Td>}
          {column === 'company' && <Table.Td>{deal.companyName ?? ''}</Table.Td>}
          {column === 'createdAt' && (
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(deal.createdAt, locale)}</Table.Td>
          )}
          {column === 'closeDate' && (
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(deal.closeDate, locale)}</Table.Td>
          )}
        </Fragment>
      ))}
    </Table.Tr>
  );
}
