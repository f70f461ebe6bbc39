import { useEffect, useRef, useState } from 'react';
import { Button, Checkbox, Group, MultiSelect, TagsInput, TextInput } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { User } from '@voronka/contracts';
import { EMPTY_FILTERS, hasFilters, type DealFilters } from './filters';

const SEARCH_DELAY = 300;

/** Search, responsible, tags and the task markers; shared by the kanban and the list. */
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

  const userOptions = users
    .filter((user) => user.active || filters.responsible.includes(user.id))
    .map((user) => ({ value: user.id, label: user.name }));

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('deals.common.filters')}>
      <TextInput
        label={t('deals.common.search')}
        placeholder={t('deals.common.searchPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            applied.current = search;
            onChange({ ...filters, search });
          }
        }}
        w={260}
        size="sm"
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
          {t('deals.common.resetFilters')}
        </Button>
      )}
    </Group>
  );
}
