// Search, responsible, type (and industry for companies) and the custom fields marked "show in filter";
// shared by the contact and company lists. The search applies as one stops typing.
import { useEffect, useRef, useState } from 'react';
import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomField, ReferenceListItem, User } from '@voronka/contracts';
import { customFilterKind, EMPTY_FILTERS, hasFilters, type RecordFilters } from './filters';

const SEARCH_DELAY = 300;

export function RecordFiltersBar({
  filters,
  onChange,
  users,
  types,
  industries,
  fields,
}: {
  filters: RecordFilters;
  onChange: (filters: RecordFilters) => void;
  users: readonly User[];
  types: readonly ReferenceListItem[];
  /** Companies only. */
  industries?: readonly ReferenceListItem[];
  fields: readonly CustomField[];
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

  const setCustom = (id: string, values: string[]) => {
    const { [id]: _removed, ...rest } = filters.custom;
    onChange({ ...filters, custom: values.length === 0 ? rest : { ...rest, [id]: values } });
  };
  const itemOptions = (items: readonly ReferenceListItem[], current: string | null) =>
    items
      .filter((item) => !item.archived || item.id === current)
      .map((item) => ({ value: item.id, label: item.name }));

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('contacts.list.filters')}>
      <TextInput
        label={t('contacts.list.search')}
        placeholder={t('contacts.list.searchPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            applied.current = search;
            onChange({ ...filters, search });
          }
        }}
        w={280}
      />
      <Select
        label={t('contacts.fields.responsible')}
        placeholder={t('contacts.list.anyone')}
        data={users
          .filter((user) => user.active || filters.responsible.includes(user.id))
          .map((user) => ({ value: user.id, label: user.name }))}
        value={filters.responsible[0] ?? null}
        onChange={(value) => onChange({ ...filters, responsible: value === null ? [] : [value] })}
        searchable
        clearable
        w={220}
      />
      <Select
        label={t('contacts.fields.type')}
        placeholder={t('contacts.list.any')}
        data={itemOptions(types, filters.typeId)}
        value={filters.typeId}
        onChange={(typeId) => onChange({ ...filters, typeId })}
        clearable
        w={180}
      />
      {industries !== undefined && (
        <Select
          label={t('companies.fields.industry')}
          placeholder={t('contacts.list.any')}
          data={itemOptions(industries, filters.industryId)}
          value={filters.industryId}
          onChange={(industryId) => onChange({ ...filters, industryId })}
          clearable
          searchable
          w={200}
        />
      )}
      {fields.map((field) => {
        const kind = customFilterKind(field);
        const values = [...(filters.custom[field.id] ?? [])];
        if (kind === 'choices') {
          const data =
            field.type === 'list'
              ? field.settings.options.map((option) => ({ value: option.id, label: option.label }))
              : users.map((user) => ({ value: user.id, label: user.name }));
          return (
            <MultiSelect
              key={field.id}
              label={field.name}
              placeholder={values.length === 0 ? t('contacts.list.any') : undefined}
              data={data}
              value={values}
              onChange={(next) => setCustom(field.id, next)}
              clearable
              searchable
              w={220}
            />
          );
        }
        if (kind === 'boolean')
          return (
            <Select
              key={field.id}
              label={field.name}
              placeholder={t('contacts.list.any')}
              data={[
                { value: 'true', label: t('dealCard.yes') },
                { value: 'false', label: t('dealCard.no') },
              ]}
              value={values[0] ?? null}
              onChange={(next) => setCustom(field.id, next === null ? [] : [next])}
              clearable
              w={140}
            />
          );
        if (kind === 'text')
          return (
            <CustomTextFilter
              key={field.id}
              label={field.name}
              value={values.join(',')}
              onChange={(text) => setCustom(field.id, text.trim() === '' ? [] : [text])}
            />
          );
        return null;
      })}
      {hasFilters(filters) && (
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => {
            applied.current = '';
            setSearch('');
            onChange(EMPTY_FILTERS);
          }}
        >
          {t('contacts.list.resetFilters')}
        </Button>
      )}
    </Group>
  );
}

/** A text condition on a custom field, applied on Enter or when the input is left. */
function CustomTextFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => {
    if (text !== value) onChange(text);
  };
  return (
    <TextInput
      label={label}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(event) => {
        if (event.key === 'Enter') apply();
      }}
      w={180}
    />
  );
}
