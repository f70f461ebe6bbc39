// Leads (CORE-2, CORE-9): requests not yet deals, as a list or on a calendar, with the same filters kept
// in the address, and saved views of the list's filters, sort and columns. When the account works without
// leads the page says so and links to the setting; the leads made before stay readable.
import { useCallback, useMemo, useState } from 'react';
import { Alert, Anchor, Button, Group, Skeleton, Stack, Title } from '@mantine/core';
import { IconCalendar, IconList, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  chooserColumns,
  ListModeSwitch,
  ListViews,
  nextSort,
  readColumns,
  useListViews,
  viewSortOf,
} from '../../components/list';
import { QueryError } from '../../components/ui/QueryError';
import { LeadsCalendar } from '../calendar/RecordCalendars';
import { useReferenceItems } from '../deals/card/api';
import { useAccountSettings, useUsers } from '../settings/api';
import { useLeadCustomFields, useLeadStatuses } from './api';
import { keptColumns, visibleColumns } from '../views';
import {
  apiFilterParams,
  defaultLeadOrder,
  LEAD_COLUMNS,
  leadColumnsOf,
  readFilters,
  readSort,
  readView,
  REQUIRED_LEAD_COLUMNS,
  viewFilterOf,
  writeFilters,
  writeView,
  type LeadFilters,
  type LeadSort,
} from './filters';
import { LeadFiltersBar } from './LeadFiltersBar';
import { LEAD_COLUMN_LABELS, LeadsList } from './LeadsList';
import { NewLeadDialog } from './NewLeadDialog';
import { SpreadsheetMenu } from '../spreadsheets/SpreadsheetMenu';
import { useSearchParams } from '../../lib/searchParams';

export function LeadsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const account = useAccountSettings();
  const statuses = useLeadStatuses();
  const users = useUsers();
  const sources = useReferenceItems('sources');
  const fields = useLeadCustomFields();
  const [creating, setCreating] = useState(false);
  const filters = useMemo(() => readFilters(params), [params]);
  const view = readView(params);
  const { sort, order } = readSort(params);
  // Saved views (features/views): the chosen one (?savedView=…) and the list's columns (?columns=…).
  const views = useListViews('leads', params, setParams, writeView);
  const columns = leadColumnsOf(
    visibleColumns(LEAD_COLUMNS, readColumns(params) ?? [], REQUIRED_LEAD_COLUMNS),
  );
  const setSort = (clicked: LeadSort) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        const chosen = nextSort({ sort, order }, clicked, defaultLeadOrder);
        next.set('sort', chosen.sort);
        next.set('order', chosen.order);
        return next;
      },
      { replace: true },
    );

  const setFilters = useCallback(
    (next: LeadFilters) => setParams((current) => writeFilters(current, next), { replace: true }),
    [setParams],
  );
  const setView = (next: string) =>
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next === 'calendar') updated.set('view', 'calendar');
      else updated.delete('view');
      return updated;
    });

  const enabled = account.data?.leadsEnabled ?? true;

  const body = () => {
    if (statuses.isError)
      return <QueryError error={statuses.error} onRetry={() => void statuses.refetch()} />;
    if (statuses.data === undefined) return <Skeleton h={320} />;
    if (view === 'calendar') {
      // The calendar chooses its own period: the creation range filter does not apply there.
      const calendarFilters = { ...filters, createdFrom: '', createdTo: '' };
      return (
        <LeadsCalendar
          filterParams={apiFilterParams(calendarFilters)}
          customFields={fields.data ?? []}
          statuses={statuses.data}
        />
      );
    }
    return (
      <LeadsList
        filters={filters}
        sort={sort}
        order={order}
        onSort={setSort}
        columns={columns}
        statuses={statuses.data}
        users={users.data ?? []}
        sources={sources.data ?? []}
      />
    );
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t('nav.leads')}
        </Title>
        <Group gap="sm">
          <ListModeSwitch
            label={t('leads.view')}
            value={view}
            onChange={setView}
            modes={[
              { value: 'list', label: t('leads.list.view'), icon: IconList },
              { value: 'calendar', label: t('calendar.view'), icon: IconCalendar },
            ]}
          />
          {view === 'list' && <SpreadsheetMenu entity="leads" />}
          {enabled && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('leads.create.button')}
            </Button>
          )}
        </Group>
      </Group>
      {!enabled && (
        <Alert color="orange" variant="light" title={t('leads.disabled.title')}>
          {t('leads.disabled.text')}{' '}
          <Anchor component={Link} to="/settings/lead-statuses">
            {t('leads.disabled.settingsLink')}
          </Anchor>
        </Alert>
      )}
      <ListViews
        entity="leads"
        state={{
          filter: viewFilterOf(filters),
          sort: viewSortOf(params, sort, order),
          columns: keptColumns(LEAD_COLUMNS, columns),
          mode: null,
        }}
        views={views}
        columns={
          view === 'list'
            ? chooserColumns(LEAD_COLUMNS, REQUIRED_LEAD_COLUMNS, (key) => t(LEAD_COLUMN_LABELS[key]))
            : undefined
        }
        visibleColumns={columns}
      />
      <LeadFiltersBar
        filters={filters}
        onChange={setFilters}
        statuses={statuses.data ?? []}
        users={users.data ?? []}
        sources={sources.data ?? []}
        withPeriod={view === 'list'}
      />
      {body()}
      <NewLeadDialog
        opened={creating}
        onClose={() => setCreating(false)}
        statuses={statuses.data ?? []}
        users={users.data ?? []}
        sources={sources.data ?? []}
      />
    </Stack>
  );
}
