// The leads as a table (CORE-9): newest first, keyset pages behind "Load more", the section's filters, and
// actions on the rows ticked — change the status or the responsible, delete. Each lead is changed on its
// own; the ones the server refuses are marked on their rows with its reason.
import { useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconTrash, IconX } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadStatus, ReferenceListItem, User } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { EmptyState } from '../../components/ui/EmptyState';
import { QueryError } from '../../components/ui/QueryError';
import { useLocale } from '../../i18n/useLocale';
import { useErrorText } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../timeline/fieldText';
import { useBulkLeads, useLeadList, type BulkAction } from './api';
import { hasFilters, type LeadFilters } from './filters';
import { StatusBadge } from './StatusBadge';

export function LeadsList({
  filters,
  statuses,
  users,
  sources,
}: {
  filters: LeadFilters;
  statuses: readonly LeadStatus[];
  users: readonly User[];
  sources: readonly ReferenceListItem[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useLeadList(filters);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rowErrors, setRowErrors] = useState<ReadonlyMap<string, string>>(new Map());

  const leads = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const statusById = useMemo(() => new Map(statuses.map((status) => [status.id, status])), [statuses]);
  const userName = (id: string | null) => users.find((user) => user.id === id)?.name ?? '';
  const sourceName = (id: string | null) => sources.find((item) => item.id === id)?.name ?? '';
  const allSelected = leads.length > 0 && leads.every((lead) => selected.has(lead.id));
  const someSelected = leads.some((lead) => selected.has(lead.id));

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (list.isError && list.data === undefined)
    return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data === undefined) return <Skeleton h={320} />;

  return (
    <Stack gap="sm">
      <BulkBar
        leads={leads.filter((lead) => selected.has(lead.id))}
        statuses={statuses}
        users={users}
        onDone={(failed) => {
          setSelected(new Set(failed.keys()));
          setRowErrors(failed);
        }}
        onClear={() => setSelected(new Set())}
      />
      {leads.length === 0 ? (
        <EmptyState>{hasFilters(filters) ? t('leads.list.emptyFiltered') : t('leads.list.empty')}</EmptyState>
      ) : (
        <Paper withBorder style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
          <Table.ScrollContainer minWidth={1000}>
            <Table
              verticalSpacing="xs"
              horizontalSpacing="sm"
              highlightOnHover
              aria-label={t('leads.list.label')}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('leads.list.selectAll')}
                      checked={allSelected}
                      indeterminate={someSelected && !allSelected}
                      onChange={() =>
                        setSelected(allSelected ? new Set() : new Set(leads.map((lead) => lead.id)))
                      }
                    />
                  </Table.Th>
                  <Table.Th>{t('leads.fields.name')}</Table.Th>
                  <Table.Th>{t('leads.fields.status')}</Table.Th>
                  <Table.Th>{t('leads.list.person')}</Table.Th>
                  <Table.Th>{t('leads.fields.companyName')}</Table.Th>
                  <Table.Th ta="right">{t('leads.fields.amount')}</Table.Th>
                  <Table.Th>{t('leads.fields.responsible')}</Table.Th>
                  <Table.Th>{t('leads.fields.source')}</Table.Th>
                  <Table.Th aria-sort="descending">{t('leads.list.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {leads.map((lead) => (
                  <LeadRow
                    key={lead.id}
                    lead={lead}
                    selected={selected.has(lead.id)}
                    onToggle={toggle}
                    error={rowErrors.get(lead.id)}
                    status={statusById.get(lead.statusId)}
                    responsible={userName(lead.responsibleUserId)}
                    source={sourceName(lead.sourceId)}
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
          {t('leads.list.shown', { count: leads.length })}
        </Text>
        {list.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('leads.list.loadMore')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function LeadRow({
  lead,
  selected,
  onToggle,
  error,
  status,
  responsible,
  source,
  locale,
}: {
  lead: Lead;
  selected: boolean;
  onToggle: (id: string) => void;
  error: string | undefined;
  status: LeadStatus | undefined;
  responsible: string;
  source: string;
  locale: string;
}) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-testid="lead-row" bg={selected ? 'var(--mantine-color-indigo-0)' : undefined}>
      <Table.Td>
        <Checkbox
          aria-label={t('leads.list.select', { name: lead.name })}
          checked={selected}
          onChange={() => onToggle(lead.id)}
        />
      </Table.Td>
      <Table.Td maw={300}>
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
        {error !== undefined && (
          <Text size="xs" c="red" data-testid="row-error">
            {error}
          </Text>
        )}
      </Table.Td>
      <Table.Td data-testid="row-status">
        {status === undefined ? '—' : <StatusBadge status={status} />}
      </Table.Td>
      <Table.Td>{lead.personName}</Table.Td>
      <Table.Td>{lead.companyName ?? ''}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {lead.amount === null ? '' : formatMoney(lead.amount, lead.currency, locale)}
      </Table.Td>
      <Table.Td>{responsible}</Table.Td>
      <Table.Td>{source}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(lead.createdAt, locale)}</Table.Td>
    </Table.Tr>
  );
}

function BulkBar({
  leads,
  statuses,
  users,
  onDone,
  onClear,
}: {
  leads: readonly Lead[];
  statuses: readonly LeadStatus[];
  users: readonly User[];
  onDone: (failed: ReadonlyMap<string, string>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const bulk = useBulkLeads();
  const [statusId, setStatusId] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (leads.length === 0) return null;

  const run = async (change: BulkAction, done: (count: number) => string) => {
    setError(null);
    const outcome = await bulk.mutateAsync({ leads, change });
    const failed = new Map([...outcome.failed].map(([id, cause]) => [id, errorText(cause)]));
    if (outcome.done.length > 0) notifications.show({ color: 'teal', message: done(outcome.done.length) });
    if (failed.size > 0) setError(t('leads.list.bulkRefused', { count: failed.size }));
    onDone(failed);
  };

  // Converted is reached by converting a lead, never by changing its status.
  const statusOptions = statuses
    .filter((status) => status.kind !== 'converted')
    .map((status) => ({ value: status.id, label: status.name }));
  const userOptions = users
    .filter((user) => user.active)
    .map((user) => ({ value: user.id, label: user.name }));

  return (
    <Paper withBorder p="sm" bg="indigo.0" role="toolbar" aria-label={t('leads.list.bulkLabel')}>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Group gap={4} mr="sm">
          <Text size="sm" fw={600} data-testid="selected-count">
            {t('leads.list.selected', { count: leads.length })}
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            color="gray"
            leftSection={<IconX size={12} />}
            onClick={onClear}
          >
            {t('leads.list.clearSelection')}
          </Button>
        </Group>
        <Group gap={6} align="flex-end" wrap="nowrap">
          <Select
            size="xs"
            label={t('leads.list.setStatus')}
            data={statusOptions}
            value={statusId}
            onChange={setStatusId}
            w={200}
          />
          <Button
            size="xs"
            disabled={statusId === null}
            loading={bulk.isPending && bulk.variables.change.action === 'status'}
            onClick={() => {
              if (statusId !== null)
                void run({ action: 'status', statusId }, (count) => t('leads.list.statusChanged', { count }));
            }}
          >
            {t('leads.list.apply')}
          </Button>
        </Group>
        <Group gap={6} align="flex-end" wrap="nowrap">
          <Select
            size="xs"
            label={t('leads.list.changeResponsible')}
            data={userOptions}
            value={userId}
            onChange={setUserId}
            searchable
            w={200}
          />
          <Button
            size="xs"
            disabled={userId === null}
            loading={bulk.isPending && bulk.variables.change.action === 'assign'}
            onClick={() => {
              if (userId !== null)
                void run({ action: 'assign', responsibleUserId: userId }, (count) =>
                  t('leads.list.assigned', { count }),
                );
            }}
          >
            {t('leads.list.assign')}
          </Button>
        </Group>
        <ConfirmModal
          title={t('leads.list.deleteTitle')}
          message={t('leads.list.deleteConfirm', { count: leads.length })}
          confirmLabel={t('common.delete')}
          onConfirm={() => run({ action: 'delete' }, (count) => t('leads.list.deleted', { count }))}
          target={(open) => (
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconTrash size={14} />}
              onClick={open}
            >
              {t('leads.list.delete')}
            </Button>
          )}
        />
      </Group>
      {error !== null && (
        <Alert color="red" variant="light" role="alert" mt="sm" p="xs">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
