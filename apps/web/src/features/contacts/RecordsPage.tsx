// The contact and company lists (CORE-4, CORE-9): search, filters and sort in the address, keyset pages
// behind "Load more", the custom fields marked "show in list" as columns, the column chooser and saved
// views, bulk responsible / delete, and "New contact" / "New company". Realtime events refresh the pages
// loaded.
import { useCallback, useMemo } from 'react';
import { Button, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  customFieldRegistry,
  type Company,
  type Contact,
  type CustomField,
  type ReferenceListItem,
  type User,
} from '@voronka/contracts';
import {
  ListFooter,
  ListTable,
  ListViews,
  readColumns,
  useListViews,
  useRowSelection,
  viewSortOf,
  type ListColumn,
} from '../../components/list';
import { EmptyState } from '../../components/ui/EmptyState';
import { QueryError } from '../../components/ui/QueryError';
import { useDialog } from '../../components/ui/useDialog';
import { useLocale } from '../../i18n/useLocale';
import { formatDate } from '../../lib/format';
import { useReferenceItems } from '../deals/card/api';
import { useAccountSettings, useUsers } from '../settings/api';
import { customFieldText } from '../timeline/fieldText';
import { keptColumns, visibleColumns } from '../views';
import { NewCompanyDialog } from '../companies/NewCompanyDialog';
import { SpreadsheetMenu } from '../spreadsheets/SpreadsheetMenu';
import { ENTITIES, useRecordCustomFields, useRecordList, type RecordEntity } from './api';
import {
  hasFilters,
  nextSort,
  readFilters,
  readSort,
  viewFilterOf,
  writeFilters,
  writeView,
  type RecordFilters,
  type RecordSort,
} from './filters';
import { NewContactDialog } from './NewContactDialog';
import { RecordBulkBar, type BulkOutcome } from './RecordBulkBar';
import { RecordFiltersBar } from './RecordFiltersBar';
import { useSearchParams } from '../../lib/searchParams';

type Row = Contact | Company;
type Column = ListColumn<Row> & { sort?: RecordSort | undefined };

/** The column that opens the record, always shown. */
const REQUIRED_COLUMNS = ['name'];

export function RecordsPage({ entity }: { entity: RecordEntity }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const section = entity === 'contact' ? 'contacts' : 'companies';
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const { sort, order } = readSort(params);
  const users = useUsers();
  const account = useAccountSettings();
  const fields = useRecordCustomFields(entity);
  const types = useReferenceItems(entity === 'contact' ? 'contact_types' : 'company_types');
  const industries = useReferenceItems('industries');
  const list = useRecordList(entity, filters, fields.data ?? [], sort, order, fields.data !== undefined);
  const dialog = useDialog();
  const selection = useRowSelection();
  // Saved views (features/views): the chosen one (?savedView=…) and the columns (?columns=…).
  const views = useListViews(section, params, setParams, writeView);

  const setFilters = useCallback(
    (next: RecordFilters) => setParams((current) => writeFilters(current, next), { replace: true }),
    [setParams],
  );
  const onSort = (clicked: RecordSort) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        const chosen = nextSort({ sort, order }, clicked);
        next.set('sort', chosen.sort);
        next.set('order', chosen.order);
        return next;
      },
      { replace: true },
    );

  const records: Row[] = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const chosen = records.filter((record) => selection.selected.has(record.id));

  const userName = (id: string | null) => users.data?.find((user) => user.id === id)?.name ?? '';
  const itemName = (items: readonly ReferenceListItem[] | undefined, id: string | null) =>
    items?.find((item) => item.id === id)?.name ?? '';
  const allColumns = recordColumns(entity, t, {
    locale,
    userName,
    typeName: (id) => itemName(types.data, id),
    industryName: (id) => itemName(industries.data, id),
    listFields: (fields.data ?? []).filter((field) => field.showInList),
    users: users.data ?? [],
    timeZone: account.data?.timezone,
  });

  const allKeys = allColumns.map((column) => column.key);
  const shown = visibleColumns(allKeys, readColumns(params) ?? [], REQUIRED_COLUMNS);
  const columns = shown.flatMap((key) => allColumns.filter((column) => column.key === key));

  const onOutcome = (outcome: BulkOutcome) => {
    selection.setRowErrors(outcome.failed);
    selection.keep(outcome.failed.keys());
  };

  const body = () => {
    if (list.isError && list.data === undefined)
      return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
    if (list.data === undefined) return <Skeleton h={320} />;
    if (records.length === 0)
      return (
        <EmptyState>
          {hasFilters(filters) ? t(`${section}.list.emptyFiltered`) : t(`${section}.list.empty`)}
        </EmptyState>
      );
    return (
      <ListTable
        label={t(`${section}.list.label`)}
        rows={records}
        columns={columns}
        selection={selection}
        sort={{ sort, order, onSort: (clicked) => onSort(clicked as RecordSort) }}
        selectAllLabel={t('contacts.list.selectAll')}
        selectLabel={(record) => t('contacts.list.select', { name: record.name })}
        rowProps={() => ({ 'data-testid': 'record-row' })}
        minWidth={960}
        dimmed={list.isPlaceholderData}
      />
    );
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t(`nav.${section}`)}
        </Title>
        <Group gap="sm">
          <SpreadsheetMenu entity={section} />
          <Button leftSection={<IconPlus size={16} />} onClick={() => dialog.open(true)}>
            {t(`${section}.list.new`)}
          </Button>
        </Group>
      </Group>
      <ListViews
        entity={section}
        state={{
          filter: viewFilterOf(filters, fields.data ?? []),
          sort: viewSortOf(params, sort, order),
          columns: keptColumns(allKeys, shown),
          mode: null,
        }}
        views={views}
        columns={allColumns.map((column) => ({
          key: column.key,
          label: column.label,
          required: REQUIRED_COLUMNS.includes(column.key),
        }))}
        visibleColumns={shown}
      />
      <RecordFiltersBar
        filters={filters}
        onChange={setFilters}
        users={users.data ?? []}
        types={types.data ?? []}
        industries={entity === 'company' ? (industries.data ?? []) : undefined}
        fields={fields.data ?? []}
      />
      <RecordBulkBar
        entity={entity}
        records={chosen}
        users={users.data ?? []}
        onOutcome={onOutcome}
        onClear={() => {
          selection.clear();
          selection.setRowErrors(new Map());
        }}
      />
      {body()}
      <ListFooter
        shownText={t('contacts.list.shown', { count: records.length })}
        loadMoreLabel={t('contacts.list.loadMore')}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
      <Modal
        opened={dialog.opened}
        onClose={dialog.close}
        title={t(`${section}.list.newTitle`)}
        size="lg"
        centered
      >
        {entity === 'contact' ? (
          <NewContactDialog
            key={dialog.key}
            users={users.data ?? []}
            types={types.data ?? []}
            onClose={dialog.close}
          />
        ) : (
          <NewCompanyDialog
            key={dialog.key}
            users={users.data ?? []}
            types={types.data ?? []}
            industries={industries.data ?? []}
            onClose={dialog.close}
          />
        )}
      </Modal>
    </Stack>
  );
}

interface ColumnContext {
  locale: string;
  userName: (id: string | null) => string;
  typeName: (id: string | null) => string;
  industryName: (id: string | null) => string;
  listFields: CustomField[];
  users: readonly User[];
  timeZone: string | undefined;
}

function recordColumns(entity: RecordEntity, t: TFunction, ctx: ColumnContext): Column[] {
  const section = entity === 'contact' ? 'contacts' : 'companies';
  const name: Column = {
    key: 'name',
    label: t(`${section}.fields.name`),
    sort: 'name',
    cell: (record) => (
      <Text
        component={Link}
        to={`${ENTITIES[entity].section}/${record.id}`}
        size="sm"
        fw={500}
        c="indigo.8"
        style={{ wordBreak: 'break-word' }}
      >
        {record.name}
      </Text>
    ),
  };
  const phone: Column = {
    key: 'phone',
    label: t('contacts.channels.phones'),
    cell: (record) => <Text size="sm">{record.phones[0]?.value ?? ''}</Text>,
  };
  const email: Column = {
    key: 'email',
    label: t('contacts.channels.emails'),
    cell: (record) => <Text size="sm">{record.emails[0]?.value ?? ''}</Text>,
  };
  const type: Column = {
    key: 'type',
    label: t(`${section}.fields.type`),
    cell: (record) => ctx.typeName(record.typeId),
  };
  const responsible: Column = {
    key: 'responsible',
    label: t(`${section}.fields.responsible`),
    cell: (record) => ctx.userName(record.responsibleUserId),
  };
  const created: Column = {
    key: 'created',
    label: t('contacts.list.created'),
    sort: 'createdAt',
    cell: (record) => (
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDate(record.createdAt, ctx.locale)}
      </Text>
    ),
  };
  const updated: Column = {
    key: 'updated',
    label: t('contacts.list.updated'),
    sort: 'updatedAt',
    cell: (record) => (
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDate(record.updatedAt, ctx.locale)}
      </Text>
    ),
  };
  const custom: Column[] = ctx.listFields.map((field) => ({
    key: `cf:${field.id}`,
    label: field.name,
    sort: customSortable(field) ? (`cf:${field.id}` as const) : undefined,
    cell: (record) =>
      customFieldText(field, record.customFields[field.id], {
        locale: ctx.locale,
        timeZone: ctx.timeZone,
        userName: (id) => ctx.users.find((user) => user.id === id)?.name ?? null,
        yes: t('dealCard.yes'),
        no: t('dealCard.no'),
      }) ?? '',
  }));
  const own: Column[] =
    entity === 'contact'
      ? [
          name,
          {
            key: 'position',
            label: t('contacts.fields.position'),
            cell: (record) => ('position' in record ? (record.position ?? '') : ''),
          },
          phone,
          email,
          type,
          responsible,
        ]
      : [
          name,
          {
            key: 'inn',
            label: t('companies.fields.inn'),
            cell: (record) => ('inn' in record ? (record.inn ?? '') : ''),
          },
          phone,
          email,
          type,
          {
            key: 'industry',
            label: t('companies.fields.industry'),
            cell: (record) => ('industryId' in record ? ctx.industryName(record.industryId) : ''),
          },
          responsible,
        ];
  return [...own, ...custom, created, updated];
}

const customSortable = (field: CustomField) => !field.multiple && customFieldRegistry[field.type].sortable;
