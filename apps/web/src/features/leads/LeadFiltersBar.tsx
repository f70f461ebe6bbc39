import { useEffect, useRef, useState } from 'react';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LeadStatus, ReferenceListItem, User } from '@voronka/contracts';
import { EMPTY_FILTERS, hasFilters, type LeadFilters } from './filters';

const SEARCH_DELAY = 300;

/** Search, status, responsible, source and the creation period; shared by the list and the calendar. */
export function LeadFiltersBar({
  filters,
  onChange,
  statuses,
  users,
  sources,
  withPeriod = true,
}: {
  filters: LeadFilters;
  onChange: (filters: LeadFilters) => void;
  statuses: readonly LeadStatus[];
  users: readonly User[];
  sources: readonly ReferenceListItem[];
  /** The calendar picks its own period. */
  withPeriod?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.search);
  // What this bar last put in the URL: any other change of it (reset, back button) replaces the text.
  const applied = useRef(filters.search);
  const latest = useRef(filters);
  latest.current = filters;

  useEffect(() => {
    if (filters.search !== applied.current) {
      applied.current = filters.search;
      setSearch(filters.search);
    }
  }, [filters.search]);

  useEffect(() => {
    if (search === applied.current) return undefined;
    const timer = setTimeout(() => {
      applied.current = search;
      onChange({ ...latest.current, search });
    }, SEARCH_DELAY);
    return () => clearTimeout(timer);
  }, [search, onChange]);

  const statusOptions = [
    { value: 'open', label: t('leads.filters.allOpen') },
    ...statuses.map((status) => ({ value: status.id, label: status.name })),
  ];
  const userOptions = users
    .filter((user) => user.active || user.id === filters.responsible)
    .map((user) => ({ value: user.id, label: user.name }));
  const sourceOptions = sources
    .filter((item) => !item.archived || item.id === filters.source)
    .map((item) => ({ value: item.id, label: item.name }));

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('leads.filters.label')}>
      <TextInput
        label={t('leads.filters.search')}
        placeholder={t('leads.filters.searchPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            applied.current = search;
            onChange({ ...filters, search });
          }
        }}
        w={240}
        size="sm"
      />
      <Select
        label={t('leads.fields.status')}
        placeholder={t('leads.filters.any')}
        data={statusOptions}
        value={filters.status === '' ? null : filters.status}
        onChange={(status) => onChange({ ...filters, status: status ?? '' })}
        clearable
        w={190}
        size="sm"
      />
      <Select
        label={t('leads.fields.responsible')}
        placeholder={t('leads.filters.anyone')}
        data={userOptions}
        value={filters.responsible === '' ? null : filters.responsible}
        onChange={(responsible) => onChange({ ...filters, responsible: responsible ?? '' })}
        searchable
        clearable
        w={200}
        size="sm"
      />
      <Select
        label={t('leads.fields.source')}
        placeholder={t('leads.filters.any')}
        data={sourceOptions}
        value={filters.source === '' ? null : filters.source}
        onChange={(source) => onChange({ ...filters, source: source ?? '' })}
        searchable
        clearable
        w={180}
        size="sm"
      />
      {withPeriod && (
        <>
          <TextInput
            type="date"
            label={t('leads.filters.createdFrom')}
            value={filters.createdFrom}
            onChange={(event) => onChange({ ...filters, createdFrom: event.currentTarget.value })}
            w={150}
            size="sm"
          />
          <TextInput
            type="date"
            label={t('leads.filters.createdTo')}
            value={filters.createdTo}
            onChange={(event) => onChange({ ...filters, createdTo: event.currentTarget.value })}
            w={150}
            size="sm"
          />
        </>
      )}
      {hasFilters(filters) && (
        <Button
          variant="subtle"
          color="gray"
          size="sm"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => {
            applied.current = '';
            setSearch('');
            onChange(EMPTY_FILTERS);
          }}
        >
          {t('leads.filters.reset')}
        </Button>
      )}
    </Group>
  );
}
