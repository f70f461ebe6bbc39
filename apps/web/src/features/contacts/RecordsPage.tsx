// The contact and company lists (CORE-4, CORE-9): search, filters and sort in the address, keyset pages
// behind "Load more", the custom fields marked "show in list" as columns, bulk responsible / delete, and
// "New contact" / "New company". Realtime events refresh the pages loaded.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import {
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconSelector } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
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
import { EmptyState } from '../../components/ui/EmptyState';
import { QueryError } from '../../components/ui/QueryError';
import { useDialog } from '../../components/ui/useDialog';
import { useLocale } from '../../i18n/useLocale';
import { formatDate } from '../../lib/format';
import { useReferenceItems } from '../deals/card/api';
import { useAccountSettings, useUsers } from '../settings/api';
import { customFieldText } from '../timeline/fieldText';
import { NewCompanyDialog } from '../companies/NewCompanyDialog';
import { ENTITIES, useRecordCustomFields, useRecordList, type RecordEntity } from './api';
import {
  hasFilters,
  nextSort,
  readFilters,
  readSort,
  writeFilters,
  type RecordFilters,
  type RecordSort,
} from './filters';
import { NewContactDialog } from './NewContactDialog';
import { RecordBulkBar, type BulkOutcome } from './RecordBulkBar';
import { RecordFiltersBar } from './RecordFiltersBar';

type Row = Contact | Company;

interface Column {
  key: string;
  label: string;
  sort?: RecordSort;
  cell: (record: Row) => ReactNode;
}

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
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rowErrors, setRowErrors] = useState<ReadonlyMap<string, string>>(new Map());

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
  const chosen = records.filter((record) => selected.has(record.id));
  const allSelected = records.length > 0 && records.every((record) => selected.has(record.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const userName = (id: string | null) => users.data?.find((user) => user.id === id)?.name ?? '';
  const itemName = (items: readonly ReferenceListItem[] | undefined, id: string | null) =>
    items?.find((item) => item.id === id)?.name ?? '';
  const columns = recordColumns(entity, t, {
    locale,
    userName,
    typeName: (id) => itemName(types.data, id),
    industryName: (id) => itemName(industries.data, id),
    listFields: (fields.data ?? []).filter((field) => field.showInList),
    users: users.data ?? [],
    timeZone: account.data?.timezone,
  });

  const onOutcome = (outcome: BulkOutcome) => {
    setRowErrors(outcome.failed);
    setSelected(new Set(outcome.failed.keys()));
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
      <Paper withBorder style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
        <Table.ScrollContainer minWidth={960}>
          <Table
            verticalSpacing="xs"
            horizontalSpacing="sm"
            highlightOnHover
            aria-label={t(`${section}.list.label`)}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label={t('contacts.list.selectAll')}
                    checked={allSelected}
                    indeterminate={chosen.length > 0 && !allSelected}
                    onChange={() =>
                      setSelected(allSelected ? new Set() : new Set(records.map((record) => record.id)))
                    }
                  />
                </Table.Th>
                {columns.map((column) => (
                  <SortHeader key={column.key} column={column} sort={sort} order={order} onSort={onSort} />
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {records.map((record) => (
                <Table.Tr
                  key={record.id}
                  data-testid="record-row"
                  bg={selected.has(record.id) ? 'var(--mantine-color-indigo-0)' : undefined}
                >
                  <Table.Td>
                    <Checkbox
                      aria-label={t('contacts.list.select', { name: record.name })}
                      checked={selected.has(record.id)}
                      onChange={() => toggle(record.id)}
                    />
                  </Table.Td>
                  {columns.map((column, index) => (
                    <Table.Td key={column.key} maw={index === 0 ? 320 : undefined}>
                      {column.cell(record)}
                      {index === 0 && rowErrors.has(record.id) && (
                        <Text size="xs" c="red" data-testid="row-error">
                          {rowErrors.get(record.id)}
                        </Text>
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {t(`nav.${section}`)}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => dialog.open(true)}>
          {t(`${section}.list.new`)}
        </Button>
      </Group>
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
          setSelected(new Set());
          setRowErrors(new Map());
        }}
      />
      {body()}
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="list-shown">
          {t('contacts.list.shown', { count: records.length })}
        </Text>
        {list.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('contacts.list.loadMore')}
          </Button>
        )}
      </Group>
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

function SortHeader({
  column,
  sort,
  order,
  onSort,
}: {
  column: Column;
  sort: RecordSort;
  order: 'asc' | 'desc';
  onSort: (sort: RecordSort) => void;
}) {
  if (column.sort === undefined) return <Table.Th style={{ whiteSpace: 'nowrap' }}>{column.label}</Table.Th>;
  const key = column.sort;
  const active = sort === key;
  const Icon = !active ? IconSelector : order === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      style={{ whiteSpace: 'nowrap' }}
    >
      <UnstyledButton onClick={() => onSort(key)} fw={700} fz="sm">
        <Group gap={4} wrap="nowrap">
          {column.label}
          <Icon size={14} aria-hidden color={active ? undefined : 'var(--mantine-color-gray-5)'} />
        </Group>
      </UnstyledButton>
    </Table.Th>
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
    key: field.id,
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
