// Step 3: the first rows as the import would write them (nothing is written yet): the mapped columns' cells,
// each cell the server refuses highlighted with its reason, the row's own problems, and the existing record
// a row matches. Then "Start import".
import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SpreadsheetImport } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { QueryError } from '../../components/ui/QueryError';
import { api } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { PREVIEW_ROWS, usePreview, useStart } from './api';
import { mappedColumns, rowErrors } from './mapping';

/** The names of the records rows match, for the links (a missing one shows as "existing record"). */
function useRecordNames(entity: SpreadsheetImport['entity'], ids: readonly string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['spreadsheet-imports', 'record-name', entity, id],
      queryFn: () => api.get<{ name: string }>(`/api/${entity}/${id}`),
      staleTime: 60_000,
      retry: false,
    })),
  });
  return new Map(ids.map((id, i) => [id, results[i]?.data?.name]));
}

export function PreviewStep({ item, onBack }: { item: SpreadsheetImport; onBack: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const preview = usePreview(item.id, true);
  const start = useStart(item.id);
  const rows = preview.data?.rows ?? [];
  const columns = mappedColumns(item.mapping);
  const duplicateIds = [...new Set(rows.flatMap((row) => (row.duplicateOf ? [row.duplicateOf] : [])))];
  const names = useRecordNames(item.entity, duplicateIds);
  const withErrors = rows.filter((row) => row.errors.length > 0).length;
  const duplicates = rows.filter((row) => row.duplicateOf !== null).length;

  const table = () => {
    if (preview.isError) return <QueryError error={preview.error} onRetry={() => void preview.refetch()} />;
    if (preview.data === undefined) return <Skeleton h={240} />;
    return (
      <Paper withBorder>
        <Table.ScrollContainer minWidth={Math.max(720, 180 * columns.length + 320)}>
          <Table verticalSpacing="xs" horizontalSpacing="sm" aria-label={t('spreadsheets.preview.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={64}>{t('spreadsheets.preview.row')}</Table.Th>
                {columns.map((column) => (
                  <Table.Th key={column}>{item.columns[column]?.header ?? column + 1}</Table.Th>
                ))}
                <Table.Th>{t('spreadsheets.preview.problems')}</Table.Th>
                <Table.Th>{t('spreadsheets.preview.matches')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const errors = rowErrors(row);
                return (
                  <Table.Tr key={row.row} data-testid="preview-row" data-row={row.row}>
                    <Table.Td>{row.row}</Table.Td>
                    {columns.map((column) => {
                      const reasons = errors.cells.get(column);
                      return (
                        <Table.Td
                          key={column}
                          data-invalid={reasons !== undefined || undefined}
                          bg={reasons !== undefined ? 'red.0' : undefined}
                          style={{ wordBreak: 'break-word' }}
                        >
                          <Text size="sm" c={reasons !== undefined ? 'red.9' : undefined}>
                            {row.cells[column] ?? ''}
                          </Text>
                          {reasons !== undefined && (
                            <Text size="xs" c="red.8" role="note">
                              {reasons.join('; ')}
                            </Text>
                          )}
                        </Table.Td>
                      );
                    })}
                    <Table.Td>
                      {errors.row.length > 0 ? (
                        <Text size="xs" c="red.8">
                          {errors.row.join('; ')}
                        </Text>
                      ) : row.errors.length === 0 ? (
                        <Text size="xs" c="teal.8">
                          {t('spreadsheets.preview.ok')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {row.duplicateOf !== null && (
                        <Anchor component={Link} to={`/${item.entity}/${row.duplicateOf}`} size="sm">
                          {names.get(row.duplicateOf) ?? t('spreadsheets.preview.existing')}
                        </Anchor>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('spreadsheets.preview.description', { count: Math.min(PREVIEW_ROWS, item.totalRows) })}
      </Text>
      {preview.data !== undefined && (withErrors > 0 || duplicates > 0) && (
        <Alert color={withErrors > 0 ? 'yellow' : 'blue'} variant="light">
          {[
            withErrors > 0 ? t('spreadsheets.preview.withErrors', { count: withErrors }) : null,
            duplicates > 0
              ? t(`spreadsheets.preview.duplicates.${item.duplicateRule}`, { count: duplicates })
              : null,
          ]
            .filter(Boolean)
            .join(' ')}
        </Alert>
      )}
      {table()}
      <ErrorAlert message={start.isError ? errorText(start.error) : null} />
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('spreadsheets.preview.back')}
        </Button>
        <Button
          onClick={() => start.mutate()}
          loading={start.isPending}
          disabled={preview.data === undefined}
        >
          {t('spreadsheets.preview.start', { count: item.totalRows })}
        </Button>
      </Group>
    </Stack>
  );
}
