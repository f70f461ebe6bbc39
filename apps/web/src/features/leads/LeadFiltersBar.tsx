import { Group, MultiSelect, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LeadStatus, ReferenceListItem, User } from '@voronka/contracts';
import { DayRangeFilter, ResetFiltersButton, SearchField } from '../../components/list';
import { EMPTY_FILTERS, hasFilters, type LeadFilters } from './filters';

/** Search, status, responsible users, source and the creation period; shared by the list and the calendar. */
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

  const statusOptions = [
    { value: 'open', label: t('leads.filters.allOpen') },
    ...statuses.map((status) => ({ value: status.id, label: status.name })),
  ];
  const userOptions = users
    .filter((user) => user.active || filters.responsible.includes(user.id))
    .map((user) => ({ value: user.id, label: user.name }));
  const sourceOptions = sources
    .filter((item) => !item.archived || item.id === filters.source)
    .map((item) => ({ value: item.id, label: item.name }));

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('leads.filters.label')}>
      <SearchField
        label={t('leads.filters.search')}
        placeholder={t('leads.filters.searchPlaceholder')}
        value={filters.search}
        onChange={(search) => onChange({ ...filters, search })}
        width={240}
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
      <MultiSelect
        label={t('leads.fields.responsible')}
        placeholder={filters.responsible.length === 0 ? t('leads.filters.anyone') : undefined}
        data={userOptions}
        value={filters.responsible}
        onChange={(responsible) => onChange({ ...filters, responsible })}
        searchable
        clearable
        w={240}
        size="sm"
        maxDropdownHeight={280}
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
        <DayRangeFilter
          fromLabel={t('leads.filters.createdFrom')}
          toLabel={t('leads.filters.createdTo')}
          from={filters.createdFrom}
          to={filters.createdTo}
          onChange={({ from, to }) => onChange({ ...filters, createdFrom: from, createdTo: to })}
        />
      )}
      <ResetFiltersButton
        label={t('leads.filters.reset')}
        visible={hasFilters(filters)}
        onReset={() => onChange(EMPTY_FILTERS)}
      />
    </Group>
  );
}
