import { useEffect, useRef, useState } from 'react';
import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';

const SEARCH_DELAY = 300;

/**
 * The search box of a filter bar: applies the text as one stops typing (or at once on Enter). Any other
 * change of `value` (reset, back button, a saved view) replaces what is typed.
 */
export function SearchField({
  label,
  placeholder,
  value,
  onChange,
  width = 260,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (search: string) => void;
  width?: number;
}) {
  const [search, setSearch] = useState(value);
  // What this box last applied: any other change of `value` replaces the text.
  const applied = useRef(value);
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => {
    if (value !== applied.current) {
      applied.current = value;
      setSearch(value);
    }
  }, [value]);

  useEffect(() => {
    if (search === applied.current) return undefined;
    const timer = setTimeout(() => {
      applied.current = search;
      latest.current(search);
    }, SEARCH_DELAY);
    return () => clearTimeout(timer);
  }, [search]);

  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={search}
      onChange={(event) => setSearch(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          applied.current = search;
          latest.current(search);
        }
      }}
      w={width}
      size="sm"
    />
  );
}
