// The leads as a table (CORE-9): sorted on the server by the column headers, keyset pages behind "Load
// more", the section's filters, the columns chosen, and actions on the rows ticked — change the status or
// the responsible, delete. The server does all or nothing; the leads it refuses are marked on their rows.
import { useMemo, useState } from 'react';
import { Badge, Group, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { BulkLeadsBody, Lead, LeadStatus, ReferenceListItem, User } from '@voronka/contracts';
import {
  BulkBar,
  BulkChoiceAction,
  BulkDeleteAction,
  ListFooter,
  ListTable,
  otherErrorsOf,
  rowErrorsOf,
  useRowSelection,
  type ListColumn,
  type RowSelection,
  type SortOrder,
} from '../../components/list';
import { EmptyState } from '../../components/ui/EmptyState';
import { QueryError } from '../../components/ui/QueryError';
import { useLocale } from '../../i18n/useLocale';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../timeline/fieldText';
import { useBulkLeads, useLeadList } from './api';
import { hasFilters, LEAD_COLUMNS, type LeadColumn, type LeadFilters, type LeadSort } from './filters';
import { StatusBadge } from './StatusBadge';

/** The i18n key of each list column's title (the column chooser names them the same way). */
export const LEAD_COLUMN_LABELS = {
  name: 'leads.fields.name',
  status: 'leads.fields.status',
  person: 'leads.list.person',
  company: 'leads.fields.companyName',
  amount: 'leads.fields.amount',
  responsible: 'leads.fields.responsible',
  source: 'leads.fields.source',
  createdAt: 'leads.list.created',
  updatedAt: 'leads.list.updated',
} as const satisfies Record<LeadColumn, string>;

const COLUMN_SORTS: Partial<Record<LeadColumn, LeadSort>> = {
  name: 'name',
  amount: 'amount',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

export function LeadsList({
  filters,
  sort,
  order,
  onSort,
  columns = LEAD_COLUMNS,
  statuses,
  users,
  sources,
}: {
  filters: LeadFilters;
  sort: LeadSort;
  order: SortOrder;
  onSort: (sort: LeadSort) => void;
  /** The visible columns, in order (a saved view's or the column chooser's); default: all. */
  columns?: readonly LeadColumn[];
  statuses: readonly LeadStatus[];
  users: readonly User[];
  sources: readonly ReferenceListItem[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useLeadList(filters, sort, order);
  const selection = useRowSelection();

  const leads = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const statusById = useMemo(() => new Map(statuses.map((status) => [status.id, status])), [statuses]);
  const userName = (id: string | null) => users.find((user) => user.id === id)?.name ?? '';
  const sourceName = (id: string | null) => sources.find((item) => item.id === id)?.name ?? '';

  if (list.isError && list.data === undefined)
    return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data === undefined) return <Skeleton h={320} />;

  const cells: Record<LeadColumn, Omit<ListColumn<Lead>, 'key' | 'label' | 'sort'>> = {
    name: { cell: (lead) => <LeadName lead={lead} /> },
    status: {
      cell: (lead) => {
        const status = statusById.get(lead.statusId);
        return status === undefined ? '—' : <StatusBadge status={status} />;
      },
      cellProps: { 'data-testid': 'row-status' },
    },
    person: { cell: (lead) => lead.personName },
    company: { cell: (lead) => lead.companyName ?? '' },
    amount: {
      align: 'right',
      cell: (lead) => (lead.amount === null ? '' : formatMoney(lead.amount, lead.currency, locale)),
    },
    responsible: {
      cell: (lead) => userName(lead.responsibleUserId),
      cellProps: { 'data-testid': 'row-responsible' },
    },
    source: { cell: (lead) => sourceName(lead.sourceId) },
    createdAt: { cell: (lead) => noWrap(formatDate(lead.createdAt, locale)) },
    updatedAt: { cell: (lead) => noWrap(formatDate(lead.updatedAt, locale)) },
  };
  const tableColumns: ListColumn<Lead>[] = columns.map((key) => ({
    key,
    label: t(LEAD_COLUMN_LABELS[key]),
    sort: COLUMN_SORTS[key],
    ...cells[key],
  }));

  return (
    <Stack gap="sm">
      <LeadsBulkBar
        selection={selection}
        count={leads.filter((lead) => selection.selected.has(lead.id)).length}
        statuses={statuses}
        users={users}
      />
      {leads.length === 0 ? (
        <EmptyState>{hasFilters(filters) ? t('leads.list.emptyFiltered') : t('leads.list.empty')}</EmptyState>
      ) : (
        <ListTable
          label={t('leads.list.label')}
          rows={leads}
          columns={tableColumns}
          selection={selection}
          sort={{ sort, order, onSort: (next) => onSort(next as LeadSort) }}
          selectAllLabel={t('leads.list.selectAll')}
          selectLabel={(lead) => t('leads.list.select', { name: lead.name })}
          rowProps={(lead) => ({ 'data-testid': 'lead-row', 'data-lead-id': lead.id })}
          dimmed={list.isPlaceholderData}
        />
      )}
      <ListFooter
        shownText={t('leads.list.shown', { count: leads.length })}
        loadMoreLabel={t('leads.list.loadMore')}
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

function LeadName({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap">
      <Text
        component={Link}
        to={`/leads/${lead.id}`}
        size="sm"
        fw={500}
        c="indigo.8"
        style={{ wordBreak: 'break-word' }}
      >
        {lead.name}
      </Text>
      {lead.repeat && (
        <Badge size="xs" variant="light" color="grape">
          {t('leads.card.repeat')}
        </Badge>
      )}
      {lead.noTaskPlanned && (
        <IconAlertTriangle
          size={14}
          color="var(--mantine-color-orange-6)"
          aria-label={t('leads.card.noTaskPlanned')}
        />
      )}
    </Group>
  );
}

function LeadsBulkBar({
  selection,
  count,
  statuses,
  users,
}: {
  selection: RowSelection;
  /** The ticked leads among those shown. */
  count: number;
  statuses: readonly LeadStatus[];
  users: readonly User[];
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const bulk = useBulkLeads();
  const [error, setError] = useState<string | null>(null);

  const run = async (body: BulkLeadsBody, done: (count: number) => string) => {
    setError(null);
    try {
      const result = await bulk.mutateAsync(body);
      notifications.show({ color: 'teal', message: done(result.count) });
      selection.clear();
      selection.setRowErrors(new Map());
    } catch (cause) {
      const problems = isApiError(cause) ? cause.fields : {};
      const rows = rowErrorsOf(body.ids, problems);
      selection.setRowErrors(rows);
      if (rows.size > 0) selection.keep(rows.keys());
      setError(
        rows.size > 0
          ? t('leads.list.bulkNothingChanged', { count: rows.size })
          : [errorText(cause), ...otherErrorsOf(problems)].join(' '),
      );
      throw cause;
    }
  };

  // Converted is reached by converting a lead, never by changing its status.
  const statusOptions = statuses
    .filter((status) => status.kind !== 'converted')
    .map((status) => ({ value: status.id, label: status.name }));
  const userOptions = users
    .filter((user) => user.active)
    .map((user) => ({ value: user.id, label: user.name }));
  const ids = selection.ids;

  return (
    <BulkBar
      count={count}
      label={t('leads.list.bulkLabel')}
      selectedText={t('leads.list.selected', { count })}
      onClear={selection.clear}
      error={error}
    >
      <BulkChoiceAction
        label={t('leads.list.setStatus')}
        data={statusOptions}
        buttonLabel={t('leads.list.apply')}
        loading={bulk.isPending && bulk.variables.action === 'status'}
        onApply={(statusId) =>
          void run({ action: 'status', ids, statusId }, (n) =>
            t('leads.list.statusChanged', { count: n }),
          ).catch(() => undefined)
        }
      />
      <BulkChoiceAction
        label={t('leads.list.changeResponsible')}
        data={userOptions}
        buttonLabel={t('leads.list.assign')}
        loading={bulk.isPending && bulk.variables.action === 'assign'}
        onApply={(responsibleUserId) =>
          void run({ action: 'assign', ids, responsibleUserId }, (n) =>
            t('leads.list.assigned', { count: n }),
          ).catch(() => undefined)
        }
      />
      <BulkDeleteAction
        title={t('leads.list.deleteTitle')}
        message={t('leads.list.deleteConfirm', { count })}
        buttonLabel={t('leads.list.delete')}
        onConfirm={() => run({ action: 'delete', ids }, (n) => t('leads.list.deleted', { count: n }))}
      />
    </BulkBar>
  );
}
