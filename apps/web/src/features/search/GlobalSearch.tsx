import { useEffect, useRef, useState } from 'react';
import {
  Box,
  Combobox,
  Group,
  Kbd,
  Loader,
  Text,
  TextInput,
  VisuallyHidden,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/useLocale';
import { useErrorText } from '../../lib/errors';
import { formatMoney } from '../deals/money';
import { useGlobalSearch } from './api';

const DELAY = 250;

/**
 * The header's search across deals, contacts, companies and leads: results grouped by entity as you type
 * (debounced), ↑ ↓ to move, Enter to open the card, Escape to close; Ctrl+K (⌘K) or "/" puts the cursor in.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), DELAY);
  const search = useGlobalSearch(debounced);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  const focus = () => {
    inputRef.current?.focus();
    inputRef.current?.select();
  };
  // "/" only outside inputs (it is typed there); Ctrl+K anywhere.
  useHotkeys([['/', focus]]);
  useHotkeys([['mod+K', focus]], []);

  const groups = search.data?.groups.filter((group) => group.items.length > 0) ?? [];
  const total = groups.reduce((sum, group) => sum + group.items.length, 0);
  const current = debounced !== '' && text.trim() === debounced && !search.isPlaceholderData;

  // The first result is chosen as soon as results arrive, so Enter opens it.
  useEffect(() => {
    if (current && total > 0) combobox.selectFirstOption();
  }, [search.data, current, total]);

  const open = (value: string) => {
    // The option's value is `<entity>:<id>`; the entity is the card's section (/deals/:id, /contacts/:id…).
    const [entity, id] = value.split(':');
    if (entity === undefined || id === undefined) return;
    combobox.closeDropdown();
    setText('');
    inputRef.current?.blur();
    void navigate(`/${entity}/${id}`);
  };

  const status = () => {
    if (search.isError) return errorText(search.error);
    if (!current || search.isFetching) return t('search.searching');
    if (total === 0) return t('search.nothing');
    return null;
  };
  const message = debounced === '' ? null : status();

  return (
    <Box style={{ flex: 1, maxWidth: 440 }} mx="md" visibleFrom="xs">
      <Combobox store={combobox} onOptionSubmit={open} withinPortal position="bottom-start">
        <Combobox.Target>
          <TextInput
            ref={inputRef}
            aria-label={t('search.label')}
            placeholder={t('search.placeholder')}
            leftSection={<IconSearch size={16} />}
            rightSection={
              search.isFetching && debounced !== '' ? (
                <Loader size={14} />
              ) : text === '' ? (
                <Kbd size="xs" visibleFrom="md">
                  /
                </Kbd>
              ) : undefined
            }
            value={text}
            onChange={(event) => {
              setText(event.currentTarget.value);
              combobox.openDropdown();
            }}
            onFocus={() => {
              if (text.trim() !== '') combobox.openDropdown();
            }}
            onBlur={() => combobox.closeDropdown()}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                combobox.closeDropdown();
                inputRef.current?.blur();
              }
            }}
            size="sm"
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={text.trim() === ''} miw={380}>
          <Combobox.Options mah={480} style={{ overflowY: 'auto' }} aria-label={t('search.label')}>
            {message !== null && <Combobox.Empty>{message}</Combobox.Empty>}
            {message === null &&
              groups.map((group) => (
                <Combobox.Group key={group.entity} label={t(`search.groups.${group.entity}`)}>
                  {group.items.map((hit) => (
                    <Combobox.Option key={hit.id} value={`${hit.entity}:${hit.id}`} data-testid="search-hit">
                      <Group justify="space-between" wrap="nowrap" gap="sm">
                        <Box miw={0}>
                          <Text size="sm" fw={500} truncate>
                            {hit.title}
                          </Text>
                          {hit.subtitle !== null && (
                            <Text size="xs" c="dimmed" truncate>
                              {hit.subtitle}
                            </Text>
                          )}
                        </Box>
                        {hit.amount !== null && hit.currency !== null && (
                          <Text size="xs" style={{ whiteSpace: 'nowrap', opacity: 0.75 }}>
                            {formatMoney(hit.amount, hit.currency, locale)}
                          </Text>
                        )}
                      </Group>
                    </Combobox.Option>
                  ))}
                  {group.more && (
                    <Text size="xs" c="dimmed" px="sm" pb={4}>
                      {t('search.more')}
                    </Text>
                  )}
                </Combobox.Group>
              ))}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      <VisuallyHidden aria-live="polite">
        {current && !search.isFetching && debounced !== '' ? t('search.results', { count: total }) : ''}
      </VisuallyHidden>
    </Box>
  );
}
