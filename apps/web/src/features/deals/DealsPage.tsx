import { useCallback, useEffect, useMemo } from 'react';
import { Box, Group, Select, Skeleton, Stack, Title } from '@mantine/core';
import { IconCalendar, IconLayoutKanban, IconList } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Deal } from '@voronka/contracts';
import { QueryError } from '../../components/ui/QueryError';
import { queryKeys } from '../../lib/queryKeys';
import { useMe } from '../auth/session';
import { DealsCalendar } from '../calendar/RecordCalendars';
import { usePipelines, useUsers } from '../settings/api';
import { useDealCustomFields } from './api';
import type { Board } from './board/boardModel';
import { KanbanBoard } from './board/KanbanBoard';
import { DealFiltersBar } from './DealFiltersBar';
import {
  apiFilterParams,
  choosePipeline,
  DEAL_COLUMNS,
  dealColumnsOf,
  readColumns,
  REQUIRED_DEAL_COLUMNS,
  viewFilterOf,
  writeView,
  defaultOrder,
  readFilters,
  readSort,
  readView,
  writeFilters,
  type DealFilters,
  type DealsView,
  type ListSort,
} from './filters';
import { DEAL_COLUMN_LABELS, DealsList } from './list/DealsList';
import { keptColumns, visibleColumns } from '../views';
import { chooserColumns, ListModeSwitch, ListViews, useListViews } from '../../components/list';
import { SpreadsheetMenu } from '../spreadsheets/SpreadsheetMenu';
import { useSearchParams } from '../../lib/searchParams';

const storageKey = (accountId: string) => `voronka.deals.pipeline.${accountId}`;

function readStoredPipeline(accountId: string): string | null {
  try {
    return localStorage.getItem(storageKey(accountId));
  } catch {
    return null;
  }
}

const isBoard = (data: unknown): data is Board =>
  typeof data === 'object' && data !== null && 'columns' in data && Array.isArray(data.columns);
const isPages = (data: unknown): data is { pages: { items: Deal[] }[] } =>
  typeof data === 'object' && data !== null && 'pages' in data && Array.isArray(data.pages);

/** Tags seen on the deals loaded anywhere in this section, as suggestions for the tag filter. */
function useTagSuggestions(): string[] {
  const queryClient = useQueryClient();
  const seen = new Map<string, string>();
  for (const [, data] of queryClient.getQueriesData({ queryKey: queryKeys.deals })) {
    const cards: { tags: string[] }[] = isBoard(data)
      ? data.columns.flatMap((column) => column.items)
      : isPages(data)
        ? data.pages.flatMap((page) => page.items)
        : [];
    for (const card of cards)
      for (const tag of card.tags) if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
    if (seen.size > 300) break;
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/** Deals (CORE-9): the kanban of a pipeline or the list, with the same filters kept in the address. */
export function DealsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const users = useUsers();
  const filters = useMemo(() => readFilters(params), [params]);
  // The calendar (features/calendar) is a third view of the same deals and filters.
  const view: DealsView | 'calendar' = params.get('view') === 'calendar' ? 'calendar' : readView(params);
  const dealFields = useDealCustomFields();
  const { sort, order } = readSort(params);
  const tagSuggestions = useTagSuggestions();

  const pipelineId =
    pipelines.data === undefined
      ? null
      : choosePipeline(pipelines.data, params.get('pipeline'), readStoredPipeline(me.account.id));

  useEffect(() => {
    if (pipelineId === null) return;
    try {
      localStorage.setItem(storageKey(me.account.id), pipelineId);
    } catch {
      // Private mode: the choice lasts as long as the address.
    }
  }, [pipelineId, me.account.id]);

  const userNames = useMemo(
    () => new Map((users.data ?? []).map((user) => [user.id, user.name])),
    [users.data],
  );

  const update = useCallback(
    (change: (next: URLSearchParams) => void, replace: boolean) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          change(next);
          return next;
        },
        { replace },
      ),
    [setParams],
  );
  const setFilters = useCallback(
    (next: DealFilters) => setParams((current) => writeFilters(current, next), { replace: true }),
    [setParams],
  );
  const setView = (next: DealsView | 'calendar') =>
    update((p) => {
      if (next === 'list' || next === 'calendar') p.set('view', next);
      else p.delete('view');
    }, false);
  // Saved views (features/views): the chosen one (?savedView=…) and the list's columns (?columns=…).
  const views = useListViews('deals', params, setParams, writeView);
  const columns = dealColumnsOf(
    visibleColumns(DEAL_COLUMNS, readColumns(params) ?? [], REQUIRED_DEAL_COLUMNS),
  );
  const setPipeline = (id: string) => update((p) => p.set('pipeline', id), false);
  const setSort = (next: ListSort) =>
    update((p) => {
      const nextOrder = next === sort ? (order === 'asc' ? 'desc' : 'asc') : defaultOrder(next);
      p.set('sort', next);
      p.set('order', nextOrder);
    }, true);

  const header = (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Group gap="md" wrap="wrap">
        <Title order={1} size="h2">
          {t('nav.deals')}
        </Title>
        {pipelines.data !== undefined && pipelines.data.length > 0 && pipelineId !== null && (
          <Select
            aria-label={t('deals.common.pipeline')}
            data={pipelines.data.map((pipeline) => ({ value: pipeline.id, label: pipeline.name }))}
            value={pipelineId}
            onChange={(value) => {
              if (value !== null) setPipeline(value);
            }}
            allowDeselect={false}
            w={240}
          />
        )}
      </Group>
      <Group gap="sm">
        {view === 'list' && <SpreadsheetMenu entity="deals" pipelineId={pipelineId} />}
        <ListModeSwitch
          label={t('deals.common.view')}
          value={view}
          onChange={setView}
          modes={[
            { value: 'kanban', label: t('deals.common.kanban'), icon: IconLayoutKanban },
            { value: 'list', label: t('deals.common.list'), icon: IconList },
            { value: 'calendar', label: t('calendar.view'), icon: IconCalendar },
          ]}
        />
      </Group>
    </Group>
  );

  const body = () => {
    if (pipelines.isError)
      return <QueryError error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
    if (pipelines.data === undefined || pipelineId === null) return <Skeleton h={400} />;
    if (view === 'kanban')
      return <KanbanBoard pipelineId={pipelineId} filters={filters} userNames={userNames} />;
    if (view === 'calendar')
      return (
        <DealsCalendar
          pipelineId={pipelineId}
          filterParams={apiFilterParams(filters)}
          customFields={dealFields.data ?? []}
        />
      );
    return (
      <DealsList
        pipelineId={pipelineId}
        pipelines={pipelines.data}
        filters={filters}
        sort={sort}
        order={order}
        onSort={setSort}
        userNames={userNames}
        columns={columns}
      />
    );
  };

  return (
    <Stack
      gap="sm"
      // The kanban fills the window below the header; its columns scroll on their own.
      h={
        view === 'kanban'
          ? 'calc(100dvh - var(--app-shell-header-offset, 60px) - 2 * var(--mantine-spacing-lg))'
          : undefined
      }
      mih={view === 'kanban' ? 480 : undefined}
    >
      {header}
      <ListViews
        entity="deals"
        state={{
          filter: viewFilterOf(filters, pipelineId),
          sort: params.has('sort') ? { field: sort, order } : null,
          columns: keptColumns(DEAL_COLUMNS, columns),
          mode: view,
        }}
        views={views}
        columns={
          view === 'list'
            ? chooserColumns(DEAL_COLUMNS, REQUIRED_DEAL_COLUMNS, (key) => t(DEAL_COLUMN_LABELS[key]))
            : undefined
        }
        visibleColumns={columns}
      />
      <DealFiltersBar
        filters={filters}
        onChange={setFilters}
        users={users.data ?? []}
        tagSuggestions={tagSuggestions}
      />
      <Box style={{ flex: 1, minHeight: 0 }}>{body()}</Box>
    </Stack>
  );
}
