import { Checkbox, Group, MultiSelect, TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { User } from '@voronka/contracts';
import { DayRangeFilter, ResetFiltersButton, SearchField } from '../../components/list';
import { EMPTY_FILTERS, hasFilters, type DealFilters } from './filters';

/** Search, responsible, tags, the close date's range and the task markers; shared by the kanban and the list. */
export function DealFiltersBar({
  filters,
  onChange,
  users,
  tagSuggestions,
}: {
  filters: DealFilters;
  onChange: (filters: DealFilters) => void;
  users: readonly User[];
  tagSuggestions: readonly string[];
}) {
  const { t } = useTranslation();

  const userOptions = users
    .filter((user) => user.active || filters.responsible.includes(user.id))
    .map((user) => ({ value: user.id, label: user.name }));

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('deals.common.filters')}>
      <SearchField
        label={t('deals.common.search')}
        placeholder={t('deals.common.searchPlaceholder')}
        value={filters.search}
        onChange={(search) => onChange({ ...filters, search })}
      />
      <MultiSelect
        label={t('deals.common.responsible')}
        placeholder={filters.responsible.length === 0 ? t('deals.common.anyone') : undefined}
        data={userOptions}
        value={filters.responsible}
        onChange={(responsible) => onChange({ ...filters, responsible })}
        searchable
        clearable
        w={240}
        size="sm"
        maxDropdownHeight={280}
      />
      <TagsInput
        label={t('deals.common.tags')}
        placeholder={filters.tags.length === 0 ? t('deals.common.anyTag') : undefined}
        data={[...tagSuggestions]}
        value={filters.tags}
        onChange={(tags) => onChange({ ...filters, tags })}
        clearable
        w={220}
        size="sm"
      />
      <DayRangeFilter
        fromLabel={t('deals.common.closeDateFrom')}
        toLabel={t('deals.common.closeDateTo')}
        from={filters.closeDateFrom}
        to={filters.closeDateTo}
        onChange={({ from, to }) => onChange({ ...filters, closeDateFrom: from, closeDateTo: to })}
      />
      <Group gap="md" pb={8}>
        <Checkbox
          label={t('deals.common.noTask')}
          checked={filters.noTask}
          onChange={(event) => onChange({ ...filters, noTask: event.currentTarget.checked })}
        />
        <Checkbox
          label={t('deals.common.overdueTask')}
          checked={filters.overdue}
          onChange={(event) => onChange({ ...filters, overdue: event.currentTarget.checked })}
        />
      </Group>
      <ResetFiltersButton
        label={t('deals.common.resetFilters')}
        visible={hasFilters(filters)}
        onReset={() => onChange(EMPTY_FILTERS)}
      />
    </Group>
  );
}
