// A select that searches the server as the user types (companies, contacts, products): the options are the
// first matches of the words typed; the chosen record stays listed so its name shows.
import { useState } from 'react';
import { Loader, Select, type OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

export interface RecordOption {
  value: string;
  label: string;
}

// The server has filtered already.
const passAll: OptionsFilter = ({ options }) => options;

export function RecordSelect<T>({
  kind,
  label,
  value,
  onChange,
  search,
  toOption,
  error,
  placeholder,
  clearable = true,
  autoFocus,
  exclude,
  size,
  resetOnSelect = false,
  withinPortal = true,
}: {
  /** Names the search in the cache: `company`, `contact`, `product`. */
  kind: string;
  label: string;
  value: RecordOption | null;
  onChange: (option: RecordOption | null, record: T | null) => void;
  search: (words: string) => Promise<T[]>;
  toOption: (record: T) => RecordOption;
  error?: React.ReactNode;
  placeholder?: string;
  clearable?: boolean;
  autoFocus?: boolean;
  /** Records not to offer (already chosen). */
  exclude?: readonly string[];
  size?: 'xs' | 'sm';
  /** Empties the input after a choice (a picker that adds to a list). */
  resetOnSelect?: boolean;
  /** False inside a dialog, so the options stay in the dialog (and visible to assistive technology). */
  withinPortal?: boolean;
}) {
  const { t } = useTranslation();
  const [searchValue, setSearchValue] = useState(value?.label ?? '');
  // While the field shows the chosen record's name, list the first records rather than that name's matches.
  const words = searchValue === (value?.label ?? '') ? '' : searchValue;
  const [debounced] = useDebouncedValue(words, 250);
  const results = useQuery({
    queryKey: ['search', kind, debounced],
    queryFn: () => search(debounced),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const records = results.data ?? [];
  const options = records.map(toOption).filter((option) => !exclude?.includes(option.value));
  if (value !== null && !options.some((option) => option.value === value.value)) options.unshift(value);

  return (
    <Select
      label={label}
      size={size}
      placeholder={placeholder ?? t('dealCard.searchPlaceholder')}
      searchable
      clearable={clearable}
      autoFocus={autoFocus}
      data={options}
      value={value?.value ?? null}
      searchValue={searchValue}
      onSearchChange={setSearchValue}
      filter={passAll}
      error={error}
      nothingFoundMessage={results.isFetching ? t('app.loading') : t('dealCard.nothingFound')}
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
      comboboxProps={{ withinPortal }}
      onChange={(id) => {
        if (id === null) {
          onChange(null, null);
          return;
        }
        const record = records.find((candidate) => toOption(candidate).value === id) ?? null;
        const option = options.find((candidate) => candidate.value === id) ?? null;
        onChange(option, record);
        // After the select has put the chosen label in the input.
        if (resetOnSelect) setTimeout(() => setSearchValue(''), 0);
      }}
    />
  );
}
