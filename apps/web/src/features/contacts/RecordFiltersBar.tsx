// Search, responsible users, type (and industry for companies) and the custom fields marked "show in
// filter"; shared by the contact and company lists. The search applies as one stops typing.
import { useEffect, useState } from 'react';
import { Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomField, ReferenceListItem, User } from '@voronka/contracts';
import { ResetFiltersButton, SearchField } from '../../components/list';
import { customFilterKind, EMPTY_FILTERS, hasFilters, type RecordFilters } from './filters';

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
      <SearchField
        label={t('contacts.list.search')}
        placeholder={t('contacts.list.searchPlaceholder')}
        value={filters.search}
        onChange={(search) => onChange({ ...filters, search })}
        width={280}
      />
      <MultiSelect
        label={t('contacts.fields.responsible')}
        placeholder={filters.responsible.length === 0 ? t('contacts.list.anyone') : undefined}
        data={users
          .filter((user) => user.active || filters.responsible.includes(user.id))
          .map((user) => ({ value: user.id, label: user.name }))}
        value={filters.responsible}
        onChange={(responsible) => onChange({ ...filters, responsible })}
        searchable
        clearable
        w={240}
        maxDropdownHeight={280}
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
      <ResetFiltersButton
        label={t('contacts.list.resetFilters')}
        visible={hasFilters(filters)}
        onReset={() => onChange(EMPTY_FILTERS)}
      />
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
