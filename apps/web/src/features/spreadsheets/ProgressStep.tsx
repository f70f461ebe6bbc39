// Step 4: the import being written (followed every second: rows done, created / updated / skipped / failed),
// then its report — the rows not imported and why, page by page, and the whole report as CSV — and "Undo
// import", which deletes what it created and restores what it updated.
import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconDownload } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SpreadsheetImport } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { EmptyState } from '../../components/ui/EmptyState';
import { QueryError } from '../../components/ui/QueryError';
import { useErrorText } from '../../lib/errors';
import { downloadFile, reportCsvUrl, useReport, useUndo } from './api';
import { isActive, progressOf, reportOutcomeOf } from './mapping';

const COUNTERS = ['created', 'updated', 'skipped', 'failed'] as const;
const COUNTER_COLORS = { created: 'teal', updated: 'indigo', skipped: 'gray', failed: 'red' } as const;

export function ProgressStep({ item }: { item: SpreadsheetImport }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const undo = useUndo(item.id);
  const active = isActive(item.status);
  const finished = item.status === 'completed' || item.status === 'failed';
  const [downloading, setDownloading] = useState(false);

  const downloadReport = async () => {
    setDownloading(true);
    try {
      await downloadFile(reportCsvUrl(item.id), `import-report-${item.id}.csv`);
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Stack gap="md">
      <Paper withBorder p="md" aria-live="polite">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h4" data-testid="import-status">
              {t(`spreadsheets.progress.status.${item.status}`)}
            </Title>
            <Text size="sm" c="dimmed">
              {t('spreadsheets.progress.processed', {
                processed: item.processedRows,
                count: item.totalRows,
              })}
            </Text>
          </Group>
          <Progress
            value={item.status === 'undone' ? 100 : progressOf(item)}
            animated={active}
            color={item.status === 'failed' ? 'red' : item.status.startsWith('undo') ? 'gray' : 'indigo'}
            aria-label={t('spreadsheets.progress.label')}
          />
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {COUNTERS.map((counter) => (
              <Paper key={counter} withBorder p="sm" data-testid={`counter-${counter}`}>
                <Text size="xs" c="dimmed">
                  {t(`spreadsheets.progress.counters.${counter}`)}
                </Text>
                <Text size="xl" fw={600} c={`${COUNTER_COLORS[counter]}.8`}>
                  {item[counter]}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {item.status === 'failed' && item.error !== null && (
            <Alert color="red" variant="light" role="alert">
              {item.error}
            </Alert>
          )}
          <Group gap="sm">
            <Anchor component={Link} to={`/${item.entity}`} size="sm">
              {t(`spreadsheets.progress.open.${item.entity}`)}
            </Anchor>
          </Group>
        </Stack>
      </Paper>

      {(finished || item.status === 'undone' || item.status === 'undoing') && (
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            loading={downloading}
            onClick={() => void downloadReport()}
          >
            {t('spreadsheets.report.download')}
          </Button>
          {finished && (
            <ConfirmModal
              target={(open) => (
                <Button
                  variant="light"
                  color="red"
                  leftSection={<IconArrowBackUp size={16} aria-hidden />}
                  onClick={open}
                >
                  {t('spreadsheets.report.undo')}
                </Button>
              )}
              title={t('spreadsheets.report.undoTitle')}
              message={t('spreadsheets.report.undoMessage', {
                created: item.created,
                updated: item.updated,
              })}
              confirmLabel={t('spreadsheets.report.undoConfirm')}
              onConfirm={() => undo.mutateAsync()}
            />
          )}
        </Group>
      )}

      {(finished || item.status === 'undone' || item.status === 'undoing') && <Report item={item} />}
    </Stack>
  );
}

function Report({ item }: { item: SpreadsheetImport }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<'failed' | 'skipped'>(reportOutcomeOf(item));
  const report = useReport(item.id, outcome, true);
  const rows = report.data?.pages.flatMap((page) => page.items) ?? [];

  const body = () => {
    if (report.isError) return <QueryError error={report.error} onRetry={() => void report.refetch()} />;
    if (report.data === undefined) return null;
    if (rows.length === 0) return <EmptyState>{t(`spreadsheets.report.empty.${outcome}`)}</EmptyState>;
    return (
      <Paper withBorder>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label={t('spreadsheets.report.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={80}>{t('spreadsheets.report.row')}</Table.Th>
                <Table.Th w={120}>{t('spreadsheets.report.outcome')}</Table.Th>
                <Table.Th>{t('spreadsheets.report.reason')}</Table.Th>
                <Table.Th w={160}>{t('spreadsheets.report.record')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.row} data-testid="report-row">
                  <Table.Td>{row.row}</Table.Td>
                  <Table.Td>
                    <Badge color={row.outcome === 'failed' ? 'red' : 'gray'} variant="light">
                      {t(`spreadsheets.progress.counters.${row.outcome}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>
                    <Text size="sm">{row.reason ?? ''}</Text>
                  </Table.Td>
                  <Table.Td>
                    {row.recordId !== null && item.status !== 'undone' && (
                      <Anchor component={Link} to={`/${item.entity}/${row.recordId}`} size="sm">
                        {t('spreadsheets.report.open')}
                      </Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4">
          {t('spreadsheets.report.title')}
        </Title>
        <SegmentedControl
          aria-label={t('spreadsheets.report.outcome')}
          value={outcome}
          onChange={(value) => setOutcome(value === 'skipped' ? 'skipped' : 'failed')}
          data={[
            { value: 'failed', label: t('spreadsheets.report.failed', { count: item.failed }) },
            { value: 'skipped', label: t('spreadsheets.report.skipped', { count: item.skipped }) },
          ]}
        />
      </Group>
      {body()}
      {report.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={report.isFetchingNextPage}
            onClick={() => void report.fetchNextPage()}
          >
            {t('spreadsheets.report.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
