// Step 2: each column of the file — its header and first values — and the field it fills (a standard field,
// a custom field by its name, or nothing); what to do with rows that match an existing record, and how
// they are matched. Saving keeps the mapping for the next file with the same headers.
import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ColumnTarget, DuplicateKey, DuplicateRule, SpreadsheetImport } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useEntityCustomFields, useSaveMapping } from './api';
import {
  duplicateKeysOf,
  mappingErrorsByColumn,
  NONE,
  targetOf,
  targetOptions,
  targetValue,
} from './mapping';

const RULES: readonly DuplicateRule[] = ['skip', 'update', 'create'];

export function MappingStep({ item, onSaved }: { item: SpreadsheetImport; onSaved: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const fields = useEntityCustomFields(item.entity);
  const save = useSaveMapping(item.id);
  const [mapping, setMapping] = useState<ColumnTarget[]>(item.mapping);
  const [rule, setRule] = useState<DuplicateRule>(item.duplicateRule);
  const [keys, setKeys] = useState<DuplicateKey[]>(item.duplicateKeys);
  const [columnErrors, setColumnErrors] = useState<Map<number, string>>(new Map());
  const [message, setMessage] = useState<string | null>(null);
  const allowedKeys = duplicateKeysOf(item.entity);
  const nothingMapped = mapping.every((target) => target === null);

  const setTarget = (column: number, value: string | null) => {
    setMapping((current) => current.map((target, i) => (i === column ? targetOf(value) : target)));
    setColumnErrors((current) => {
      const next = new Map(current);
      next.delete(column);
      return next;
    });
  };

  const submit = () => {
    setMessage(null);
    save.mutate(
      { mapping, duplicateRule: rule, duplicateKeys: keys.filter((key) => allowedKeys.includes(key)) },
      {
        onSuccess: onSaved,
        onError: (error) => {
          if (isApiError(error) && Object.keys(error.fields).length > 0) {
            const byColumn = mappingErrorsByColumn(error.fields);
            const general = byColumn.get(-1);
            byColumn.delete(-1);
            setColumnErrors(byColumn);
            setMessage(general ?? (byColumn.size > 0 ? null : errorText(error)));
          } else setMessage(errorText(error));
        },
      },
    );
  };

  const options = (column: number) => {
    const { standard, custom } = targetOptions(item.entity, fields.data ?? [], mapping, column);
    return [
      { value: NONE, label: t('spreadsheets.mapping.none') },
      {
        group: t('spreadsheets.mapping.standard'),
        items: standard.map((option) => ({
          value: option.value,
          label: t(`spreadsheets.fields.${option.field ?? 'name'}`),
          disabled: option.disabled,
        })),
      },
      ...(custom.length > 0
        ? [
            {
              group: t('spreadsheets.mapping.custom'),
              items: custom.map((option) => ({
                value: option.value,
                label: option.name ?? '',
                disabled: option.disabled,
              })),
            },
          ]
        : []),
    ];
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {item.format === 'csv'
          ? t('spreadsheets.mapping.csvRead', {
              encoding: item.encoding === 'windows-1251' ? 'Windows-1251' : 'UTF-8',
              delimiter: item.delimiter === '\t' ? t('spreadsheets.mapping.tab') : (item.delimiter ?? ','),
            })
          : t('spreadsheets.mapping.xlsxRead')}{' '}
        {item.mappingSource === 'saved'
          ? t('spreadsheets.mapping.saved')
          : item.mappingSource === 'guessed'
            ? t('spreadsheets.mapping.guessed')
            : null}
      </Text>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={t('spreadsheets.mapping.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('spreadsheets.mapping.column')}</Table.Th>
                <Table.Th>{t('spreadsheets.mapping.samples')}</Table.Th>
                <Table.Th w={300}>{t('spreadsheets.mapping.target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {item.columns.map((column) => (
                <Table.Tr key={column.index} data-testid="mapping-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {column.header || t('spreadsheets.mapping.unnamed', { number: column.index + 1 })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={2} style={{ wordBreak: 'break-word' }}>
                      {column.samples.join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('spreadsheets.mapping.targetOf', {
                        header: column.header || String(column.index + 1),
                      })}
                      data={options(column.index)}
                      value={targetValue(mapping[column.index] ?? null)}
                      onChange={(value) => setTarget(column.index, typeof value === 'string' ? value : null)}
                      allowDeselect={false}
                      searchable
                      error={columnErrors.get(column.index)}
                      comboboxProps={{ withinPortal: true }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('spreadsheets.mapping.duplicates')}
          </Title>
          <Radio.Group
            value={rule}
            onChange={(value) => setRule(RULES.find((r) => r === value) ?? 'skip')}
            label={t('spreadsheets.mapping.rule')}
          >
            <Stack gap={6} mt={6}>
              {RULES.map((value) => (
                <Radio key={value} value={value} label={t(`spreadsheets.mapping.rules.${value}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <Checkbox.Group
            value={keys}
            onChange={(value) => setKeys(allowedKeys.filter((key) => value.includes(key)))}
            label={t('spreadsheets.mapping.keys')}
            description={rule === 'create' ? t('spreadsheets.mapping.keysUnused') : undefined}
          >
            <Group gap="lg" mt={6}>
              {allowedKeys.map((key) => (
                <Checkbox
                  key={key}
                  value={key}
                  label={t(`spreadsheets.mapping.keyNames.${key}`)}
                  disabled={rule === 'create'}
                />
              ))}
            </Group>
          </Checkbox.Group>
        </Stack>
      </Paper>

      {nothingMapped && (
        <Alert color="yellow" variant="light">
          {t('spreadsheets.mapping.nothingMapped')}
        </Alert>
      )}
      <ErrorAlert message={message} />
      <Group justify="flex-end">
        <Button onClick={submit} loading={save.isPending} disabled={nothingMapped}>
          {t('spreadsheets.mapping.next')}
        </Button>
      </Group>
    </Stack>
  );
}
